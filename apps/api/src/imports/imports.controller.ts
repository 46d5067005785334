import { Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ERROR_FILE_HEADER, errorFileLine, type ImportFormat } from '@compensa/application';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, ProblemType, statusTitle } from '../problems/problem-details';
import { API_IMPORT_BATCH, ImportReadingsQueryDto } from './dto/import-readings-query.dto';
import { ImportJobQueryDto } from './dto/import-job-query.dto';
import { IMPORT_JOBS_LISTED, ImportJobsQueryDto } from './dto/import-jobs-query.dto';
import { MAX_JOB_ERRORS, type ImportJob, type ImportJobListed } from './import-job';
import { ImportJobs } from './import-jobs';

const FORMATS: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
};
const ID_PARAM = { name: 'id', description: 'The job id (from POST /v1/imports/readings).' };

/**
 * Bulk imports (operators): a month of readings as CSV or JSON Lines, run as a job through the same decide + append
 * path as POST /v1/ucs/{ucId}/readings. The body is streamed into the platform state, never held whole in memory.
 */
@ApiTags('imports')
@Roles('operator')
@Controller('v1/imports')
export class ImportsController {
  constructor(private readonly jobs: ImportJobs) {}

  @Post('readings')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('text/csv', 'application/x-ndjson')
  @ApiOperation({
    summary:
      'Import readings (CSV: uc;cycle;reading_date;posto;consumed;injected, or JSON Lines of RecordReading bodies)',
    description:
      'Answers 202 with the job once the body is received; GET /v1/imports/{id} gives progress and the result. ' +
      'Idempotent by (UC, cycle): the same reading again is a duplicate, other values for a recorded cycle a 409 refusal.',
  })
  @ApiAcceptedResponse({ description: 'the job (status running)' })
  async readings(@Req() request: IncomingMessage, @Query() query: ImportReadingsQueryDto): Promise<ImportJob> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const format = FORMATS[type];
    if (!format) {
      throw new ProblemException({
        type: ProblemType.blank,
        title: statusTitle(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
        status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        detail: `Envie text/csv ou application/x-ndjson, não ${JSON.stringify(type)}.`,
      });
    }
    return this.jobs.startReadings(request, format, query.distribuidora, query.batchSize ?? API_IMPORT_BATCH);
  }

  @Get()
  @ApiOperation({
    summary: 'The latest import jobs, the last started first (of every API instance), without their refused lines',
  })
  @ApiOkResponse({ description: 'the jobs' })
  async latest(@Query() query: ImportJobsQueryDto): Promise<{ jobs: ImportJobListed[] }> {
    return { jobs: await this.jobs.latest(query.limit ?? IMPORT_JOBS_LISTED) };
  }

  @Get(':id')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: "An import job's progress, and its result (accepted, duplicates, refused by rule, errors)",
    description: 'Polling for progress? Ask `?errors=0`: the counts are whole either way.',
  })
  @ApiOkResponse({ description: 'the job (from any API instance, and after the one that ran it has stopped)' })
  async job(@Param('id') id: string, @Query() query: ImportJobQueryDto): Promise<ImportJob> {
    const job = await this.jobs.get(id, query.errors ?? MAX_JOB_ERRORS);
    if (!job) throw unknownJob(id);
    return job;
  }

  @Get(':id/errors')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: "The job's refused readings as the CLI's error file (`;`-separated, for a spreadsheet)",
    description:
      'Every refused reading once the job has ended; while it runs, those refused so far (written every 250 ms).',
  })
  async errors(@Param('id') id: string): Promise<StreamableFile> {
    // Its existence only: the job's own read would fetch its first 10,000 refusals, read again just below.
    if (!(await this.jobs.exists(id))) throw unknownJob(id);
    const refused = this.jobs.errors(id);
    async function* lines() {
      yield `\uFEFF${ERROR_FILE_HEADER}\n`;
      for await (const o of refused) yield `${errorFileLine(o)}\n`;
    }
    return new StreamableFile(Readable.from(lines()), { type: 'text/csv; charset=utf-8' });
  }
}

function unknownJob(id: string): ProblemException {
  return new ProblemException({
    type: ProblemType.blank,
    title: statusTitle(HttpStatus.NOT_FOUND),
    status: HttpStatus.NOT_FOUND,
    detail: `Não existe a importação ${id}.`,
  });
}
