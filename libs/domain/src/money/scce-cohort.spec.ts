import { splitInjectionByClass } from '../classification/split-injection';
import { componentSharesPaid } from '../compensation/fio-b-share';
import { RuleViolation } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { generationRegistered, ucRegistered } from '../testing/fixtures';
import { evolveUc } from '../uc/evolve-uc';
import type { UcCommand } from '../uc/uc-commands';
import type { UcEvent } from '../uc/uc-events';
import { initialUcState } from '../uc/uc-state';
import type { BusinessDate } from '../values/business-date';
import { cohortOf } from '../values/scce-cohort';
import { billingOfReading } from './billing-of-reading';
import { Money } from './cycle-pricing';
import { DEFAULT_POLICY } from '../distribuidora/distribuidora-policy';
import { invoiceOfCycle } from './invoice-of-cycle';
import { priceCycleTariffs } from './price-cycle';
import { scceChargeOn } from './scce-charge';
import type { ScceRates } from './scce-rates';
import type { TariffSchedule } from './tariff-schedule';
import type { TariffComponents } from './tariff-table';

const d = (s: string) => s as BusinessDate;
/** T = 1.00, fioB 0.20: GD III's formula 0.20 + 0.40 × 0.10 + 0.01 + 0.005 = 0.255. */
const COMPONENTS: TariffComponents = {
  te: '0.40',
  tusd: '0.60',
  fioB: '0.20',
  fioA: '0.10',
  ped: '0.01',
  tfsee: '0.005',
};
const SCHEDULE: TariffSchedule = [{ validFrom: d('2020-01-01'), subgrupos: { B1: { unico: COMPONENTS } } }];
const price = (from: string, to: string, scceRates: ScceRates = {}) =>
  priceCycleTariffs({
    subgrupo: 'B1',
    postos: ['unico'],
    period: { from: d(from), to: d(to) },
    schedule: SCHEDULE,
    scceRates,
  });

