/**
 * The command side finds the decisions of other streams that compared a reading's consumption. A priority rateio's
 * demand (P6a, R6): the generator's split is decided again by the same correction and its beneficiaries re-billed,
 * as if the corrected reading had been recorded. The 30-day default's largest consumption (R20): refused, nothing
 * appended. A correction that leaves the consumption alone goes through.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@compensa/event-store';
import { auditReplay } from '../audit/audit-replay';
import { buildStore } from '../audit/example-store.testing';
import { runSimulation } from '../simulation/run-simulation';
import { line, reading, remoteSolarGeneration, uc } from './correction-portfolio.testing';

const correct = (ucId: string, cycle: string, consumed: string, injected = '0') =>
  line('CorrectReading', {
    ucId,
    cycle,
    postos: { unico: { consumed, injected } },
    reason: 'leitura errada',
    reference: `PROC-${ucId}-${consumed}`,
    date: '2025-08-01',
  });
const generator = (ucId: string) => line('RegisterGeneration', remoteSolarGeneration(ucId));

async function simulate(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-read-by-'));
  try {
    return await runSimulation(lines, { dataDir: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The audit of the store the lines leave: every decision re-derived (check 2), energy conserved (check 4). */
async function auditFailures(lines: string[]): Promise<string[]> {
  const built = await buildStore(lines);
  const store = new SqliteEventStore({ path: built.db });
  try {
    const audit = await auditReplay(store, { all: true }, {});
    return audit.mismatches.map((m) => `${m.check} ${m.stream}@${m.revision}: ${m.detail}`);
  } finally {
    await store.close();
    built.remove();
  }
}

describe('corrections of a consumption other streams compared', () => {
  it('R6: a priority rateio read the beneficiary’s demand (P6a): its split is decided again, ≡ recorded right', async () => {
    const lines = (january: string) => [
      uc('9001'),
      uc('9002'),
      uc('9003'),
      generator('9001'),
      line('ChangeRateio', { ucId: '9001', requestedAt: '2025-01-03', mode: 'priority', order: ['9002', '9003'] }),
      // R7: the rateio is in force from the cycle after the generator's first reading.
      reading('9001', '2025-01', '2025-01-20', '100', '0'),
      reading('9002', '2025-01', '2025-01-30', january),
      reading('9003', '2025-01', '2025-01-30', '500'),
      reading('9001', '2025-02', '2025-02-05', '100', '900'),
      reading('9002', '2025-02', '2025-02-28', '280'),
      reading('9003', '2025-02', '2025-02-28', '300'),
    ];
    const corrected = await simulate([...lines('300'), correct('9002', '2025-01', '350')]);
    const right = await simulate(lines('350'));
    expect(corrected.rejected).toEqual([]);
    for (const id of ['9001', '9002', '9003'])
      expect({ id, balance: corrected.ucs[id].balance }).toEqual({ id, balance: right.ucs[id].balance });
    // 9002's demand grew by 50 kWh: 50 kWh more of 9001's February excedente went to it, 50 less to 9003.
    const report = Object.values(corrected.corrections!)[0];
    expect(report.beneficiaries?.map((b) => [b.ucId, b.differenceKwh])).toEqual([
      ['9002', '50.000'],
      ['9003', '-50.000'],
    ]);
    expect(await auditFailures([...lines('300'), correct('9002', '2025-01', '350')])).toEqual([]);
  });

  it('R6: a priority rateio read a demand of 0 and gave the UC nothing: it gets its part where it would have', async () => {
    const lines = (demand: string) => [
      uc('9201'),
      uc('9202'),
      uc('9203'),
      generator('9201'),
      line('ChangeRateio', {
        ucId: '9201',
        requestedAt: '2025-01-03',
        mode: 'priority',
        order: ['9202', '9203'],
        leftoverUcId: '9202',
      }),
      reading('9201', '2025-01', '2025-01-20', '100', '0'),
      reading('9202', '2025-01', '2025-01-30', '300'),
      reading('9203', '2025-01', '2025-01-30', demand),
      reading('9201', '2025-02', '2025-02-05', '100', '900'),
      reading('9203', '2025-02', '2025-02-25', '100'),
    ];
    const wrong = await simulate(lines('0'));
    // 9203's demand was 0: the leftover went to 9202, nothing was delivered to 9203.
    expect(wrong.ucs['9203'].balance.totalKwh).toBe('0.000');
    const corrected = await simulate([...lines('0'), correct('9203', '2025-01', '200')]);
    const right = await simulate(lines('200'));
    expect(corrected.rejected).toEqual([]);
    for (const id of ['9201', '9202', '9203'])
      expect({ id, balance: corrected.ucs[id].balance }).toEqual({ id, balance: right.ucs[id].balance });
    expect(corrected.ucs['9203'].balance.totalKwh).not.toBe('0.000');
    expect(await auditFailures([...lines('0'), correct('9203', '2025-01', '200')])).toEqual([]);
  });

  it('R20 the 30-day default compared the UC’s consumption: re-decided on the titular stream (the same UC), and back again', async () => {
    const lines = [
      line('SetDistribuidoraPolicy', { distribuidora: 'copel', validFrom: '2020-01-01', p10: 'greater-of' }),
      uc('9101'),
      uc('9102', 'monofasico'),
      generator('9101'),
      reading('9101', '2025-02', '2025-02-20', '100', '500'),
      reading('9102', '2025-02', '2025-02-21', '120'),
      line('TransferTitularidade', {
        ucId: '9101',
        newTitular: { document: '11144477735', name: 'Bruno Lima' },
        date: '2025-04-01',
      }),
      line('AdvanceClock', { to: '2025-05-15' }),
      correct('9102', '2025-02', '90'),
      correct('9102', '2025-02', '120'),
    ];
    const report = await simulate(lines);
    // The default went to 9102, the titular's active UC with the largest consumption (its February reading); the only
    // candidate, so with 90 kWh, and back with 120, it still goes there: both corrections are appended.
    expect(report.ucs['9102'].balance.totalKwh).not.toBe('0.000');
    expect(report.rejected).toEqual([]);
    expect(await auditFailures(lines)).toEqual([]);
  });
});
