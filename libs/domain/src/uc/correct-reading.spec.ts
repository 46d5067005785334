import { RuleViolationError, UnknownReading } from '../shared/errors';
import { CPF_ANA } from '../testing/fixtures';
import { PortfolioSimulator } from '../testing/portfolio-simulator';
import type { UcCommand } from './uc-commands';
import type { UcEvent } from './uc-events';

type Correction = Extract<UcCommand, { type: 'CorrectReading' }>['data'];

/** UC 1: a local GD I generator with no rateio (its excedente is its own credit); three monthly readings. */
function generator(): PortfolioSimulator {
  const sim = new PortfolioSimulator();
  sim.execute('1', {
    type: 'RegisterUc',
    data: {
      ucId: '1',
      distribuidora: 'copel',
      titular: { document: CPF_ANA, name: 'Ana' },
      group: 'B',
      connection: 'trifasico',
      postos: ['unico'],
      registeredAt: '2025-01-01',
    },
  });
  sim.execute('1', {
    type: 'RegisterGeneration',
    data: {
      installedKw: '10.000',
      source: 'solar',
      dispatchable: false,
      modalidade: 'local',
      requestedAt: '2022-01-01',
      connectedAt: '2022-02-01',
    },
  });
  const read = (cycle: string, readingDate: string, consumed: string, injected: string) =>
    sim.execute('1', {
      type: 'RecordReading',
      data: { cycle, readingDate, postos: { unico: { consumed, injected } } },
    });
  // R10 (GD I only): at most C − 100 compensated.
  read('2025-02', '2025-02-01', '200', '1000'); // 100 compensated, 900 excedente → credit
  read('2025-03', '2025-03-01', '900', '0'); // 800 of credit used
  read('2025-04', '2025-04-01', '500', '0'); // the 100 left used
  return sim;
}

const correction = (over: Partial<Correction> = {}): Correction => ({
  correctionId: 'retif-1-2025-02-a',
  cycle: '2025-02',
  date: '2025-05-10',
  postos: { unico: { consumed: '200', injected: '700' } },
  reason: 'injeção lida do medidor errado',
  reference: 'PROC-2025-0042',
  ...over,
});

const of = <T extends UcEvent['type']>(events: UcEvent[], type: T) =>
  events.filter((e): e is Extract<UcEvent, { type: T }> => e.type === type);

