import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { ShareDto } from '../../dto/share.dto';

/** Body of PUT /v1/ucs/{ucId}/rateio (ChangeRateio): how the generator's excedente is shared from the next cycle. */
export class ChangeRateioDto {
  @ApiProperty({
    example: '2025-02-10',
    pattern: Format.date.source,
    description: 'R7: applies from the cycle after the one this date falls in.',
  })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  requestedAt!: string;

  @ApiProperty({ enum: ['percentage', 'priority'], example: 'percentage' })
  @IsIn(['percentage', 'priority'])
  mode!: 'percentage' | 'priority';

  @ApiPropertyOptional({
    type: () => [ShareDto],
    description: 'mode percentage (R5): every listed UC and its percentage, adding up to exactly 100.',
  })
  @ValidateIf((o: ChangeRateioDto) => o.mode === 'percentage')
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ShareDto)
  shares?: ShareDto[];

  @ApiPropertyOptional({
    example: ['1002', '1003'],
    isArray: true,
    type: String,
    description: 'mode priority (R6): UCs served in this order up to their demand (P6a).',
  })
  @ValidateIf((o: ChangeRateioDto) => o.mode === 'priority')
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @Matches(Format.ucId, { each: true, message: FormatMessage.ucId })
  order?: string[];

  @ApiPropertyOptional({ example: '1002', description: 'mode priority (P6b): where what is left goes.' })
  @IsOptional()
  @IsString()
  @Matches(Format.ucId, { message: FormatMessage.ucId })
  leftoverUcId?: string;
}
