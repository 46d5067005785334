import type { BusinessDate } from '../values/business-date';
import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { bandeiraParts, type BandeiraPart } from './bandeira';
import { computeInvoice } from './compute-invoice';
import { Money } from './cycle-pricing';
import { taxesOn } from './gross-up';
import type { Invoice } from './invoice';
import type { InvoiceCompensation, InvoiceFacts } from './invoice-facts';
import { NO_TAXES, type TaxSettings } from './tax-settings';

type Prices = Partial<Record<Posto, { T: string; te?: string; f?: Partial<Record<GdClass, string>> }>>;

/** Facts of a Grupo B trifásico posto-único cycle at T 1.00 (te 0.40), GD I free, no bandeira, no taxes. */
function facts(over: Partial<InvoiceFacts> & { prices?: Prices } = {}): InvoiceFacts {
  const prices: Prices = over.prices ?? {
    unico: { T: '1.00', te: '0.40', f: { GD_I: '0', GD_II: '0.1', GD_III: '0.25' } },
  };
  const pricing = { T: {}, te: {}, f: {}, missing: [] } as {
    T: Record<string, string>;
    te: Record<string, string>;
    f: Record<string, Partial<Record<GdClass, string>>>;
    missing: [];
  };
  for (const [posto, p] of Object.entries(prices)) {
    pricing.T[posto] = p!.T;
    pricing.te[posto] = p!.te ?? '0';
    pricing.f[posto] = p!.f ?? { GD_I: '0' };
  }
  const { prices: _prices, ...rest } = over;
  return {
    group: 'B',
    consumed: { unico: '0' },
    compensation: [],
    minimum: { kwh: '100', baixaRenda: false, shortCycle: false },
    pricing,
    bandeira: [],
    taxes: NO_TAXES,
    rounding: 'abnt',
    ...rest,
  };
}
const comp = (
  kwh: string,
  gdClass: GdClass = 'GD_I',
  posto: Posto = 'unico',
  plantUpTo1Mw = true,
): InvoiceCompensation => ({ posto, kwh, gdClass, plantUpTo1Mw });
const amounts = (inv: Invoice) => inv.lines.map((l) => [l.code, l.amount]);
const sum = (inv: Invoice) => inv.lines.reduce((s, l) => s.plus(l.amount ?? 0), new Money(0)).toFixed(2);
const TAXES: TaxSettings = {
  icms: '0.18',
  pis: '0.01',
  cofins: '0.05',
  grossUp: 'aneel',
  icmsConvenio16: 'all',
  taxScceCharge: false,
};

