import { ApiProperty } from '@nestjs/swagger';
import { BANDEIRA_FLAGS } from '@compensa/domain';
import { IsIn, IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';

/** Body of PUT /v1/bandeiras/{month} (PublishBandeira): the month's flag and its R$/kWh (R26). */
export class PublishBandeiraDto {
  @ApiProperty({ enum: BANDEIRA_FLAGS, example: 'amarela' })
  @IsIn(BANDEIRA_FLAGS)
  flag!: string;

  @ApiProperty({ example: '0.01885', pattern: Format.tariff.source, description: 'R$/kWh sem tributos.' })
  @IsString()
  @Matches(Format.tariff, { message: FormatMessage.tariff })
  rate!: string;
}
