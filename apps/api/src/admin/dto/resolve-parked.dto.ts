import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** Body of `POST /v1/admin/parked/{id}/resolve`: why the operator settles the event by hand (kept for the audit). */
export class ResolveParkedDto {
  @ApiProperty({
    description: 'why the event is settled by hand (kept forever with the record)',
    example: 'UC 9999 never existed: allocation corrected by a new rateio',
    maxLength: 1000,
  })
  @IsString()
  @Matches(/\S/, { message: 'reason não pode ficar em branco' })
  @MaxLength(1000)
  reason!: string;
}