describe('R24 Grupo B energy parcel: the greater of CD and the billing', () => {
  it('R24 CD binding: the billing lines and an "Ajuste custo de disponibilidade" line up to CD, never their sum', () => {
    const inv = computeInvoice(
      facts({
        consumed: { unico: '100' },
        compensation: [comp('80')],
        minimum: { kwh: '30', baixaRenda: false, shortCycle: false },
      }),
    );
    expect(amounts(inv)).toEqual([
      ['consumo', '100.00'],
      ['compensada', '-80.00'],
      ['ajuste_custo_disponibilidade', '10.00'],
    ]);
    expect(inv.lines.map((l) => l.label)).toEqual([
      'Consumo',
      'Energia compensada GD I',
      'Ajuste custo de disponibilidade',
    ]);
    expect(inv).toMatchObject({
      minimumKwh: '30.000',
      minimumAmount: '30.00',
      minimumBinding: true,
      energyParcel: '30.00',
      total: '30.00',
    });
    expect(inv.notes).toContain(
      'O custo de disponibilidade é maior que o faturamento da energia: cobrado o ajuste até ele (REN 1.000 art. 655-I §1).',
    );
  });

  it('R24 billing greater: no ajuste line; the parcel is (C − E) × T + Σ E_i × f_i', () => {
    const inv = computeInvoice(
      facts({
        consumed: { unico: '200' },
        compensation: [comp('50'), comp('40', 'GD_II')],
        minimum: { kwh: '30', baixaRenda: false, shortCycle: false },
      }),
    );
    expect(amounts(inv)).toEqual([
      ['consumo', '200.00'],
      ['compensada', '-50.00'],
      ['compensada', '-40.00'],
      ['scee', '4.00'],
    ]);
    expect(inv.lines[3].label).toBe('Encargo SCEE (Fio B) GD II');
    expect(inv).toMatchObject({
      minimumAmount: '30.00',
      minimumBinding: false,
      energyParcel: '114.00',
      scceCharge: '4.00',
      total: '114.00',
    });
  });

  it('R24 with GD II the SCEE charge counts toward CD (greater-of): 95.055 × 1.00 + 54.945 × 0.09 against CD 100', () => {
    const inv = computeInvoice(
      facts({
        prices: { unico: { T: '1.00', f: { GD_II: '0.09' } } },
        consumed: { unico: '150' },
        compensation: [comp('54.945', 'GD_II')],
      }),
    );
    // R28: lines rounded once: 150.00 − 54.94 (half-even) + 4.95 = 100.01 ≥ CD 100.00
    expect(amounts(inv)).toEqual([
      ['consumo', '150.00'],
      ['compensada', '-54.94'],
      ['scee', '4.95'],
    ]);
    expect(inv).toMatchObject({ minimumBinding: false, energyParcel: '100.01' });
  });

  it('R24 baixa renda halves CD (P 30 → 15 kWh)', () => {
    const inv = computeInvoice(
      facts({
        consumed: { unico: '100' },
        compensation: [comp('95')],
        minimum: { kwh: '30', baixaRenda: true, shortCycle: false },
      }),
    );
    expect(inv).toMatchObject({
      minimumKwh: '15.000',
      minimumAmount: '15.00',
      minimumBinding: true,
      energyParcel: '15.00',
    });
    expect(amounts(inv)[2]).toEqual(['ajuste_custo_disponibilidade', '10.00']);
  });

  it('R24 a cycle under 27 days bills no CD', () => {
    const inv = computeInvoice(
      facts({
        consumed: { unico: '100' },
        compensation: [comp('95')],
        minimum: { kwh: '100', baixaRenda: false, shortCycle: true },
      }),
    );
    expect(inv).toMatchObject({
      minimumKwh: null,
      minimumAmount: null,
      minimumBinding: false,
      energyParcel: '5.00',
      total: '5.00',
    });
    expect(inv.notes.some((n) => n.startsWith('Ciclo com menos de 27 dias'))).toBe(true);
  });

  it('R24 no consumption at all: a "Custo de disponibilidade" line of P × T', () => {
    const inv = computeInvoice(facts({ consumed: { unico: '0' } }));
    expect(inv.lines).toEqual([
      {
        code: 'custo_disponibilidade',
        label: 'Custo de disponibilidade',
        posto: 'unico',
        gdClass: null,
        kwh: '100.000',
        unitPrice: '1.00000000',
        amount: '100.00',
      },
    ]);
  });

  it('R24 compares the rounded CD with the sum of the rounded billing lines', () => {
    // T 0.333333335: CD 30 × T = 10.00000005 → 10.00; billing 40 × T = 13.3333334 → 13.33, − 10 × T = 3.33333335 → 3.33: 10.00
    const inv = computeInvoice(
      facts({
        prices: { unico: { T: '0.333333335' } },
        consumed: { unico: '40' },
        compensation: [comp('10')],
        minimum: { kwh: '30', baixaRenda: false, shortCycle: false },
      }),
    );
    expect(inv).toMatchObject({ minimumAmount: '10.00', energyParcel: '10.00', minimumBinding: false });
  });
});

describe('R25 Grupo A energy parcel per posto', () => {
  it('R25 per posto (C_p − E_p) × T_p + Σ E_i × f_i, no minimum', () => {
    const inv = computeInvoice(
      facts({
        group: 'A',
        minimum: null,
        prices: { ponta: { T: '2.00', f: { GD_II: '0.10' } }, fora_ponta: { T: '0.50', f: { GD_I: '0' } } },
        consumed: { ponta: '100', fora_ponta: '1000' },
        compensation: [comp('100', 'GD_II', 'ponta'), comp('600', 'GD_I', 'fora_ponta')],
      }),
    );
    expect(inv.lines.map((l) => [l.label, l.amount])).toEqual([
      ['Consumo Ponta', '200.00'],
      ['Energia compensada GD II Ponta', '-200.00'],
      ['Consumo Fora Ponta', '500.00'],
      ['Energia compensada GD I Fora Ponta', '-300.00'],
      ['Encargo SCEE (Fio B) GD II Ponta', '10.00'],
    ]);
    expect(inv).toMatchObject({ minimumKwh: null, minimumAmount: null, minimumBinding: false, energyParcel: '210.00' });
    expect(inv.tariff.ponta).toEqual({ T: '2.00000000', f: { 'GD II': '0.10000000' } });
  });

  it('R25 Grupo A with little consumption pays just that: no CD', () => {
    const inv = computeInvoice(
      facts({ group: 'A', minimum: null, consumed: { unico: '10' }, compensation: [comp('10')] }),
    );
    expect(inv).toMatchObject({ energyParcel: '0.00', total: '0.00' });
  });
});

