import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { decodeCursor, generatorFlows, generatorScceByYear, pageOf, type ReadModelStore } from '@compensa/projections';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { DEFAULT_PAGE_LIMIT } from '../shared/page-query.dto';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { unknownUcProblem, withCursor } from '../shared/query-problems';
import { UcParamsDto } from '../shared/uc-params.dto';
import { FlowsQueryDto } from './dto/flows-query.dto';
import { GeneratorFlowsResponse } from './dto/generator-flows.response';
import { GeneratorScceResponse } from './dto/generator-scce.response';

/** Where a generator's excedente went, cycle by cycle (to which UCs, how much it kept), and the SCEE charge on it. */
@ApiTags('queries: generators')
@Controller('v1/generators')
export class GeneratorFlowsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  @Get(':ucId/flows')
  @QueryEndpoint({
    summary: "Where a generator's excedente went, each cycle",
    type: GeneratorFlowsResponse,
    reads: ['generator_flows'],
    notFound: 'No UC with this number is registered.',
  })
  async flows(@Param() { ucId }: UcParamsDto, @Query() query: FlowsQueryDto): Promise<GeneratorFlowsResponse> {
    const db = this.readModels.db;
    const uc = await db.selectFrom('uc_state').select('uc_id').where('uc_id', '=', ucId).executeTakeFirst();
    if (!uc) throw unknownUcProblem(ucId);
    return withCursor(async () => {
      const after = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : null;
      // A generator has one flow per cycle (at most a few dozen): paged here rather than in SQL.
      const all = await generatorFlows(db, ucId, query.cycle);
      const rest = after === null ? all : all.filter((f) => f.cycle > after);
      const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
      return pageOf(
        rest.slice(0, limit + 1),
        limit,
        (f) => f,
        (f) => [f.cycle],
      );
    });
  }

  @Get(':ucId/scce-charges')
  @QueryEndpoint({
    summary: "The SCEE charge (Fio B) paid on a generator's energy, by year",
    description:
      "Per year of the cycles that compensated the generator's energy (its beneficiaries' invoices and its own): the " +
      'kWh, the R$ they took off the bills, the SCEE charge paid on them (R23) and their part of the savings (R28), ' +
      'per GD class and per UC. From invoice_shares: each invoice line is split among the sources of its kWh, ' +
      'exactly in centavos, so the figures add up to the invoices.',
    type: GeneratorScceResponse,
    reads: ['invoice_shares'],
    notFound: 'No UC with this number is registered.',
  })
  async scceCharges(@Param() { ucId }: UcParamsDto): Promise<GeneratorScceResponse> {
    const db = this.readModels.db;
    const uc = await db.selectFrom('uc_state').select('uc_id').where('uc_id', '=', ucId).executeTakeFirst();
    if (!uc) throw unknownUcProblem(ucId);
    return { ucId, years: await generatorScceByYear(db, ucId) };
  }
}
