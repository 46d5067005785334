import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Clock } from '@compensa/application';
import {
  creditsHistory,
  expiringByMonth,
  portfolio,
  portfolioMoneyByMonth,
  portfolioTotals,
  type ReadModelStore,
} from '@compensa/projections';
import { PLATFORM_CLOCK } from '../../platform/platform.tokens';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { CreditsHistoryResponse } from './dto/credits-history.response';
import { ExpiringByMonthResponse } from './dto/expiring-by-month.response';
import { MoneyByMonthResponse } from './dto/money-by-month.response';
import { MoneyQueryDto } from './dto/money-query.dto';
import { MonthsQueryDto } from './dto/months-query.dto';
import { RequestValidationError } from '../../problems/request-validation.error';
import { PortfolioResponse } from './dto/portfolio.response';

/** The utility's portfolio for managers: totals, credits over time, the expiry calendar. */
@ApiTags('queries: portfolio')
@Controller('v1/portfolio')
export class PortfolioController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(PLATFORM_CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @QueryEndpoint({
    summary: 'Portfolio totals, per distribuidora and overall',
    type: PortfolioResponse,
    reads: ['uc_balance', 'titular_holdings'],
  })
  async portfolio(): Promise<PortfolioResponse> {
    const today = this.clock.today();
    const distribuidoras = await portfolio(this.readModels.db, { today });
    return { today, totals: await portfolioTotals(this.readModels.db, distribuidoras), distribuidoras };
  }

  @Get('expiring-by-month')
  @QueryEndpoint({
    summary: 'kWh expiring per month, from this month on (default 12 months)',
    type: ExpiringByMonthResponse,
    reads: ['uc_balance'],
  })
  async expiringByMonth(@Query() { months }: MonthsQueryDto): Promise<ExpiringByMonthResponse> {
    const today = this.clock.today();
    return { today, months: await expiringByMonth(this.readModels.db, today, months ?? 12) };
  }

  @Get('credits-history')
  @QueryEndpoint({
    summary: 'Credits outstanding at the end of each month',
    description:
      'UC balances and credits held for titulares, month by month up to today: the running sums of the monthly ' +
      'changes that uc_balance and titular_holdings keep (each change in the month of its business date). ' +
      'position is the lower of their checkpoints; the last point equals the portfolio totals.',
    type: CreditsHistoryResponse,
    reads: ['uc_balance', 'titular_holdings'],
  })
  async creditsHistory(): Promise<CreditsHistoryResponse> {
    const today = this.clock.today();
    return { today, ...(await creditsHistory(this.readModels.db, today.slice(0, 7))) };
  }

  @Get('money-by-month')
  @QueryEndpoint({
    summary: 'Savings and SCEE charge per month, by GD class of the compensated energy',
    description:
      'Per billing cycle and GD class: the kWh compensated, the R$ they took off the bills, the SCEE charge paid on ' +
      'them (R23) and their part of the savings (R28), from invoice_shares: each invoice split by the source of its ' +
      'kWh, exactly in centavos, so a month adds up to its invoices. kWh whose invoice has no tariff yet are counted ' +
      'in `unpricedKwh` and in no amount.',
    type: MoneyByMonthResponse,
    reads: ['invoice_shares'],
  })
  async moneyByMonth(@Query() query: MoneyQueryDto): Promise<MoneyByMonthResponse> {
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new RequestValidationError([{ field: 'to', message: 'to não pode ser anterior a from' }]);
    }
    return { months: await portfolioMoneyByMonth(this.readModels.db, query) };
  }
}
