import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { correctionReportOf, correctionReportsOfStream, parseCorrectionId } from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { ucState, type ReadModelStore } from '@compensa/projections';
import { EVENT_STORE } from '../../event-store/event-store.token';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { notFoundProblem, unknownUcProblem } from '../shared/query-problems';
import { UcParamsDto } from '../shared/uc-params.dto';
import { CorrectionParamsDto } from './dto/correction-params.dto';
import { CorrectionResponse } from './dto/correction.response';
import { UcCorrectionsResponse } from './dto/uc-corrections.response';

/**
 * A correction's re-billing report (retificação): each re-billed cycle with its kWh and R$ before and after and the
 * difference to refund or charge; and a UC's own corrections, each with its report. Read from the UC's stream, where
 * the correction's events name it.
 */
@ApiTags('queries: UCs')
@Controller('v1')
export class CorrectionsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

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
