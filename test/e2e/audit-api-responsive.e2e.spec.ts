/**
 * A long `GET /v1/audit/all` does not hold the API: the audit gives the event loop a turn every few milliseconds, so
 * `/health` and a reading of the read models answer while it runs. Also `compensa audit` on the same store writes its
 * progress while it runs (not after).
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SqliteEventStore } from '@compensa/event-store';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { runAudit } from '../../apps/cli/src/audit/audit-command';
import { AuditProgressReporter } from '../../apps/cli/src/audit/audit-progress';
import { fillStore } from '../../bench/support/fill-store';

const OPERATOR = 'operator-key-for-the-responsive-audit-e2e';
const AUDITOR = 'auditor-key-for-the-responsive-audit-e2e';
/** About 20,000 events: a few seconds of audit. */
const GROUPS = 40;
const CYCLES = 16;
/**
 * The slowest answer accepted while the audit runs: well under the audit's length (over 1.5 s, checked below), which
 * is how long an answer waits when the audit holds the process; not so tight that the whole suite's load on a 2-core
 * machine fails it (558 ms was seen there once).
 */
const ANSWER_WITHIN_MS = 1_000;

jest.setTimeout(240_000);

describe('a long audit leaves the process responsive (e2e)', () => {
  let dataDir: string;
  let app: NestExpressApplication;
  let url: string;
  /** The report `GET /v1/audit/all` sent (the CLI's, on the same store, must be the same bytes). */
  let apiReport: Buffer | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-audit-responsive-'));
    const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
    try {
      await fillStore(store, GROUPS, CYCLES);
    } finally {
      await store.close();
    }
    const config = loadConfig({
      DATA_DIR: dataDir,
      COMPENSA_API_KEYS: `${OPERATOR}:operator,${AUDITOR}:auditor`,
      LOG_LEVEL: 'silent',
    });
    app = await createApp(config, { logDestination: { write: () => undefined } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // The audit waits for the read models first: catch them up here, so what is timed below is the audit.
    await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle(200_000);
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET /v1/audit/all running: /health and a UC reading answer within 500 ms', async () => {
    const timed = async (path: string, key?: string) => {
      const started = performance.now();
      const r = await fetch(`${url}${path}`, key ? { headers: { Authorization: `Bearer ${key}` } } : {});
      const body = Buffer.from(await r.arrayBuffer());
      if (path === '/v1/audit/all') apiReport = body;
      return { status: r.status, ms: performance.now() - started };
    };
    let running = true;
    const audit = timed('/v1/audit/all', AUDITOR).finally(() => (running = false));
    const answers: { path: string; status: number; ms: number }[] = [];
    // Let the audit start (its request parsed, its first reads done) before asking.
    await new Promise((resolve) => setTimeout(resolve, 200));
    while (running) {
      for (const [path, key] of [
        ['/health', undefined],
        ['/v1/ucs/100000', OPERATOR],
      ] as const) {
        const a = await timed(path, key);
        // Only what was answered while the audit ran counts.
        if (!running) break;
        answers.push({ path, ...a });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const report = await audit;
    expect(report.status).toBe(200);
    // The audit lasted long enough for the question to mean something.
    expect(report.ms).toBeGreaterThan(1_500);
    expect(answers.filter((a) => a.path === '/health').length).toBeGreaterThanOrEqual(3);
    expect(answers.filter((a) => a.path === '/v1/ucs/100000').length).toBeGreaterThanOrEqual(3);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
  });

  it('compensa audit --all: progress lines on stderr while it runs, then one summary line', async () => {
    const lines: { text: string; at: number }[] = [];
    const stderr = {
      isTTY: false,
      write: (chunk: string) => (lines.push({ text: chunk, at: performance.now() }), true),
    };
    // A line every 100 ms (10 s by default), so that a few seconds of audit print several, and the log-order pass
    // (a few hundred ms here since it parses only deliveries and allocations) prints at least one.
    const progress = new AuditProgressReporter(stderr as unknown as NodeJS.WriteStream, 100);
    const out = join(dataDir, 'report.json');
    const code = await runAudit({ all: true, dataDir, format: 'json', out }, progress);
    const ended = performance.now();
    expect(code).toBe(0);
    const during = lines.filter((l) => l.text.startsWith('auditoria: '));
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.some((l) => l.text.includes('log em ordem'))).toBe(true);
    expect(during[0]!.text).toMatch(
      /^auditoria: fluxos, [\d.]+\/[\d.]+ fluxos, [\d.]+ eventos lidos, \d+%, [\d.]+ eventos\/s\n$/,
    );
    // Written while the audit ran, the summary last.
    expect(during[0]!.at).toBeLessThan(ended - 300);
    expect(lines.at(-1)!.text).toMatch(/^auditoria concluída: log em ordem, .* eventos\/s, [\d.]+ s\n$/);
    expect(lines.filter((l) => l.text.startsWith('auditoria concluída')).length).toBe(1);
    // The API sends the report's pieces read back into one buffer, as the CLI writes its file: several MB of report,
    // so several pieces through that buffer, and the same bytes as the CLI's.
    expect(apiReport).toBeDefined();
    const cli = readFileSync(out);
    expect(cli.length).toBeGreaterThan(4 << 20);
    expect(apiReport!.length).toBe(cli.length);
    expect(apiReport!.equals(cli)).toBe(true);
  });
});