describe('R26 bandeira only on kWh billed at full tariff', () => {
  const amarela: BandeiraPart[] = [{ flag: 'amarela', rate: '0.01885', days: 30 }];

  it('R26 on C − E, never on compensated energy', () => {
    const inv = computeInvoice(
      facts({
        consumed: { unico: '200' },
        compensation: [comp('150')],
        minimum: { kwh: '30', baixaRenda: false, shortCycle: false },
        bandeira: amarela,
      }),
    );
    const line = inv.lines.find((l) => l.code === 'bandeira');
    expect(line).toEqual({
      code: 'bandeira',
      label: 'Adic. Bandeira Amarela',
      posto: null,
      gdClass: null,
      kwh: '50.000',
      unitPrice: '0.01885000',
      amount: '0.94',
    });
    expect(inv.bandeira).toBe('0.94');
  });

  it('R26 on P when CD is the greater', () => {
    const inv = computeInvoice(
      facts({
        consumed: { unico: '200' },
        compensation: [comp('190')],
        minimum: { kwh: '30', baixaRenda: false, shortCycle: false },
        bandeira: amarela,
      }),
    );
    expect(inv.minimumBinding).toBe(true);
    expect(inv.lines.find((l) => l.code === 'bandeira')?.kwh).toBe('30.000');
    expect(inv.bandeira).toBe('0.57'); // 30 × 0.01885 = 0.5655
  });

  it('R26 a cycle spanning two months is weighted by days', () => {
    const parts = bandeiraParts({ from: '2026-05-22' as BusinessDate, to: '2026-06-20' as BusinessDate }, [
      { month: '2026-05', flag: 'amarela', rate: '0.01885' },
      { month: '2026-06', flag: 'vermelha1', rate: '0.04463' },
    ]);
    expect(parts).toEqual([
      { flag: 'amarela', rate: '0.01885', days: 10 },
      { flag: 'vermelha1', rate: '0.04463', days: 20 },
    ]);
    const inv = computeInvoice(facts({ consumed: { unico: '300' }, compensation: [comp('200')], bandeira: parts }));
    const line = inv.lines.find((l) => l.code === 'bandeira');
    // (0.01885 × 10 + 0.04463 × 20) / 30 = 0.03603666…; × 100 kWh = 3.6036… → 3.60
    expect(line).toMatchObject({
      label: 'Adic. Bandeiras Amarela/Vermelha Patamar 1',
      kwh: '100.000',
      unitPrice: '0.03603667',
      amount: '3.60',
    });
  });

  it('R26 a month with no published flag is refused, never guessed', () => {
    expect(() =>
      bandeiraParts({ from: '2026-05-22' as BusinessDate, to: '2026-06-20' as BusinessDate }, [
        { month: '2026-05', flag: 'verde', rate: '0' },
      ]),
    ).toThrow(/2026-06/);
  });

  it('R26 verde (rate 0) prints no line', () => {
    const inv = computeInvoice(
      facts({ consumed: { unico: '300' }, bandeira: [{ flag: 'verde', rate: '0', days: 30 }] }),
    );
    expect(inv.lines.some((l) => l.code === 'bandeira')).toBe(false);
  });
});