describe('CorrectReading', () => {
  it('R8 R10: re-bills the corrected cycle and every later cycle that used its credits', () => {
    const sim = generator();
    const events = sim.correct('1', correction());
    const [corrected] = of(events, 'ReadingCorrected');
    expect(corrected.data).toMatchObject({
      cycle: '2025-02',
      previous: { unico: { consumed: '200.000', injected: '1000.000' } },
      corrected: { unico: { consumed: '200.000', injected: '700.000' } },
      recompensated: ['2025-02', '2025-03', '2025-04'],
      credits: [],
      reference: 'PROC-2025-0042',
    });
    const [feb, mar, apr] = of(events, 'CycleRecompensated').map((e) => e.data);
    expect(feb.compensation.excedenteKwh).toBe('600.000');
    expect(mar.compensation.compensatedKwh).toBe('600.000'); // was 800: the credit is 600 kWh
    expect(mar.compensation.billed).toEqual({ unico: '300.000' });
    expect(apr.compensation.compensatedKwh).toBe('0.000'); // was 100
    expect(sim.state('1').credits).toEqual([]);
  });

  it('is idempotent: the same correction again appends nothing; the values in force again append nothing', () => {
    const sim = generator();
    sim.correct('1', correction());
    expect(sim.correct('1', correction())).toEqual([]);
    expect(sim.correct('1', correction({ correctionId: 'other', reference: 'PROC-2' }))).toEqual([]);
  });

  it('corrects a cycle already corrected, from the values in force', () => {
    const sim = generator();
    sim.correct('1', correction());
    const events = sim.correct(
      '1',
      correction({ correctionId: 'b', postos: { unico: { consumed: '200', injected: '1500' } } }),
    );
    const [corrected] = of(events, 'ReadingCorrected');
    expect(corrected.data.previous).toEqual({ unico: { consumed: '200.000', injected: '700.000' } });
    // 1,400 of credit: 800 used in March, 400 in April, 200 left.
    expect(sim.state('1').credits.map((c) => c.kwh.toString())).toEqual(['200.000']);
  });

  it('R9: refuses a cycle older than the oldest credit still alive (60 months), appending nothing', () => {
    const sim = generator();
    const before = sim.events('1').length;
    expect(() => sim.correct('1', correction({ date: '2030-02-01' }))).toThrow(RuleViolationError);
    try {
      sim.correct('1', correction({ date: '2030-02-01' }));
    } catch (e) {
      expect((e as RuleViolationError).rule).toBe('R9');
    }
    expect(sim.events('1').length).toBe(before);
  });

  it('R20 a consumption a 30-day default compared is corrected on the UC and named for the titular stream to re-decide (as P6a, R6)', () => {
    // Given a reading whose consumption a 30-day default (R20) and a priority rateio (P6a) compared
    const sim = generator();
    const readBy = [
      { stream: 'titular-copel-52998224725', eventId: 'e1', rule: 'R20' as const },
      { stream: 'uc-copel-9', eventId: 'e2', rule: 'R6' as const },
    ];
    // When its consumption is corrected
    const events = sim.correct('1', correction({ postos: { unico: { consumed: '250', injected: '1000' } } }), readBy);
    // Then the UC's correction is appended and names the decisions that compared it: the handler re-decides them on
    // their streams (RedecideDefault, RedecideAllocation), which refuse there when they would move energy elsewhere
    const [corrected] = of(events, 'ReadingCorrected');
    expect(corrected.data.readBy).toEqual(readBy);
  });

  it('R9: credits that expire within the re-decided cycles expire as they would have (wrong, corrected ≡ right)', () => {
    // A 2020 credit of 900 kWh expires on 2025-01-10; December 2024 used part of it, February 2025 finds the rest
    // expired. December is corrected to a larger consumption: more of the old credit is used, less expires.
    const world = (december: string, corrected: string | null) => {
      const sim = new PortfolioSimulator();
      sim.execute('1', {
        type: 'RegisterUc',
        data: {
          ucId: '1',
          distribuidora: 'copel',
          titular: { document: CPF_ANA, name: 'Ana' },
          group: 'B',
          connection: 'trifasico',
          postos: ['unico'],
          registeredAt: '2019-12-01',
        },
      });
      sim.execute('1', {
        type: 'RegisterGeneration',
        data: {
          installedKw: '10.000',
          source: 'solar',
          dispatchable: false,
          modalidade: 'local',
          requestedAt: '2019-01-01',
          connectedAt: '2019-02-01',
        },
      });
      const read = (cycle: string, readingDate: string, consumed: string, injected: string) =>
        sim.execute('1', {
          type: 'RecordReading',
          data: { cycle, readingDate, postos: { unico: { consumed, injected } } },
        });
      read('2020-01', '2020-01-10', '200', '1000');
      read('2024-12', '2024-12-10', december, '0');
      read('2025-02', '2025-02-10', '150', '0');
      if (corrected)
        sim.correct(
          '1',
          correction({
            cycle: '2024-12',
            date: '2025-03-01',
            postos: { unico: { consumed: corrected, injected: '0' } },
          }),
        );
      sim.sweep('2025-03-01');
      return sim;
    };
    const wrong = world('300', '700');
    const right = world('700', null);
    const expiredOf = (sim: PortfolioSimulator) =>
      of(sim.events('1') as UcEvent[], 'CreditsExpired').reduce((a, e) => a + Number(e.data.totalKwh), 0);
    const [corrected] = of(wrong.events('1') as UcEvent[], 'ReadingCorrected');
    expect(corrected.data.expiredKwh).toEqual({ before: '700.000', after: '300.000' });
    // February's bill is the same; the credits expired at its reading are not.
    expect(corrected.data.recompensated).toEqual(['2024-12', '2025-02']);
    expect(wrong.state('1').credits).toEqual(right.state('1').credits);
    // Recorded expiries (700) plus the correction's change (300 − 700) are what the right history expired (300).
    expect(expiredOf(right)).toBe(300);
    expect(expiredOf(wrong) + 300 - 700).toBe(expiredOf(right));
  });

  it('refuses an unknown cycle (404), a date before the UC’s latest reading and a correction without its reference', () => {
    const sim = generator();
    expect(() => sim.correct('1', correction({ cycle: '2024-12' }))).toThrow(UnknownReading);
    expect(() => sim.correct('1', correction({ date: '2025-03-15' }))).toThrow('date');
    expect(() => sim.correct('1', correction({ reference: ' ' }))).toThrow('reference');
  });
});
