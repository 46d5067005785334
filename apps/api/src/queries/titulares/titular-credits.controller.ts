import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { parseTitularDocument, titularKeyOf } from '@compensa/domain';
import { titularCredits, titularUcs, titularUcTotals, type ReadModelStore } from '@compensa/projections';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { DEFAULT_PAGE_LIMIT, PageQueryDto } from '../shared/page-query.dto';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { unknownTitularProblem, withCursor } from '../shared/query-problems';
import { CNPJ_ROOT, DocumentParamsDto } from './dto/document-params.dto';
import { TitularCreditsResponse } from './dto/titular-credits.response';

/** A titular (CPF, or CNPJ with its filiais): its UCs with their credits, and the credits held for it. */
@ApiTags('queries: titulares')
@Controller('v1/titulares')
export class TitularCreditsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  @Get(':document/credits')
  @QueryEndpoint({
    summary: "A titular's UCs and the credits held for it",
    description:
      'A CNPJ (or its root) stands for the matriz and every filial (same titular, Lei 14.300). `items` is a page ' +
      'of its UCs (`cursor`, `limit`); `holdings` are the credits that left a UC and wait for a new one (R18–R20).',
    type: TitularCreditsResponse,
    reads: ['uc_balance', 'titular_holdings'],
    notFound: 'No UC and no held credit belong to this titular.',
  })
  async credits(
    @Param() { document }: DocumentParamsDto,
    @Query() page: PageQueryDto,
  ): Promise<TitularCreditsResponse> {
    // Check digits verified here: a bad one is a 422 (InvalidInput), not an unknown titular.
    const key = CNPJ_ROOT.test(document) ? document.replace(/\./g, '') : titularKeyOf(parseTitularDocument(document));
    const db = this.readModels.db;
    const [totals, held, ucs] = await Promise.all([
      titularUcTotals(db, key),
      titularCredits(db, key),
      withCursor(() => titularUcs(db, key, { cursor: page.cursor, limit: page.limit ?? DEFAULT_PAGE_LIMIT })),
    ]);
    if (totals.ucs === 0 && held.holdings.length === 0) throw unknownTitularProblem(key);
    const holder = held.holdings[0]?.titular;
    return {
      titularKey: key,
      name: totals.name ?? holder?.name ?? null,
      kind: totals.kind ?? holder?.kind ?? null,
      ucCount: totals.ucs,
      creditsKwh: totals.creditsKwh,
      heldKwh: held.heldKwh,
      items: ucs.items,
      nextCursor: ucs.nextCursor,
      holdings: held.holdings.map(({ stream, distribuidora, heldKwh, held: lots, windows }) => ({
        stream,
        distribuidora,
        heldKwh,
        held: lots,
        windows,
      })),
    };
  }
}
