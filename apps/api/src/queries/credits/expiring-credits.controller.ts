import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Clock } from '@compensa/application';
import { addDays } from '@compensa/domain';
import { expiringCredits, type ReadModelStore } from '@compensa/projections';
import { PLATFORM_CLOCK } from '../../platform/platform.tokens';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { DEFAULT_PAGE_LIMIT } from '../shared/page-query.dto';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { withCursor } from '../shared/query-problems';
import { ExpiringCreditsResponse } from './dto/expiring-credits.response';
import { ExpiringQueryDto } from './dto/expiring-query.dto';

/** Default window of the expiring-credits list. */
const DEFAULT_WITHIN_DAYS = 90;

/** Credits about to expire (R9: 60 months after their vintage), per UC and month. */
@ApiTags('queries: credits')
@Controller('v1/credits')
export class ExpiringCreditsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(PLATFORM_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('expiring')
  @QueryEndpoint({
    summary: 'Credits expiring within a number of days, per UC and month',
    type: ExpiringCreditsResponse,
    reads: ['uc_balance'],
  })
  async expiring(@Query() query: ExpiringQueryDto): Promise<ExpiringCreditsResponse> {
    const today = this.clock.today();
    const withinDays = query.withinDays ?? DEFAULT_WITHIN_DAYS;
    const page = await withCursor(() =>
      expiringCredits(this.readModels.db, {
        today,
        withinDays,
        cursor: query.cursor,
        limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      }),
    );
    return { today, withinDays, until: addDays(today, withinDays), ...page };
  }
}
