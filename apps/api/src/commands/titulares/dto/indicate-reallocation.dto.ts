import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { ShareDto } from '../../dto/share.dto';

/** Body of POST /v1/titulares/{document}/reallocations (IndicateReallocation, R20). */
export class IndicateReallocationDto {
  @ApiProperty({
    example: '6001',
    pattern: Format.ucId.source,
    description: 'The UC the held credits left (R18, R19).',
  })
  @IsString()
  @Matches(Format.ucId, { message: FormatMessage.ucId })
  sourceUcId!: string;

  @ApiProperty({
    example: '2025-04-20',
    pattern: Format.date.source,
    description: 'R20: on or before the deadline (the leaving date + 30 days).',
  })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  date!: string;

  @ApiProperty({
    type: () => [ShareDto],
    description: 'UCs of the same titular key in the same distribuidora, adding up to exactly 100.',
    example: [{ ucId: '6002', percent: '100' }],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ShareDto)
  shares!: ShareDto[];
}
