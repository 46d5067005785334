import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { statement, statementsPage, type ReadModelStore } from '@compensa/projections';
import { READ_MODELS } from '../../read-models/read-models.tokens';
import { DEFAULT_PAGE_LIMIT, PageQueryDto } from '../shared/page-query.dto';
import { QueryEndpoint } from '../shared/query-endpoint.decorator';
import { notFoundProblem, unknownUcProblem, withCursor } from '../shared/query-problems';
import { UcParamsDto } from '../shared/uc-params.dto';
import { StatementParamsDto } from './dto/statement-params.dto';
import { StatementPageResponse, StatementResponse } from './dto/statement.response';

/** A UC's statements: what each reading consumed, compensated (with its invoice labels) and billed. */
@ApiTags('queries: UCs')
@Controller('v1/ucs/:ucId/statements')
export class StatementsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  @Get()
  @QueryEndpoint({
    summary: "A UC's statements, oldest cycle first",
    type: StatementPageResponse,
    reads: ['uc_statement'],
    notFound: 'No UC with this number is registered.',
  })
  async list(@Param() { ucId }: UcParamsDto, @Query() page: PageQueryDto): Promise<StatementPageResponse> {
    await this.requireUc(ucId);
    return withCursor(() =>
      statementsPage(this.readModels.db, ucId, { cursor: page.cursor, limit: page.limit ?? DEFAULT_PAGE_LIMIT }),
    );
  }

  @Get(':cycle')
  @QueryEndpoint({
    summary: "A UC's statement for one cycle",
    type: StatementResponse,
    reads: ['uc_statement'],
    notFound: 'No UC with this number, or no reading for this cycle.',
  })
  async one(@Param() { ucId, cycle }: StatementParamsDto): Promise<StatementResponse> {
    const view = await statement(this.readModels.db, ucId, cycle);
    if (view) return view;
    await this.requireUc(ucId);
    throw notFoundProblem(`A UC ${ucId} não tem extrato no ciclo ${cycle}.`);
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
