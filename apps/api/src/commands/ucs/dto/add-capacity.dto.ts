import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';

/** Body of POST /v1/ucs/{ucId}/capacity (AddCapacity). */
export class AddCapacityDto {
  @ApiProperty({
    example: '20',
    pattern: Format.kw.source,
    description: 'kW added; the tranche keeps its own class (R16).',
  })
  @IsString()
  @Matches(Format.kw, { message: FormatMessage.kw })
  addedKw!: string;

  @ApiProperty({ example: '2024-06-01', pattern: Format.date.source })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  requestedAt!: string;
}
