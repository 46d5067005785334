/**
 * The money examples (examples/12–15) checked by hand: the R10 cap and the invoice figures they print are worked
 * out here from RULES.md's formulas with integers (Wh, centavos), not taken from the code under test.
 * Tariffs of the examples (illustrative, Copel-like B1/B3 2025–26): te 0.33, tusd 0.50, fioB 0.28, fioA 0.06,
 * ped 0.01, tfsee 0.0006 → T = 0.83; f GD II 2026 = 0.60 × 0.28 = 0.168; f GD III = 0.28 + 0.40 × 0.06 + 0.01 +
 * 0.0006 = 0.3146.
 */
import { invoiceOfCycle, type UcEvent } from '@compensa/domain';
import { buildStore, storedEvent } from '../audit/example-store.testing';

type Compensated = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];

/** The n-th CycleCompensated of a UC stream after running an example. */
async function cycleOf(scenario: string, stream: string, nth: number): Promise<Compensated> {
  const store = await buildStore(scenario);
  try {
    return storedEvent(store.db, stream, 'CycleCompensated', nth).data as unknown as Compensated;
  } finally {
    store.remove();
  }
}

/** R10 cap in Wh, by hand: E = floor((C − P) × T / (T − f)), prices in 1e-4 R$ so it stays in integers. */
function capWh(cMinusPWh: bigint, t4: bigint, f4: bigint): bigint {
  return (cMinusPWh * t4) / (t4 - f4);
}

const kwhOf = (wh: bigint) => `${wh / 1000n}.${String(wh % 1000n).padStart(3, '0')}`;

describe('money examples (examples/12–15)', () => {
  it('R10 cap: GD II beneficiary, T 0.83, f 0.6 × 0.28, P 100, C 150 → E = floor(50 × 0.83 / 0.662) = 62.688 kWh (12)', async () => {
    const c = await cycleOf('12-gd2-beneficiaria-minimo-cap.jsonl', 'uc-cemig-16002', 1);
    expect(c.p10).toBe('cap');
    expect(c.billing?.pricing.T.unico).toBe('0.83');
    expect(c.billing?.pricing.f.unico?.GD_II).toBe('0.168');
    expect(c.compensatedKwh).toBe(kwhOf(capWh(50_000n, 8300n, 1680n)));
    expect(c.compensatedKwh).toBe('62.688');
    expect(c.billed.unico).toBe('87.312');
    // R24: 87.312 × 0.83 = 72.46896 → 72.47; 62.688 × 0.168 = 10.531584 → 10.53; 83.00 = CD 100 × 0.83.
    const invoice = invoiceOfCycle(c);
    expect(invoice.minimumAmount).toBe('83.00');
    expect(invoice.scceCharge).toBe('10.53');
    expect(invoice.energyParcel).toBe('83.00');
  });

  it('R10 greater-of: the same beneficiary compensates all 150 kWh; the parcel is CD, 83.00 > 150 × 0.168 = 25.20 (13)', async () => {
    const c = await cycleOf('13-gd2-beneficiaria-minimo-maior-entre.jsonl', 'uc-energisa_mt-13002', 1);
    expect(c.p10).toBe('greater-of');
    expect(c.compensatedKwh).toBe('150.000');
    const invoice = invoiceOfCycle(c);
    expect(invoice.scceCharge).toBe('25.20');
    expect(invoice.minimumBinding).toBe(true);
    expect(invoice.energyParcel).toBe('83.00');
    expect(invoice.lines.find((l) => l.code === 'ajuste_custo_disponibilidade')?.amount).toBe('57.80');
  });

  it('R16, R10: GD I + GD II mix: 200 GD I kWh, then GD II up to (300 × 0.83 − 200 × 0.83) / 0.662 = 125.377 (14)', async () => {
    const c = await cycleOf('14-gd1-gd2-beneficiaria-mista.jsonl', 'uc-celesc-14002', 1);
    const byClass = Object.fromEntries(c.lines.map((l) => [l.gdClass, l.kwh]));
    expect(byClass).toEqual({ GD_I: '200.000', GD_II: kwhOf(capWh(100_000n, 8300n, 1680n)) });
    expect(byClass.GD_II).toBe('125.377');
    expect(c.compensatedKwh).toBe('325.377');
  });

  it('R15, R23: GD III beneficiary pays fioB + 0.4 fioA + ped + tfsee = 0.3146; cap floor(80 × 0.83 / 0.5154) = 128.831 (15)', async () => {
    const c = await cycleOf('15-gd3-consorcio-beneficiarias.jsonl', 'uc-coelba-15004', 1);
    expect(c.lines.every((l) => l.gdClass === 'GD_III')).toBe(true);
    expect(c.billing?.pricing.f.unico?.GD_III).toBe('0.3146');
    expect(c.compensatedKwh).toBe(kwhOf(capWh(80_000n, 8300n, 3146n)));
    expect(c.compensatedKwh).toBe('128.831');
    // R23: 128.831 × 0.3146 = 40.5302326 → 40.53.
    expect(invoiceOfCycle(c).scceCharge).toBe('40.53');
  });
});