describe('R27 taxes', () => {
  const noCd = { kwh: '30', baixaRenda: false, shortCycle: false };

  it('R27 aneel gross-up: G = B / (1 − (PIS + COFINS + ICMS)), each tax on G', () => {
    const inv = computeInvoice(facts({ consumed: { unico: '100' }, minimum: noCd, taxes: TAXES }));
    // G = 100 / 0.76 = 131.5789…: ICMS 23.68, PIS 1.32, COFINS 6.58
    expect(inv.taxes).toEqual({ icms: '23.68', pis: '1.32', cofins: '6.58' });
    expect(inv.lines.slice(-3).map((l) => [l.label, l.amount])).toEqual([
      ['ICMS 18%', '23.68'],
      ['PIS/PASEP 1%', '1.32'],
      ['COFINS 5%', '6.58'],
    ]);
    expect(inv.total).toBe('131.58');
  });

  it('R27 cascade gross-up: G = B / ((1 − ICMS)(1 − PIS − COFINS)), PIS/COFINS on G − ICMS', () => {
    const inv = computeInvoice(
      facts({ consumed: { unico: '100' }, minimum: noCd, taxes: { ...TAXES, grossUp: 'cascade' } }),
    );
    // G = 100 / (0.82 × 0.94) = 129.7353…: ICMS 23.35; G − ICMS = 106.3829…: PIS 1.06, COFINS 5.32
    expect(inv.taxes).toEqual({ icms: '23.35', pis: '1.06', cofins: '5.32' });
    expect(inv.total).toBe('129.73');
  });

  it('R27 cascade reproduces a Celesc line (Example K): 150 kWh TE at 0.321930, ICMS 12%, PIS 1.10%, COFINS 5.06%', () => {
    const t = taxesOn(
      { full: new Money('150').times('0.32193'), icmsOnly: new Money(0) },
      { ...TAXES, icms: '0.12', pis: '0.011', cofins: '0.0506', grossUp: 'cascade' },
    );
    // printed: "Consumo TE 150,000 0,389867 58,48 | PIS/COFINS 3,17 | ICMS 12,00 7,02"
    expect(t.icms.toFixed(2)).toBe('7.02');
    expect(t.pis.plus(t.cofins).toFixed(2)).toBe('3.17');
    expect(new Money('48.2895').plus(t.icms).plus(t.pis).plus(t.cofins).toFixed(2)).toBe('58.48');
  });

  describe('R27 compensated energy: no PIS/COFINS; its ICMS by Convênio 16/2015 (C 100, E 60 GD I, T 1.00 = te 0.40 + tusd 0.60)', () => {
    const run = (convenio: TaxSettings['icmsConvenio16'], plantUpTo1Mw = true) =>
      computeInvoice(
        facts({
          consumed: { unico: '100' },
          compensation: [comp('60', 'GD_I', 'unico', plantUpTo1Mw)],
          minimum: noCd,
          taxes: { ...TAXES, icmsConvenio16: convenio },
        }),
      );

    it('R27 all: TE and TUSD of compensated energy exempt (MG): taxes on the 40 billed only', () => {
      expect(run('all').taxes).toEqual({ icms: '9.47', pis: '0.53', cofins: '2.63' }); // 40 × 0.18 / 0.76
    });
    it('R27 te-only: the TUSD of compensated energy keeps its ICMS (SC, SP)', () => {
      expect(run('te-only').taxes).toEqual({ icms: '17.38', pis: '0.53', cofins: '2.63' }); // + 36 × 0.18 / 0.82
    });
    it('R27 none: compensated energy keeps all its ICMS, still no PIS/COFINS', () => {
      expect(run('none').taxes).toEqual({ icms: '22.64', pis: '0.53', cofins: '2.63' }); // + 60 × 0.18 / 0.82
    });
    it('R27 energy from a plant above 1 MW is not exempt even under all', () => {
      expect(run('all', false).taxes).toEqual(run('none').taxes);
    });
  });

  it('R27 the exemption never covers CD: a binding CD is taxed in full', () => {
    const inv = computeInvoice(
      facts({ consumed: { unico: '100' }, compensation: [comp('90')], minimum: noCd, taxes: TAXES }),
    );
    expect(inv.minimumBinding).toBe(true);
    expect(inv.taxes).toEqual({ icms: '7.11', pis: '0.39', cofins: '1.97' }); // 30 / 0.76 = 39.47…
  });

  it('R27 the SCEE charge is taxed only where taxScceCharge says so', () => {
    const base = {
      consumed: { unico: '100' },
      compensation: [comp('50', 'GD_II')],
      minimum: noCd,
      prices: { unico: { T: '1.00', f: { GD_II: '0.2' } } },
    };
    expect(computeInvoice(facts({ ...base, taxes: TAXES })).taxes?.icms).toBe('11.84'); // 50 × 0.18 / 0.76
    expect(computeInvoice(facts({ ...base, taxes: { ...TAXES, taxScceCharge: true } })).taxes?.icms).toBe('14.21'); // 60 × …
  });
});

