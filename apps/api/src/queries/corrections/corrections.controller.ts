import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  correctionReportOf,
  correctionReportsOfStream,
  correctionTotalsOf,
  parseCorrectionId,
  type CorrectionTotals,
  type PlatformState,
} from '@compensa/application';
import { parseBusinessDate, ucStream } from '@compensa/domain';
import type { EventStore } from '@compensa/event-store';
import { correctionsPage, ucState, type ReadModelStore } from '@compensa/projections';
import { EVENT_STORE } from '../../event-store/event-store.token';
import { PLATFORM_STATE } from '../../platform/platform.tokens';
import { RequestValidationError } from '../../problems/request-validation.error';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { notFoundProblem, unknownUcProblem, withCursor } from '../shared/query-problems';
import { UcParamsDto } from '../shared/uc-params.dto';
import { CorrectionTotalsRecords } from './correction-totals-records';
import { CorrectionParamsDto } from './dto/correction-params.dto';
import { CorrectionResponse } from './dto/correction.response';
import { CorrectionsPageResponse, type CorrectionListItemResponse } from './dto/corrections-page.response';
import { CorrectionsQueryDto, DEFAULT_CORRECTIONS_PAGE } from './dto/corrections-query.dto';
import { UcCorrectionsResponse } from './dto/uc-corrections.response';

/**
 * A correction's re-billing report (retificação): each re-billed cycle with its kWh and R$ before and after and the
 * difference to refund or charge; and a UC's own corrections, each with its report. Read from the UC's stream, where
 * the correction's events name it.
 */
@ApiTags('queries: UCs')
@Controller('v1')
export class CorrectionsController {
  /**
   * Each listed correction's totals, once read from the streams, in the platform state for every instance and every
   * restart. A correction's events are appended in one transaction (`appendMany`, on either store) and never change,
   * and the list names a correction only once its ReadingCorrected is read back: its totals are final when first read.
   */
  private readonly totals: CorrectionTotalsRecords;

  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLATFORM_STATE) state: PlatformState,
  ) {
    this.totals = new CorrectionTotalsRecords(state);
  }

  @Get('corrections')
  @QueryEndpoint({
    summary: 'The retificações, newest first, each with its re-billing totals',
    description:
      'Every correction (POST /v1/ucs/{ucId}/readings/{cycle}/correction), of one distribuidora when asked, dated ' +
      'within from…to: where, when, why, and what it re-billed (UCs, cycles, the net R$ to refund or charge). Each ' +
      "item's whole report is GET /v1/corrections/{id}.",
    type: CorrectionsPageResponse,
    reads: ['corrections'],
    alsoReads: "the re-billed UCs' streams in the event log",
  })
  async list(@Query() query: CorrectionsQueryDto): Promise<CorrectionsPageResponse> {
    // Calendar days (2026-02-30 is refused, 422), and a period that ends after it starts.
    if (query.from !== undefined) parseBusinessDate(query.from, 'from');
    if (query.to !== undefined) parseBusinessDate(query.to, 'to');
    if (query.from !== undefined && query.to !== undefined && query.to < query.from)
      throw new RequestValidationError([{ field: 'to', message: 'to não pode ser anterior a from' }]);
    const page = await withCursor(() =>
      correctionsPage(this.readModels.db, { ...query, limit: query.limit ?? DEFAULT_CORRECTIONS_PAGE }),
    );
    const kept = await this.totals.of(page.items.map((item) => item.id));
    const items: CorrectionListItemResponse[] = [];
    for (const item of page.items) items.push({ ...item, ...(kept.get(item.id) ?? (await this.readTotals(item))) });
    return { items, nextCursor: page.nextCursor };
  }

  /** A listed correction's totals, from its report (its UC's stream and those it re-billed), then kept. */
  private async readTotals(item: { id: string; ucId: string; distribuidora: string }): Promise<CorrectionTotals> {
    const report = await correctionReportOf(
      this.store,
      ucStream(item.distribuidora, item.ucId),
      item.id,
      this.streamOf,
    );
    if (!report) throw new Error(`a retificação ${item.id} listada não está no fluxo da UC ${item.ucId}`);
    const totals = correctionTotalsOf(report);
    await this.totals.keep(item.id, totals);
    return totals;
  }

  @Get('corrections/:id')
  @QueryEndpoint({
    summary: "A correction's re-billing report",
    description:
      'POST /v1/ucs/{ucId}/readings/{cycle}/correction answers the events it appended; their ReadingCorrected names ' +
      "the correction's id. Each re-billed cycle: its bill before and after (kWh, and the invoice total in R$ where " +
      'the tariffs were published) and the difference: negative is refunded, positive charged.',
    type: CorrectionResponse,
    reads: ['uc_balance'],
    alsoReads: "the UC's stream in the event log",
    notFound: 'No correction with this id.',
  })
  async one(@Param() { id }: CorrectionParamsDto): Promise<CorrectionResponse> {
    const where = parseCorrectionId(id);
    const uc = where ? await ucState(this.readModels.db, where.ucId) : null;
    const report = uc ? await correctionReportOf(this.store, uc.stream, id, this.streamOf) : null;
    if (!report) throw notFoundProblem(`Não existe a retificação ${id}.`);
    return report as CorrectionResponse;
  }

  @Get('ucs/:ucId/corrections')
  @QueryEndpoint({
    summary: "A UC's retificações, each with its re-billing report",
    description:
      "The corrections of the UC's own readings (POST /v1/ucs/{ucId}/readings/{cycle}/correction), oldest first, " +
      'each as GET /v1/corrections/{id} answers it. A cycle of this UC re-billed by another UC’s correction (a ' +
      "generator's, a 30-day move's) is in that correction's report; the UC's invoices name it (`rebilled`).",
    type: UcCorrectionsResponse,
    reads: ['uc_balance'],
    alsoReads: "the UC's stream in the event log",
    notFound: 'No UC with this number is registered.',
  })
  async ofUc(@Param() { ucId }: UcParamsDto): Promise<UcCorrectionsResponse> {
    const uc = await ucState(this.readModels.db, ucId);
    if (!uc) throw unknownUcProblem(ucId);
    const items = await correctionReportsOfStream(this.store, uc.stream, this.streamOf);
    return { ucId, items: items as CorrectionResponse[] };
  }

  /** A UC's stream: the reports read the beneficiaries' and the moved credits' re-billed cycles from theirs. */
  private readonly streamOf = async (ucId: string) => (await ucState(this.readModels.db, ucId))?.stream;
}
