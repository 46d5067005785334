import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { correctionReportOf, parseCorrectionId } from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { ucState, type ReadModelStore } from '@compensa/projections';
import { EVENT_STORE } from '../../event-store/event-store.token';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { notFoundProblem } from '../shared/query-problems';
import { CorrectionParamsDto } from './dto/correction-params.dto';
import { CorrectionResponse } from './dto/correction.response';

/**
 * A correction's re-billing report (retificação): each re-billed cycle with its kWh and R$ before and after and the
 * difference to refund or charge. Read from the UC's stream, where the correction's events name it.
 */
@ApiTags('queries: UCs')
@Controller('v1/corrections')
export class CorrectionsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get(':id')
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
    const report = uc
      ? await correctionReportOf(
          this.store,
          uc.stream,
          id,
          async (other) => (await ucState(this.readModels.db, other))?.stream,
        )
      : null;
    if (!report) throw notFoundProblem(`Não existe a retificação ${id}.`);
    return report as CorrectionResponse;
  }
}
