import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { ShareDto } from '../../dto/share.dto';

/** Body of POST /v1/ucs/{ucId}/closure-distribution (RequestClosureDistribution, R19). */
export class RequestClosureDistributionDto {
  @ApiProperty({
    example: '2024-12-01',
    pattern: Format.date.source,
    description: 'R19: carried out at closure if requested at least 30 days before it.',
  })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  requestedAt!: string;

  @ApiProperty({ type: () => [ShareDto], description: 'Members and their percentages, adding up to exactly 100.' })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ShareDto)
  shares!: ShareDto[];
}
