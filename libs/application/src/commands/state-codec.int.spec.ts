import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Kwh, Percent, titularDecider, ucDecider, type TitularEvent, type UcEvent } from '@compensa/domain';
import { SqliteEventStore } from '@compensa/event-store';
import { runSimulation } from '../simulation/run-simulation';
import { toDomainEvent } from '../stream-events';
import { decodeState, encodeState } from './state-codec';

const EXAMPLES = join(__dirname, '../../../../examples');

describe('snapshot codec: a folded state as text and back', () => {
  it('keeps kWh as exact integer Wh, bigints and Percent units (any value)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 0n, max: 1_000_000n }), (wh, units) => {
        const state = {
          lots: [{ kwh: Kwh.ofWh(wh), vintage: '2026-01-01' }],
          watts: wh,
          share: Percent.ofUnits(units),
          none: null,
        };
        expect(decodeState(encodeState(state))).toStrictEqual(state);
      }),
    );
  });

  it('refuses what it cannot restore (a Map) instead of flattening it', () => {
    expect(() => encodeState({ byPosto: new Map([['unico', 1]]) })).toThrow(/cannot snapshot \$\.byPosto/);
  });

  it('round-trips every UC and titular state of every example scenario, after each of its events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compensa-codec-'));
    try {
      for (const file of readdirSync(EXAMPLES).filter((f) => /^\d\d-.*\.jsonl$/.test(f))) {
        const data = join(dir, file);
        mkdirSync(data);
        await runSimulation(readFileSync(join(EXAMPLES, file), 'utf8').split('\n'), { dataDir: data });
        const store = new SqliteEventStore({ path: join(data, 'events.db') });
        const states = new Map<string, unknown>();
        for await (const e of store.readAll()) {
          const decider = e.stream.startsWith('uc-')
            ? ucDecider
            : e.stream.startsWith('titular-')
              ? titularDecider
              : null;
          if (!decider) continue;
          const before = states.get(e.stream) ?? decider.initialState;
          const after = (decider.evolve as (s: unknown, ev: UcEvent | TitularEvent) => unknown)(
            before,
            toDomainEvent(e),
          );
          states.set(e.stream, after);
          expect(decodeState(encodeState(after))).toStrictEqual(after);
        }
        expect(states.size).toBeGreaterThan(0);
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
