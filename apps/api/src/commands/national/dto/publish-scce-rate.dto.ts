import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** Body of PUT /v1/scce-rates/{year} (PublishScceRate): the share of Fio B GD II and GD III energy pay (L art. 17). */
export class PublishScceRateDto {
  @ApiProperty({ example: '0.95', description: 'A fraction of fioB from 0 to 1, at most 8 places.' })
  @IsString()
  @Matches(/^(0(\.\d{1,8})?|1(\.0{1,8})?)$/, { message: '$property deve ser uma fração de 0 a 1 ("0.95")' })
  share!: string;
}
