import { Controller, Get, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Clock } from '@compensa/application';
import { addMonths } from '@compensa/domain';
import {
  invoiceOf,
  invoicesPage,
  ucExpiringCredits,
  ucState,
  type InvoiceView,
  type ReadModelStore,
} from '@compensa/projections';
import type { ServerResponse } from 'node:http';
import { PLATFORM_CLOCK } from '../../platform/platform.tokens';
import { RequestValidationError } from '../../problems/request-validation.error';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { daysBetween } from '../shared/days-between';
import { DEFAULT_PAGE_LIMIT } from '../shared/page-query.dto';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { notFoundProblem, unknownUcProblem, withCursor } from '../shared/query-problems';
import { UcParamsDto } from '../shared/uc-params.dto';
import { renderDemonstrativoHtml, type DemonstrativoInput } from './demonstrativo-html';
import { renderDemonstrativoPdf } from './demonstrativo-pdf';
import { InvoiceParamsDto } from './dto/invoice-params.dto';
import { InvoiceQueryDto } from './dto/invoice-query.dto';
import { InvoicePageResponse, InvoiceResponse, InvoiceTariffResponse } from './dto/invoice.response';
import { InvoicesQueryDto } from './dto/invoices-query.dto';

/** How far ahead the demonstrativo lists the credits about to expire. */
const EXPIRING_MONTHS = 6;

/**
 * A UC's invoices (R22–R28) as the invoices read model holds them: each is `invoiceOfCycle` of the cycle's recorded
 * compensation, never recomputed here. One cycle as JSON or as the printable demonstrativo SCEE (pt-BR HTML).
 */
@ApiTags('queries: UCs')
@ApiExtraModels(InvoiceTariffResponse)
@Controller('v1/ucs/:ucId/invoices')
export class InvoicesController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(PLATFORM_CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @QueryEndpoint({
    summary: "A UC's invoices within a range of cycles, oldest first",
    type: InvoicePageResponse,
    reads: ['invoices', 'uc_balance'],
    notFound: 'No UC with this number is registered.',
  })
  async list(@Param() { ucId }: UcParamsDto, @Query() query: InvoicesQueryDto): Promise<InvoicePageResponse> {
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new RequestValidationError([{ field: 'to', message: 'to não pode ser anterior a from' }]);
    }
    await this.requireUc(ucId);
    return withCursor(() =>
      invoicesPage(this.readModels.db, ucId, {
        from: query.from,
        to: query.to,
        cursor: query.cursor,
        limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      }),
    );
  }

  @Get(':cycle')
  @QueryEndpoint({
    summary: "A UC's invoice for one cycle (JSON, or the demonstrativo SCEE: ?format=html printable, ?format=pdf)",
    description:
      "The invoice (R22–R28) derived from the cycle's recorded CycleCompensated. `?format=html` answers a printable " +
      "pt-BR page (text/html): the lines with the utilities' labels (R17), energy parcel, bandeira, taxes, total, the " +
      "same cycle without the SCEE and the savings, the UC's credits by vintage today (uc_balance) and those expiring " +
      'within 6 months, and the notes. `?format=pdf` answers the same content as a PDF (application/pdf, ' +
      'attachment `demonstrativo-<ucId>-<cycle>.pdf`).',
    type: InvoiceResponse,
    reads: ['invoices', 'uc_balance'],
    notFound: 'No UC with this number, or no reading (hence no invoice) for this cycle.',
  })
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  async one(
    @Param() { ucId, cycle }: InvoiceParamsDto,
    @Query() { format }: InvoiceQueryDto,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<InvoiceResponse | string | StreamableFile> {
    const invoice = await invoiceOf(this.readModels.db, ucId, cycle);
    if (!invoice) {
      await this.requireUc(ucId);
      throw notFoundProblem(`A UC ${ucId} não tem fatura no ciclo ${cycle}.`);
    }
    if (format !== 'html' && format !== 'pdf') return invoice;
    const view = await this.demonstrativo(invoice);
    if (format === 'pdf') {
      return new StreamableFile(await renderDemonstrativoPdf(view), {
        type: 'application/pdf',
        disposition: `attachment; filename="demonstrativo-${ucId}-${cycle}.pdf"`,
      });
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    return renderDemonstrativoHtml(view);
  }

  /** The demonstrativo's view model (one for the page and the PDF): the invoice, the UC's credits, what expires. */
  private async demonstrativo(invoice: InvoiceView): Promise<DemonstrativoInput> {
    const uc = await ucState(this.readModels.db, invoice.ucId);
    if (!uc) throw unknownUcProblem(invoice.ucId);
    const today = this.clock.today();
    const expiringUntil = addMonths(today, EXPIRING_MONTHS);
    const expiring = await ucExpiringCredits(this.readModels.db, invoice.ucId, {
      today,
      withinDays: daysBetween(today, expiringUntil),
    });
    return { invoice, uc, today, expiring, expiringUntil };
  }

  private async requireUc(ucId: string): Promise<void> {
    const row = await this.readModels.db
      .selectFrom('uc_state')
      .select('uc_id')
      .where('uc_id', '=', ucId)
      .executeTakeFirst();
    if (!row) throw unknownUcProblem(ucId);
  }
}
