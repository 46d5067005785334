import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Clock } from '@compensa/application';
import { kwhOf, pendingReallocations, type ReadModelStore } from '@compensa/projections';
import { PLATFORM_CLOCK } from '../../platform/platform.tokens';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { daysBetween } from '../shared/days-between';
import { DEFAULT_PAGE_LIMIT } from '../shared/page-query.dto';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { withCursor } from '../shared/query-problems';
import { PendingQueryDto } from './dto/pending-query.dto';
import { PendingReallocationsResponse } from './dto/pending-reallocations.response';

/** The 30-day windows (R18–R20) still waiting for the titular to say where its credits go. */
@ApiTags('queries: reallocations')
@Controller('v1/reallocations')
export class PendingReallocationsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(PLATFORM_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('pending')
  @QueryEndpoint({
    summary: 'Pending 30-day reallocations, earliest deadline first',
    type: PendingReallocationsResponse,
    reads: ['titular_holdings'],
  })
  async pending(@Query() query: PendingQueryDto): Promise<PendingReallocationsResponse> {
    const db = this.readModels.db;
    const today = this.clock.today();
    const page = await withCursor(() =>
      pendingReallocations(db, {
        cursor: query.cursor,
        limit: query.limit ?? DEFAULT_PAGE_LIMIT,
        statuses: [query.status ?? 'open'],
      }),
    );
    const streams = [...new Set(page.items.map((w) => w.stream))];
    const [held, holders] =
      streams.length === 0
        ? [[], []]
        : await Promise.all([
            db
              .selectFrom('titular_held_lot')
              .select(['stream', 'from_uc_id', (eb) => eb.fn.sum<number>('wh').as('wh')])
              .where('stream', 'in', streams)
              .groupBy(['stream', 'from_uc_id'])
              .execute(),
            db.selectFrom('titular_holder').select(['stream', 'name']).where('stream', 'in', streams).execute(),
          ]);
    const heldWh = new Map(held.map((h) => [`${h.stream} ${h.from_uc_id}`, Number(h.wh ?? 0)]));
    const names = new Map(holders.map((h) => [h.stream, h.name]));
    return {
      today,
      nextCursor: page.nextCursor,
      items: page.items.map((w) => ({
        ...w,
        daysLeft: daysBetween(today, w.deadline),
        heldKwh: kwhOf(heldWh.get(`${w.stream} ${w.fromUcId}`) ?? 0),
        titularName: names.get(w.stream) ?? null,
      })),
    };
  }
}