describe('R23 the 2023-H1 cohort (L art. 27 §2): 2028 charge kept in 2029 and 2030', () => {
  it('R23 a tranche requested from 2023-01-08 to 2023-07-07 is of the cohort; the days around it are not', () => {
    expect(cohortOf('2023-01-07', 'GD_I')).toBeUndefined();
    expect(cohortOf('2023-01-08', 'GD_II')).toBe('2023-H1');
    expect(cohortOf('2023-07-07', 'GD_III')).toBe('2023-H1');
    expect(cohortOf('2023-07-08', 'GD_II')).toBeUndefined();
  });

  it.each([2029, 2030])(
    'R23 the cohort pays 90%% of fioB in %i without a published rate; other GD II needs it',
    (year) => {
      expect(scceChargeOn('GD_II', d(`${year}-05-01`), COMPONENTS, {}, true)?.toFixed()).toBe('0.18');
      expect(scceChargeOn('GD_II', d(`${year}-05-01`), COMPONENTS, {})).toBeNull();
      const t = price(`${year}-04-10`, `${year}-05-09`);
      expect(t.fCohort?.unico?.GD_II?.toFixed()).toBe('0.18');
      expect(t.f.unico?.GD_II).toBeUndefined();
      expect(t.missing).toEqual([{ kind: 'scce-rate', year, gdClasses: ['GD_II', 'GD_III'] }]);
      expect(componentSharesPaid('GD_II', year, undefined, true).fioB).toBe(90);
    },
  );

  it('R23 the cohort keeps 90% even where a lower rate is published for the others', () => {
    const t = price('2029-04-10', '2029-05-09', { 2029: { share: '0.50' } });
    expect(t.f.unico?.GD_II?.toFixed()).toBe('0.1');
    expect(t.fCohort?.unico?.GD_II?.toFixed()).toBe('0.18');
    expect(t.missing).toEqual([]);
  });

  it.each([2029, 2030])('R23 GD III of the cohort keeps fioB + 0.40 × fioA + ped + tfsee in %i', (year) => {
    expect(scceChargeOn('GD_III', d(`${year}-08-01`), COMPONENTS, {}, true)?.toFixed()).toBe('0.255');
    expect(scceChargeOn('GD_III', d(`${year}-08-01`), COMPONENTS, {})).toBeNull();
    const t = price(`${year}-07-10`, `${year}-08-09`, { [year]: { share: '0.95' } });
    expect(t.fCohort?.unico?.GD_III?.toFixed()).toBe('0.255');
    expect(t.f.unico?.GD_III?.toFixed()).toBe('0.19'); // the others: the published share of fioB
  });

  it('R23 from 2031 the cohort pays the published rate like everyone else', () => {
    expect(scceChargeOn('GD_II', d('2031-01-01'), COMPONENTS, {}, true)).toBeNull();
    expect(scceChargeOn('GD_II', d('2031-01-01'), COMPONENTS, { 2031: { share: '0.95' } }, true)?.toFixed()).toBe(
      '0.19',
    );
    expect(scceChargeOn('GD_III', d('2031-01-01'), COMPONENTS, { 2031: { share: '0.95' } }, true)?.toFixed()).toBe(
      '0.19',
    );
    // A cycle wholly in 2031 records no cohort f: the class's f holds for the cohort's energy.
    expect(price('2031-01-10', '2031-02-09', { 2031: { share: '0.95' } }).fCohort).toBeUndefined();
  });

  it('R23 a cycle spanning 2030-12-31 is weighted by days: 16 days at 90%, 15 days at the 2031 rate', () => {
    const t = price('2030-12-16', '2031-01-15', { 2031: { share: '0.95' } });
    expect(t.days).toBe(31);
    // (0.90 × 0.20 × 16 + 0.95 × 0.20 × 15) / 31
    const expected = new Money('0.18').times(16).plus(new Money('0.19').times(15)).div(31);
    expect(t.fCohort?.unico?.GD_II?.eq(expected)).toBe(true);
    // GD III: the formula for its 2030 days, the published share of fioB for its 2031 days.
    const gdIII = new Money('0.255').times(16).plus(new Money('0.19').times(15)).div(31);
    expect(t.fCohort?.unico?.GD_III?.eq(gdIII)).toBe(true);
    // With only the 2030 rate published, the cohort's f is not known for that cycle (its 2031 days), and 2031 is named.
    const missing = price('2030-12-16', '2031-01-15', { 2030: { share: '0.95' } });
    expect(missing.f.unico?.GD_II).toBeUndefined();
    expect(missing.fCohort?.unico?.GD_II).toBeUndefined();
    expect(missing.missing).toEqual([{ kind: 'scce-rate', year: 2031, gdClasses: ['GD_II', 'GD_III'] }]);
  });

  it('R23 R16 a plant grown in 2024 keeps its 2023-H1 tranche apart: GD II split in proportion to kW', () => {
    const tranches = [
      { watts: 20_000n, requestedAt: '2023-03-01' },
      { watts: 20_000n, requestedAt: '2024-02-01' },
    ];
    const facts = {
      totalWatts: 40_000n,
      dispatchable: false,
      modalidade: 'autoconsumo_remoto' as const,
      largestOtherShareUnits: 0n,
      on: d('2029-03-10'),
    };
    expect(splitInjectionByClass(10_000n, tranches, facts)).toEqual([
      { gdClass: 'GD_II', wh: 5_000n },
      { gdClass: 'GD_II', wh: 5_000n, cohort: '2023-H1' },
    ]);
    // GD III (above 500 kW, a beneficiary with 25% or more): the cohort is kept with that class too.
    const big = { ...facts, totalWatts: 600_000n, largestOtherShareUnits: 300_000n };
    expect(splitInjectionByClass(1_000n, [{ watts: 600_000n, requestedAt: '2023-05-01' }], big)).toEqual([
      { gdClass: 'GD_III', wh: 1_000n, cohort: '2023-H1' },
    ]);
  });
});

