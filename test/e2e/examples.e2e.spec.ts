/**
 * Every scenario in examples/ runs through `compensa simulate`'s engine (the same handlers and process managers as
 * the API) and must print exactly its expected document, which must match the output's JSON Schema.
 */
import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@compensa/application';
import schema from '../../apps/cli/src/simulate/simulation-output.schema.json';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const scenarios = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const validate = new Ajv({ allErrors: true }).compile(schema);

describe('examples/ scenarios', () => {
  it('has at least 10 scenarios, each with its expected output', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
    for (const s of scenarios) expect(readdirSync(EXAMPLES)).toContain(s.replace(/\.jsonl$/, '.expected.json'));
  });

  it.each(scenarios)('%s gives its expected output', async (scenario) => {
    const dir = mkdtempSync(join(tmpdir(), 'compensa-example-'));
    try {
      const lines = readFileSync(join(EXAMPLES, scenario), 'utf8').split('\n');
      const report = await runSimulation(lines, { dataDir: dir });
      const expected = JSON.parse(readFileSync(join(EXAMPLES, scenario.replace(/\.jsonl$/, '.expected.json')), 'utf8'));
      expect(validate(report)).toBe(true);
      expect(JSON.parse(JSON.stringify(report))).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`compensa simulate` prints the document from the command line (built entry point)', () => {
    const bin = join(__dirname, '..', '..', 'bin', 'compensa.js');
    const run = spawnSync(process.execPath, [bin, 'simulate', join(EXAMPLES, '03-rateio-prioridade.jsonl')], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const expected = JSON.parse(readFileSync(join(EXAMPLES, '03-rateio-prioridade.expected.json'), 'utf8'));
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  it('a malformed line is reported with its line number and the run goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compensa-example-'));
    try {
      const report = await runSimulation(
        [
          '{"command":"PublishTariff"',
          '{"command":"Nope"}',
          '{"command":"RecordReading","ucId":"1","cycle":"2025-01","readingDate":"2025-01-10","postos":{}}',
        ],
        {
          dataDir: dir,
        },
      );
      expect(report.rejected).toEqual([
        { line: 1, command: 'unknown', status: 400, rule: null, detail: 'a linha não é JSON' },
        expect.objectContaining({ line: 2, status: 422, rule: null }),
        expect.objectContaining({ line: 3, command: 'RecordReading', status: 404 }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
