import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../../commands/dto/formats';
import { PageQueryDto } from '../../shared/page-query.dto';

/** `?cycle=YYYY-MM` (one cycle) and the page of a generator's flows. */
export class FlowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-03', description: 'Only this cycle.' })
  @IsOptional()
  @Matches(Format.cycle, { message: FormatMessage.cycle })
  cycle?: string;
}