/** A generator billed alone (trifásico, P = 100), registered for a cycle in `year`, its plant requested `requestedAt`. */
function plant(requestedAt: string): UcEvent[] {
  return [
    ucRegistered({ ucId: '1', registeredAt: '2029-02-09' }),
    generationRegistered({ ucId: '1', requestedAt, modalidade: 'local' }),
  ];
}

/** RecordReading 2029-03 in `cap` mode, with the money gathered as the command side does (no 2029 rate published). */
function capReading(events: UcEvent[]): UcCommand {
  const state = events.reduce(evolveUc, initialUcState);
  const money = billingOfReading({
    uc: state,
    readingDate: '2029-03-10',
    schedule: SCHEDULE,
    policy: { ...DEFAULT_POLICY, p10: 'cap' },
    scceRates: {},
    bandeiras: {},
    plantsOver1Mw: [],
  })!;
  return {
    type: 'RecordReading',
    data: { cycle: '2029-03', readingDate: '2029-03-10', postos: { unico: { consumed: '300', injected: '500' } } },
    context: { tariff: null, facts: {}, p12: 'open-cycle', p10: 'cap', pricing: money.pricing, billing: money.billing },
  };
}

describe('R23 R10 the cohort at a reading in 2029 (cap mode, no 2029 rate published)', () => {
  it('R23 a plant requested on 2023-07-07: compensated under the cap at T − 0.90 × fioB, and its invoice is priced', () => {
    const events = plant('2023-07-07');
    given(events)
      .when(capReading(events))
      .then((decided) => {
        const c = eventOf(decided, 'CycleCompensated').data;
        expect(c.lines.map((l) => [l.gdClass, l.cohort, l.kwh])).toEqual([['GD_II', '2023-H1', '243.902']]);
        // R10: (300 − 100) × 1.00 = 200 of room; each kWh lowers the parcel by 1.00 − 0.18 = 0.82 → 243.902 kWh.
        expect(c.pricing?.fCohort?.unico).toEqual({ GD_II: '0.18', GD_III: '0.255' });
        const invoice = invoiceOfCycle(c);
        expect(invoice.status).toBe('priced');
        const scce = invoice.lines.find((l) => l.code === 'scee');
        expect(scce).toMatchObject({ kwh: '243.902', unitPrice: '0.18000000', amount: '43.90' });
        expect(scce?.label).toBe('Encargo SCEE (Fio B) GD II (acesso 1º sem. 2023)');
        // The excedente keeps its cohort as credit.
        expect(eventOf(decided, 'ExcedenteAllocated').data.retained).toEqual([
          { posto: 'unico', gdClass: 'GD_II', kwh: '256.098', cohort: '2023-H1' },
        ]);
      });
  });

  it('R23 a plant requested on 2023-07-08, the day after the window, needs the published 2029 rate: refused', () => {
    const events = plant('2023-07-08');
    given(events).when(capReading(events)).thenThrows(RuleViolation('R23'));
  });

  it('R23 a cohort credit carries its cohort through the stream (and a lot stored without one has none)', () => {
    const events = plant('2023-03-01');
    const after = [
      ...events,
      ...given(events)
        .when(capReading(events))
        .then(() => undefined),
    ].reduce(evolveUc, initialUcState);
    expect(after.credits.map((c) => c.cohort)).toEqual(['2023-H1']);
    // An ExcedenteReceived stored before cohorts were recorded reads as energy of no cohort.
    const old: UcEvent = {
      type: 'ExcedenteReceived',
      data: {
        ucId: '2',
        sourceUcId: '1',
        sourceEventId: '1:2026-05',
        sourceCycle: '2026-05',
        allocatedOn: '2026-05-20',
        parts: [{ posto: 'unico', gdClass: 'GD_II', kwh: '10.000' }],
      },
    };
    const state = [ucRegistered({ ucId: '2' }), old].reduce(evolveUc, initialUcState);
    expect(state.received).toHaveLength(1);
    expect('cohort' in state.received[0]).toBe(false);
  });
});
