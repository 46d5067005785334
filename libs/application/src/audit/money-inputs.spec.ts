import { SqliteEventStore } from '@compensa/event-store';
import { auditReplay } from './audit-replay';
import { renderAuditHtml } from './audit-html';
import type { AuditReport } from './audit-report';
import type { AuditSelection } from './audit-selection';
import { buildStore, storedEvent, tamperAndRehash } from './example-store.testing';

/** Example 12: Cemig in `cap`, taxes set, bandeiras for every month; UC 16002 is a GD II beneficiary. */
const SCENARIO = '12-gd2-beneficiaria-minimo-cap.jsonl';
const STREAM = 'uc-cemig-16002';

async function audit(db: string, selection: AuditSelection): Promise<AuditReport> {
  const store = new SqliteEventStore({ path: db });
  try {
    return await auditReplay(store, selection);
  } finally {
    await store.close();
  }
}

const moneyMismatches = (r: AuditReport) =>
  r.mismatches.filter((m) => m.check === 'recorded-input').map((m) => ({ stream: m.stream, path: m.path }));

describe('audit check 2 for money (R10, R22–R28)', () => {
  it('R22–R28: an untouched store passes; national streams are replayed; each cycle shows its invoice', async () => {
    const s = await buildStore(SCENARIO);
    try {
      const all = await audit(s.db, { all: true });
      expect(all.mismatches).toEqual([]);
      // 8 readings record their money (2 UCs × 4 cycles), each with its TE check and its money check.
      expect(all.summary.checks.recordedInputs).toEqual({ passed: 16, failed: 0 });
      expect(all.streams.filter((x) => x.kind === 'national').map((x) => x.stream)).toEqual(['national-bandeiras']);
      const cycle = all.ucs.find((u) => u.stream === STREAM)!.cycles.find((c) => c.cycle === '2026-01')!;
      // R24: (150 − 62.688) × 0.83 → 72.47, + 62.688 × 0.168 → 10.53 = 83.00 = CD; with ICMS, PIS, COFINS 114.64.
      expect(cycle.invoice).toEqual({ status: 'priced', energyParcel: '83.00', total: '114.64' });
      expect(renderAuditHtml(all)).toContain('Parcela de energia R$&nbsp;83,00. Total R$&nbsp;114,64.');

      const one = await audit(s.db, { uc: '16002' });
      expect(one.mismatches).toEqual([]);
      expect(one.streams.map((x) => x.stream)).toEqual(['national-bandeiras', 'tariff-cemig', STREAM]);
    } finally {
      s.remove();
    }
  });

  it('R22: a billing T rewritten by an insider (hash chain recomputed) is named: data.billing.pricing.T.unico', async () => {
    const s = await buildStore(SCENARIO);
    try {
      const ev = storedEvent(s.db, STREAM, 'CycleCompensated', 1);
      const billing = ev.data.billing as { pricing: { T: Record<string, string> } };
      const forged = { ...billing, pricing: { ...billing.pricing, T: { unico: '0.99' } } };
      tamperAndRehash(s.db, STREAM, ev.revision, { ...ev.data, billing: forged });
      const all = await audit(s.db, { all: true });
      expect(all.summary.checks.hashChain.failed).toBe(0);
      expect(moneyMismatches(all)).toEqual([{ stream: STREAM, path: 'data.billing.pricing.T.unico' }]);
      const m = all.mismatches.find((x) => x.check === 'recorded-input')!;
      expect([m.expected, m.recorded, m.revision]).toEqual(['0.83', '0.99', ev.revision]);
    } finally {
      s.remove();
    }
  });

  it('R10, R23: the f the cap used and the P10 mode are recorded inputs too', async () => {
    const s = await buildStore(SCENARIO);
    try {
      const ev = storedEvent(s.db, STREAM, 'CycleCompensated', 2);
      const pricing = ev.data.pricing as { T: unknown; f: { unico: Record<string, string> } };
      const forged = { ...pricing, f: { unico: { ...pricing.f.unico, GD_II: '0.1' } } };
      tamperAndRehash(s.db, STREAM, ev.revision, { ...ev.data, pricing: forged, p10: 'greater-of' });
      const all = await audit(s.db, { all: true });
      const m = all.mismatches.find((x) => x.check === 'recorded-input')!;
      expect(m.path).toBe('data.p10');
      expect(m.detail).toContain('data.pricing.f.unico.GD_II');
    } finally {
      s.remove();
    }
  });

  it('R26: a bandeira rewritten in the national stream no longer matches the billing that used it', async () => {
    const s = await buildStore(SCENARIO);
    try {
      const ev = storedEvent(s.db, 'national-bandeiras', 'BandeiraPublished', 2);
      tamperAndRehash(s.db, 'national-bandeiras', ev.revision, { ...ev.data, rate: '0.02' });
      const all = await audit(s.db, { all: true });
      expect(moneyMismatches(all)).toContainEqual({ stream: STREAM, path: 'data.billing.bandeira[0].rate' });
    } finally {
      s.remove();
    }
  });
});