describe('R28 rounding, total and savings', () => {
  const grupoA = (consumed: Record<string, string>, rounding: 'abnt' | 'truncate') =>
    computeInvoice(
      facts({
        group: 'A',
        minimum: null,
        rounding,
        prices: { ponta: { T: '1' }, fora_ponta: { T: '1' }, intermediario: { T: '1' } },
        consumed,
      }),
    );

  it('R28 abnt rounds half-even, truncate cuts toward zero', () => {
    expect(amounts(grupoA({ ponta: '10.125', fora_ponta: '10.135', intermediario: '10.139' }, 'abnt'))).toEqual([
      ['consumo', '10.12'],
      ['consumo', '10.14'],
      ['consumo', '10.14'],
    ]);
    const truncated = grupoA({ ponta: '10.125', fora_ponta: '10.135', intermediario: '10.139' }, 'truncate');
    expect(amounts(truncated)).toEqual([
      ['consumo', '10.12'],
      ['consumo', '10.13'],
      ['consumo', '10.13'],
    ]);
    expect(truncated.notes).toContain(
      'Valores em R$ truncados em duas casas decimais (configuração da distribuidora).',
    );
  });

  it('R28 the total is the sum of the rounded lines, not the rounded sum', () => {
    const inv = grupoA({ ponta: '1.005', fora_ponta: '1.005', intermediario: '1.005' }, 'abnt');
    expect(amounts(inv).map((a) => a[1])).toEqual(['1.00', '1.00', '1.00']);
    expect(inv.total).toBe('3.00'); // the exact 3.015 would round to 3.02
    expect(sum(inv)).toBe(inv.total);
  });

  it('R28 the unit price keeps 8 places; the amount uses the exact price', () => {
    const inv = computeInvoice(
      facts({ group: 'A', minimum: null, prices: { unico: { T: '0.123456785' } }, consumed: { unico: '1000' } }),
    );
    expect(inv.lines[0]).toMatchObject({ unitPrice: '0.12345678', amount: '123.46' }); // 123.456785
  });

  it('R28 withoutScee is all of C at full tariff with bandeira and taxes; savings = withoutScee − total', () => {
    const inv = computeInvoice(
      facts({
        consumed: { unico: '200' },
        compensation: [comp('150', 'GD_II')],
        minimum: { kwh: '30', baixaRenda: false, shortCycle: false },
        bandeira: [{ flag: 'amarela', rate: '0.02', days: 30 }],
        taxes: TAXES,
      }),
    );
    // with SCEE: 200 − 150 + 150 × 0.1 = 65.00; bandeira 50 × 0.02 = 1.00; base 51.00 (SCEE untaxed), ICMS 12.08 …
    expect(inv).toMatchObject({ energyParcel: '65.00', scceCharge: '15.00', bandeira: '1.00' });
    expect(inv.taxes).toEqual({ icms: '12.08', pis: '0.67', cofins: '3.36' });
    expect(inv.total).toBe('82.11');
    // without: 200.00 + bandeira 4.00 = 204.00 / 0.76 = 268.42
    expect(inv.withoutScee).toBe('268.42');
    expect(inv.savings).toBe('186.31');
  });
});

describe('R22 an invoice with a tariff missing', () => {
  it('R22 keeps its kWh lines, prints no R$ and names the missing tariff', () => {
    const f = facts({ consumed: { unico: '200' }, compensation: [comp('150')] });
    const inv = computeInvoice({
      ...f,
      pricing: {
        T: {},
        te: {},
        f: {},
        missing: [
          {
            kind: 'tariff',
            subgrupo: 'B1',
            posto: 'unico',
            from: '2026-03-01' as BusinessDate,
            to: '2026-03-31' as BusinessDate,
          },
        ],
      },
    });
    expect(inv.status).toBe('tariff-missing');
    expect(inv.lines.map((l) => [l.code, l.kwh, l.amount])).toEqual([
      ['consumo', '200.000', null],
      ['compensada', '150.000', null],
    ]);
    expect(inv).toMatchObject({ total: null, energyParcel: null, minimumKwh: '100.000', minimumAmount: null });
    expect(inv.notes).toContain(
      'Tarifa em R$ não publicada para o subgrupo B1, posto unico, de 01/03/2026 a 31/03/2026.',
    );
  });

  it('R23 a GD II line with its 2029 rate missing: no R$, the year named', () => {
    const f = facts({
      consumed: { unico: '200' },
      compensation: [comp('150', 'GD_II')],
      prices: { unico: { T: '1', f: { GD_I: '0' } } },
    });
    const inv = computeInvoice({
      ...f,
      pricing: { ...f.pricing, missing: [{ kind: 'scce-rate', year: 2029, gdClasses: ['GD_II', 'GD_III'] }] },
    });
    expect(inv.status).toBe('tariff-missing');
    expect(inv.notes).toContain(
      'Percentual do Fio B do SCEE para 2029 (art. 17 da Lei 14.300/2022) não publicado: GD II, GD III.',
    );
  });

  it('R23 a GD I-only cycle is priced even when the 2029 rate is missing', () => {
    const f = facts({
      consumed: { unico: '200' },
      compensation: [comp('150')],
      prices: { unico: { T: '1', f: { GD_I: '0' } } },
    });
    expect(computeInvoice(f).status).toBe('priced');
  });
});

describe('R17 invoice notes', () => {
  it('R17 every invoice says demand, CIP and municipal charges are outside it', () => {
    expect(computeInvoice(facts({ consumed: { unico: '10' } })).notes[0]).toMatch(
      /contribuição de iluminação pública \(CIP\)/,
    );
  });
});
