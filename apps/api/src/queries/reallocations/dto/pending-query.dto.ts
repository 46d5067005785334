import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';

/** `?status=` and the page of pending reallocations. */
export class PendingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['open', 'held'],
    default: 'open',
    description: 'open: waiting for an indication; held: the default (R20) found no UC, waiting for a new one.',
  })
  @IsOptional()
  @IsIn(['open', 'held'])
  status?: 'open' | 'held';
}
