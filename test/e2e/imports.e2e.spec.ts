/**
 * Bulk import over HTTP: POST /v1/imports/readings (text/csv or application/x-ndjson) answers 202 with a job;
 * GET /v1/imports/{id} gives its progress and result; the readings went through the same rules as the API's.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSimulationLine } from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { API_CONFIG, type ApiConfig } from '../../apps/api/src/config';
import { API_IMPORT_BATCH } from '../../apps/api/src/imports/dto/import-readings-query.dto';
import { MAX_JOB_ERRORS, type ImportJob } from '../../apps/api/src/imports/import-job';
import { longReadingsCsv } from '../support/long-readings-csv';
import { AUDITOR_KEY, operatorHeaders, startApi, type RunningApi } from '../support/running-api';

const EXAMPLES = join(__dirname, '../../examples');
const CSV = readFileSync(join(EXAMPLES, 'leituras-2026-07.csv'), 'utf8');

describe('bulk import of readings over HTTP (e2e)', () => {
  let api: RunningApi;
  const post = (
    body: string,
    type: string,
    headers: Record<string, string> = operatorHeaders(),
    to: RunningApi = api,
    query = '',
  ) =>
    fetch(`${to.url}/v1/imports/readings${query}`, {
      method: 'POST',
      headers: {
        ...Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-type')),
        'content-type': type,
      },
      body,
    });
  const jobOf = async (id: string, at: RunningApi = api) =>
    (await (await fetch(`${at.url}/v1/imports/${id}`, { headers: operatorHeaders() })).json()) as {
      status: string;
      progress: { readings: number };
      receivedBytes: number;
      readBytes: number;
      etaSeconds: number | null;
    };
  const cadastro = async (into: RunningApi) => {
    for (const text of readFileSync(join(EXAMPLES, 'importacao-cadastro.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      const line = parseSimulationLine(text);
      if (line.kind === 'command') await into.platform.commands.execute(line.name, line.body as never, {});
    }
  };
  const readingsIn = async (store: EventStore) => {
    let n = 0;
    for await (const _ of store.readAll({ filter: { eventTypes: ['ReadingRecorded'] } })) n++;
    return n;
  };
  const finished = async (id: string) => {
    for (;;) {
      const job = (await (await fetch(`${api.url}/v1/imports/${id}`, { headers: operatorHeaders() })).json()) as {
        status: string;
        progress: Record<string, unknown>;
        errors: { line: number; rule: string | null; status: number }[];
      };
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    api = await startApi();
    await cadastro(api);
  });
  afterAll(async () => api?.close());

  it('imports a CSV as a job: 202, then the summary and the refused lines; the same file again is all duplicates', async () => {
    const res = await post(CSV, 'text/csv');
    expect(res.status).toBe(202);
    const { id, status } = (await res.json()) as { id: string; status: string };
    expect(status).toBe('running');
    const job = await finished(id);
    expect(job).toMatchObject({ status: 'done', progress: { readings: 6, accepted: 4, duplicates: 0, refused: 2 } });
    expect(await jobOf(id)).toMatchObject({
      readBytes: Buffer.byteLength(CSV),
      receivedBytes: Buffer.byteLength(CSV),
      etaSeconds: null,
    });
    expect(job.errors).toEqual([
      expect.objectContaining({ line: 7, rule: 'R15', status: 409 }),
      expect.objectContaining({ line: 8, rule: null, status: 404 }),
    ]);
    // Polled for its progress: the counts whole, no refused line.
    const polled = await fetch(`${api.url}/v1/imports/${id}?errors=0`, { headers: operatorHeaders() });
    expect(await polled.json()).toMatchObject({ progress: job.progress, errors: [], errorsTruncated: true });
    const errors = await fetch(`${api.url}/v1/imports/${id}/errors`, { headers: operatorHeaders() });
    expect(errors.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await errors.text()).split('\n')[1]).toBe(
      '7;"3005";"2026-07";409;R15;"a UC 3005 injetou energia, mas não tem geração cadastrada"',
    );

    const again = (await (await post(CSV, 'text/csv')).json()) as { id: string };
    expect(await finished(again.id)).toMatchObject({
      status: 'done',
      progress: { accepted: 0, duplicates: 4, refused: 2 },
    });
    // The latest jobs, the last started first: a clerk who lost the id finds it there.
    const listed = (await (await fetch(`${api.url}/v1/imports?limit=2`, { headers: operatorHeaders() })).json()) as {
      jobs: { id: string; status: string }[];
    };
    expect(listed.jobs.map((j) => j.id)).toEqual([again.id, id]);
  });

  it('keeps every refused line in the error file, beyond the first MAX_JOB_ERRORS the job lists', async () => {
    const ucs = Array.from({ length: MAX_JOB_ERRORS + 1 }, (_, i) => String(900_000 + i));
    const csv = [
      'uc;cycle;reading_date;posto;consumed;injected',
      ...ucs.map((uc) => `${uc};2026-07;2026-07-20;unico;10;0`),
    ];
    const { id } = (await (await post(`${csv.join('\n')}\n`, 'text/csv')).json()) as { id: string };
    const job = (await finished(id)) as Awaited<ReturnType<typeof finished>> & { errorsTruncated: boolean };
    expect(job).toMatchObject({ status: 'done', progress: { refused: MAX_JOB_ERRORS + 1 }, errorsTruncated: true });
    expect(job.errors).toHaveLength(MAX_JOB_ERRORS);
    const file = Buffer.from(
      await (await fetch(`${api.url}/v1/imports/${id}/errors`, { headers: operatorHeaders() })).arrayBuffer(),
    );
    // UTF-8 with a BOM, as the CLI's: a spreadsheet opens it as columns with its accents.
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.subarray(3).toString('utf8').split('\n').filter(Boolean);
    expect(lines[0]).toBe('line;uc;cycle;status;rule;detail');
    expect(lines).toHaveLength(MAX_JOB_ERRORS + 2);
    expect(lines.at(-1)).toBe(
      `${MAX_JOB_ERRORS + 2};"${ucs.at(-1)}";"2026-07";404;;"a UC ${ucs.at(-1)} não está cadastrada"`,
    );
  });

  it('a shutdown stops a running job between two batches, and the API started again resumes it after what it counted', async () => {
    const other = await startApi();
    try {
      await cadastro(other);
      const before = await readingsIn(other.store);
      // 2,400 readings of two UCs: batches of API_IMPORT_BATCH (each UC's cycles in order, one wave a cycle).
      const { id } = (await (await post(longReadingsCsv(), 'text/csv', operatorHeaders(), other)).json()) as {
        id: string;
      };
      let running = await jobOf(id, other);
      while (running.progress.readings < API_IMPORT_BATCH) {
        await new Promise((r) => setTimeout(r, 10));
        running = await jobOf(id, other);
      }
      // Progress a client can show: the body's bytes read so far, and the time left at the rate so far.
      expect(running).toMatchObject({ status: 'running', etaSeconds: expect.any(Number) });
      expect(running.readBytes).toBeGreaterThan(0);
      expect(running.readBytes).toBeLessThanOrEqual(running.receivedBytes);
      const { dataDir } = other.app.get<ApiConfig>(API_CONFIG);
      await other.app.close();
      const stopped = /import \S+ stopped by the shutdown after (\d+) readings: (\d+) accepted/.exec(
        other.logs.join('\n'),
      );
      expect(stopped).not.toBeNull();
      const [counted, accepted] = [Number(stopped![1]), Number(stopped![2])];
      // Whole batches, and not the whole file.
      expect(counted % API_IMPORT_BATCH).toBe(0);
      expect(counted).toBeLessThan(2400);
      expect(accepted).toBe(counted);
      // The job outlives its process: an API started again on the same data goes on with it from there.
      const again = await startApi({ DATA_DIR: dataDir });
      try {
        let job = (await jobOf(id, again)) as unknown as ImportJob;
        for (const started = Date.now(); job.status === 'running' && Date.now() - started < 30_000;) {
          await new Promise((r) => setTimeout(r, 20));
          job = (await jobOf(id, again)) as unknown as ImportJob;
        }
        // Every reading once: none decided twice (a duplicate), none left out.
        expect(job).toMatchObject({
          status: 'done',
          failure: null,
          progress: { readings: 2400, accepted: 2400, duplicates: 0, refused: 0 },
        });
        expect((await readingsIn(again.store)) - before).toBe(2400);
        // (Nest's loggers in one process write to whichever app set its logger: any of the three here.)
        expect([...again.logs, ...other.logs, ...api.logs].join('\n')).toContain(
          `import ${id} resumed after ${counted} readings (stopped with its instance`,
        );
      } finally {
        await again.close();
      }
    } finally {
      await other.close();
    }
  });

  it('takes the batch size and the distribuidora (any case) in the query', async () => {
    const { id } = (await (
      await post(CSV, 'text/csv', operatorHeaders(), api, '?batchSize=2&distribuidora=LIGHT')
    ).json()) as {
      id: string;
    };
    // Every UC of the file is copel's: refused by the filter, as the CLI's --distribuidora light does.
    expect(await finished(id)).toMatchObject({ status: 'done', progress: { readings: 6, accepted: 0 } });
  });

  it('takes JSON Lines of RecordReading bodies', async () => {
    const body = {
      ucId: '3002',
      cycle: '2026-08',
      readingDate: '2026-08-20',
      postos: { unico: { consumed: '140', injected: '0' } },
    };
    const { id } = (await (await post(`${JSON.stringify(body)}\n`, 'application/x-ndjson')).json()) as { id: string };
    expect(await finished(id)).toMatchObject({ status: 'done', progress: { accepted: 1 } });
  });

  it('answers problems: 415 for another media type, 404 for an unknown job, 403 for an auditor', async () => {
    const wrong = await post('{}', 'application/json');
    expect(wrong.status).toBe(415);
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await wrong.json()).toMatchObject({
      title: 'Tipo de conteúdo não suportado',
      detail: 'Envie text/csv ou application/x-ndjson, não "application/json".',
    });
    const unknown = await fetch(`${api.url}/v1/imports/nope`, { headers: operatorHeaders() });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ title: 'Não encontrado', detail: 'Não existe a importação nope.' });
    const unknownErrors = await fetch(`${api.url}/v1/imports/nope/errors`, { headers: operatorHeaders() });
    expect(unknownErrors.status).toBe(404);
    expect(await unknownErrors.json()).toMatchObject({ detail: 'Não existe a importação nope.' });
    expect((await post(CSV, 'text/csv', { authorization: `Bearer ${AUDITOR_KEY}` })).status).toBe(403);
    const batch = await post(CSV, 'text/csv', operatorHeaders(), api, '?batchSize=0');
    expect(batch.status).toBe(422);
    expect(await batch.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'batchSize' })] });
    expect((await post(CSV, 'text/csv', operatorHeaders(), api, '?batchSize=5001')).status).toBe(422);
    expect((await post(CSV, 'text/csv', operatorHeaders(), api, '?distribuidora=co pel')).status).toBe(422);
    for (const limit of ['0', '201', 'dez']) {
      const listed = await fetch(`${api.url}/v1/imports?limit=${limit}`, { headers: operatorHeaders() });
      expect(listed.status).toBe(422);
      expect(await listed.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'limit' })] });
    }
    const { id } = (await (await post(CSV, 'text/csv')).json()) as { id: string };
    await finished(id);
    for (const errors of ['-1', String(MAX_JOB_ERRORS + 1), 'dez']) {
      const job = await fetch(`${api.url}/v1/imports/${id}?errors=${errors}`, { headers: operatorHeaders() });
      expect(job.status).toBe(422);
      expect(await job.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'errors' })] });
    }
  });
});
