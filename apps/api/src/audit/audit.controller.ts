import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuditCsvSpool,
  AuditHtmlSpool,
  AuditJsonSpool,
  compareStreamsWith,
  loadVerifyingKey,
  streamAudit,
  type AuditReport,
  type AuditReportSpool,
  type AuditSelection,
  type CheckpointTrust,
} from '@compensa/application';
import { InvalidInput, parseTitularDocument, parseUcId, UnknownUc } from '@compensa/domain';
import type { EventStore } from '@compensa/event-store';
import type { ProjectionRunner, ReadModelStore } from '@compensa/projections';
import type { ServerResponse } from 'node:http';
import { Roles } from '../auth/roles.decorator';
import { API_CONFIG, type ApiConfig } from '../config';
import { EVENT_STORE } from '../event-store/event-store.token';
import { PROJECTION_RUNNER, READ_MODELS } from '../read-models/read-models.tokens';
import { AuditQueryDto } from './audit-query.dto';

const CONTENT_TYPE = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};
/** The buffer the report's spooled sections are read back into (`AuditSpoolFile` reads up to its length). */
const SPOOL_CHUNK = 1 << 20;

const SPOOL: Record<keyof typeof CONTENT_TYPE, () => AuditReportSpool> = {
  json: () => new AuditJsonSpool(),
  csv: () => new AuditCsvSpool(),
  html: () => new AuditHtmlSpool(),
};

/**
 * The regulatory audit over HTTP, for the auditor role: the same replay as `compensa audit` — the pure domain only —
 * with its three checks (the read-model check only for a replay of the whole history). 200 with the report either
 * way; `X-Audit-Passed` says whether every check passed.
 */
@ApiTags('audit')
@Roles('auditor')
@Controller('v1/audit')
export class AuditController {
  /** Check 0 with the public half of the platform's signing key and its witness (an outside auditor brings their own). */
  private readonly trust: CheckpointTrust;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {
    this.trust = {
      publicKey: config.checkpoints.keyFile ? loadVerifyingKey(config.checkpoints.keyFile) : null,
      witnessPath: config.checkpoints.witnessPath,
    };
  }

  @Get('ucs/:ucId')
  @ApiOperation({ summary: "Audit one UC's history" })
  @ApiOkResponse({ description: 'the audit report (JSON, CSV or HTML)' })
  uc(@Param('ucId') ucId: string, @Query() query: AuditQueryDto, @Res() res: ServerResponse): Promise<void> {
    return this.run({ uc: parseUcId(ucId) }, query, res);
  }

  @Get('titulares/:document')
  @ApiOperation({ summary: "Audit a titular's UCs and held credits" })
  @ApiOkResponse({ description: 'the audit report (JSON, CSV or HTML)' })
  titular(
    @Param('document') document: string,
    @Query() query: AuditQueryDto,
    @Res() res: ServerResponse,
  ): Promise<void> {
    return this.run({ titular: parseTitularDocument(document).value }, query, res);
  }

  @Get('all')
  @ApiOperation({ summary: 'Audit the whole utility' })
  @ApiOkResponse({ description: 'the audit report (JSON, CSV or HTML)' })
  all(@Query() query: AuditQueryDto, @Res() res: ServerResponse): Promise<void> {
    return this.run({ all: true }, query, res);
  }

  private async run(selection: AuditSelection, query: AuditQueryDto, res: ServerResponse): Promise<void> {
    if (query.asOf !== undefined && query.position !== undefined)
      throw new InvalidInput('asOf', 'informe uma data (asOf) ou uma posição (position), não as duas');
    const whole = query.asOf === undefined && query.position === undefined;
    // Check 3 compares the present read models, so they must first hold everything in the log.
    if (whole) await this.runner.waitForIdle();
    const bounds = {
      ...(query.asOf !== undefined ? { asOf: query.asOf } : {}),
      ...(query.position !== undefined ? { position: Number(query.position) } : {}),
    };
    const format = query.format ?? 'json';
    // Every format streams: the log read stream by stream, the report spooled and sent as it is read back.
    const spool = SPOOL[format]();
    try {
      const report = await streamAudit(
        this.store,
        selection,
        {
          ...bounds,
          ...(whole ? { compareStreams: compareStreamsWith(this.readModels.db), checkpoints: this.trust } : {}),
        },
        spool,
      );
      this.head(selection, report, format, res);
      // One buffer for every piece read back from the spools, as `compensa audit` writes its file: each piece is
      // written (its callback) before the next is read into it. A buffer a piece left tens of MB of dead buffers
      // outside V8's heap behind a report of a large log, freed only when the GC got to them.
      const buffer = Buffer.allocUnsafeSlow(SPOOL_CHUNK);
      for (const chunk of spool.chunks(report, buffer)) {
        if (res.destroyed) return; // the client went away
        await new Promise<void>((resolve) => {
          // Written (or the client gone): whichever comes first removes the other.
          const go = () => {
            res.off('close', go);
            resolve();
          };
          res.once('close', go);
          res.write(chunk, go);
        });
      }
      res.end();
    } finally {
      spool.close();
    }
  }

  private head(
    selection: AuditSelection,
    report: AuditReport,
    format: 'json' | 'csv' | 'html',
    res: ServerResponse,
  ): void {
    if (report.summary.streams === 0 && 'uc' in selection) throw new UnknownUc(selection.uc);
    res.statusCode = 200;
    res.setHeader('Content-Type', CONTENT_TYPE[format]);
    res.setHeader('X-Audit-Passed', String(report.summary.passed));
  }
}
