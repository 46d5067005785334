import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Clock } from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { balanceAsOf, balanceHistory, ucState, type ReadModelStore } from '@compensa/projections';
import { EVENT_STORE } from '../../event-store/event-store.token';
import { PLATFORM_CLOCK } from '../../platform/platform.tokens';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { unknownUcProblem } from '../shared/query-problems';
import { UcParamsDto } from '../shared/uc-params.dto';
import { BalanceHistoryResponse } from './dto/balance-history.response';
import { BalanceQueryDto } from './dto/balance-query.dto';
import { BalanceResponse } from './dto/balance.response';
import { UcResponse } from './dto/uc.response';

const UNKNOWN_UC = 'No UC with this number is registered (or the read models have not caught up yet).';

/** A UC's state and credit balance: now from the read model, in the past by replaying its stream. */
@ApiTags('queries: UCs')
@Controller('v1/ucs')
export class UcQueriesController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLATFORM_CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':ucId')
  @QueryEndpoint({ summary: "A UC's state and balance", type: UcResponse, reads: ['uc_balance'], notFound: UNKNOWN_UC })
  async uc(@Param() { ucId }: UcParamsDto): Promise<UcResponse> {
    const view = await ucState(this.readModels.db, ucId);
    if (!view) throw unknownUcProblem(ucId);
    return view;
  }

  @Get(':ucId/balance')
  @QueryEndpoint({
    summary: "A UC's balance by vintage and posto, now or at the end of a date",
    description:
      'Without `asOf`, the current balance from the read model uc_balance. With `asOf`, the UC stream read from the ' +
      'event log up to that date and folded by the domain (the read model keeps no history; uc_balance only finds ' +
      'the UC, and the lag header is its lag).',
    type: BalanceResponse,
    reads: ['uc_balance'],
    alsoReads: "the UC's stream in the event log (with `asOf`)",
    notFound: UNKNOWN_UC,
  })
  async balance(@Param() { ucId }: UcParamsDto, @Query() { asOf }: BalanceQueryDto): Promise<BalanceResponse> {
    if (asOf !== undefined) {
      const replayed = await balanceAsOf(this.readModels.db, this.store, ucId, asOf);
      if (!replayed) throw unknownUcProblem(ucId);
      return replayed;
    }
    const view = await ucState(this.readModels.db, ucId);
    if (!view) throw unknownUcProblem(ucId);
    return { ucId, asOf: this.clock.today(), source: 'read-model', ...view.balance };
  }

  @Get(':ucId/balance/history')
  @QueryEndpoint({
    summary: "A UC's balance over time",
    description:
      'The UC stream read from the event log and folded by the domain: a point at each business date on which the ' +
      'balance changed, each equal to the balance `asOf` that date. uc_balance only finds the UC (its lag is the ' +
      "header's).",
    type: BalanceHistoryResponse,
    reads: ['uc_balance'],
    alsoReads: "the UC's stream in the event log",
    notFound: UNKNOWN_UC,
  })
  async history(@Param() { ucId }: UcParamsDto): Promise<BalanceHistoryResponse> {
    const view = await ucState(this.readModels.db, ucId);
    if (!view) throw unknownUcProblem(ucId);
    return { ucId, points: await balanceHistory(this.store, view.stream) };
  }
}
