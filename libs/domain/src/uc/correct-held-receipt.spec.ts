import { RuleViolationError } from '../shared/errors';
import { CPF_ANA, CPF_BRUNO } from '../testing/fixtures';
import { billsInForce as bills, eventsOfType as of } from '../testing/bills-in-force';
import { PortfolioSimulator } from '../testing/portfolio-simulator';
import { decideUc } from './decide-uc';
import type { UcCommand } from './uc-commands';

type Correction = Extract<UcCommand, { type: 'CorrectReading' }>['data'];

const A = '301';
const B = '302';

/**
 * A, Ana's local generator, reads March and April (`april`: its April injection), changes titular to Bruno on 20/04
 * (R18: its credits held for Ana); Ana indicates her UC B on 02/05 (R20: the credits move to B); B's May reading
 * (2000 kWh) uses them.
 */
function portfolio(april: string): PortfolioSimulator {
  const sim = new PortfolioSimulator();
  for (const ucId of [A, B])
    sim.execute(ucId, {
      type: 'RegisterUc',
      data: {
        ucId,
        distribuidora: 'copel',
        titular: { document: CPF_ANA, name: 'Ana' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2025-01-01',
      },
    });
  sim.execute(A, {
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
  for (const [cycle, injected] of [
    ['2025-03', '900'],
    ['2025-04', april],
  ] as const) {
    sim.execute(A, {
      type: 'RecordReading',
      data: { cycle, readingDate: `${cycle}-10`, postos: { unico: { consumed: '200', injected } } },
    });
    sim.execute(B, {
      type: 'RecordReading',
      data: { cycle, readingDate: `${cycle}-12`, postos: { unico: { consumed: '300', injected: '0' } } },
    });
  }
  sim.execute(A, {
    type: 'TransferTitularidade',
    data: { newTitular: { document: CPF_BRUNO, name: 'Bruno' }, date: '2025-04-20' },
  });
  sim.indicate('copel', CPF_ANA, {
    document: CPF_ANA,
    sourceUcId: A,
    date: '2025-05-02',
    shares: [{ ucId: B, percent: '100' }],
  });
  sim.execute(B, {
    type: 'RecordReading',
    data: { cycle: '2025-05', readingDate: '2025-05-12', postos: { unico: { consumed: '2000', injected: '0' } } },
  });
  return sim;
}

const correction = (injected: string): Correction => ({
  correctionId: 'retif-301-2025-04-a',
  cycle: '2025-04',
  date: '2025-05-20',
  postos: { unico: { consumed: '200', injected } },
  reason: 'injeção estimada',
  reference: 'PROC-301',
});

describe('CorrectHeldReceipt (a retificação of held credits already moved to a UC, R20)', () => {
  it('R20 an indication moved the credits: the receiving UC gets HeldCreditsReceiptCorrected and its later cycles are re-billed, ≡ recorded right', () => {
    // Given A's April injection recorded as 1000 kWh, its credits held for Ana and indicated to B, used by B's May
    const sim = portfolio('1000');
    // When A's April is corrected to 600 kWh
    const events = sim.correctAll(A, correction('600'));
    // Then B's received lots are corrected (400 kWh less) and its May is billed again
    const [receipt] = of(events.get(B)!, 'HeldCreditsReceiptCorrected');
    expect(receipt.data).toMatchObject({
      correctionId: 'retif-301-2025-04-a',
      fromUcId: A,
      differenceKwh: '-400.000',
      recompensated: ['2025-05'],
    });
    // And the titular's HeldCreditsCorrected names the move whose lots changed (the same delivery)
    const [held] = sim.titularEvents('copel', CPF_ANA).filter((e) => e.type === 'HeldCreditsCorrected');
    expect(held.type === 'HeldCreditsCorrected' && held.data.moves?.map((m) => [m.sourceEventId, m.ucId])).toEqual([
      [receipt.data.sourceEventId, B],
    ]);
    // ≡ A's reading recorded right from the start, on both UCs (B's May bill included)
    const right = portfolio('600');
    expect(bills(sim, B)).toEqual(bills(right, B));
    expect(bills(sim, A)).toEqual(bills(right, A));
    expect(bills(sim, B)).not.toEqual(bills(portfolio('1000'), B));
  });

  it('R20 the same correction again appends nothing, on any stream', () => {
    const sim = portfolio('1000');
    sim.correctAll(A, correction('600'));
    const log = sim.log.length;
    const titular = sim.titularEvents('copel', CPF_ANA).length;
    expect([...sim.correctAll(A, correction('600')).values()].flat()).toEqual([]);
    expect([sim.log.length, sim.titularEvents('copel', CPF_ANA).length]).toEqual([log, titular]);
  });

  it('R20 refuses a correction of a delivery the UC never received (no move reached its stream), appending nothing', () => {
    const sim = portfolio('1000');
    const refuse = () =>
      decideUc(
        {
          type: 'CorrectHeldReceipt',
          data: {
            correctionId: 'retif-x',
            sourceEventId: 'titular-copel-x:9:302',
            fromStream: 'titular-copel-x',
            fromUcId: A,
            date: '2025-05-20',
            lots: [],
          },
          context: { history: sim.history(B) },
        },
        sim.state(B),
      );
    expect(refuse).toThrow(RuleViolationError);
    expect(refuse).toThrow(/R20/);
  });
});

const C = '303';

/**
 * R20, the 30-day decisions a correction re-decides. A, Ana's local generator, reads March and April (`april`: its
 * April injection), changes titular to Bruno on 20/04 (R18: its credits held for Ana, deadline 20/05). `default`:
 * Ana indicates nothing and the default of 21/05 compares B's May consumption (`bMay`) with C's (1,500 kWh): the UC of
 * largest consumption takes the credits, and its June bill uses them. `split`: Ana indicates B 99.9999% and C 0.0001%
 * on 02/05 (Q2: C's share of a lot is 1 Wh from 500 kWh up, else nothing).
 */
function thirtyDay(mode: 'default' | 'split', april: string, bMay = '1000', march = '600'): PortfolioSimulator {
  const sim = new PortfolioSimulator();
  for (const ucId of [A, B, C])
    sim.execute(ucId, {
      type: 'RegisterUc',
      data: {
        ucId,
        distribuidora: 'copel',
        titular: { document: CPF_ANA, name: 'Ana' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2025-01-01',
      },
    });
  sim.execute(A, {
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
  const read = (ucId: string, cycle: string, day: number, consumed: string, injected = '0') =>
    sim.execute(ucId, {
      type: 'RecordReading',
      data: { cycle, readingDate: `${cycle}-${day}`, postos: { unico: { consumed, injected } } },
    });
  for (const [cycle, injected] of [
    ['2025-03', march],
    ['2025-04', april],
  ] as const) {
    read(A, cycle, 10, '200', injected);
    read(B, cycle, 12, '300');
    read(C, cycle, 13, '300');
  }
  sim.execute(A, {
    type: 'TransferTitularidade',
    data: { newTitular: { document: CPF_BRUNO, name: 'Bruno' }, date: '2025-04-20' },
  });
  if (mode === 'split')
    sim.indicate('copel', CPF_ANA, {
      document: CPF_ANA,
      sourceUcId: A,
      date: '2025-05-02',
      shares: [
        { ucId: B, percent: '99.9999' },
        { ucId: C, percent: '0.0001' },
      ],
    });
  read(B, '2025-05', 12, bMay);
  read(C, '2025-05', 13, '1500');
  sim.runDue('2025-05-21');
  read(B, '2025-06', 12, '900');
  read(C, '2025-06', 13, '1200');
  return sim;
}

describe('CorrectHeldReceipt: 30-day decisions re-decided by a correction (R20; were refused)', () => {
  const bMay = (consumed: string): Correction => ({
    correctionId: 'retif-302-2025-05-a',
    cycle: '2025-05',
    date: '2025-06-20',
    postos: { unico: { consumed, injected: '0' } },
    reason: 'consumo lido de outro medidor',
    reference: 'PROC-302',
  });

  it('R20 a corrected consumption makes the default choose another UC: the UC chosen before is corrected to nothing and the one chosen now receives from nothing, both re-billed, ≡ recorded right', () => {
    // Given the default of 21/05 gave A's credits to B (2,000 kWh in May against C's 1,500), and B's June used them
    const sim = thirtyDay('default', '1000', '2000');
    const [move] = sim.titularEvents('copel', CPF_ANA).filter((e) => e.type === 'HeldCreditsReallocated');
    expect(move.type === 'HeldCreditsReallocated' && move.data.outcome.map((o) => o.ucId)).toEqual([B]);
    // When B's May consumption is corrected to 1,000 kWh (C's 1,500 is now the largest)
    const events = sim.correctAll(B, bMay('1000'));
    // Then the titular's stream re-decides the default: to C instead of B, naming both deliveries
    const redecided = sim.titularEvents('copel', CPF_ANA).find((e) => e.type === 'ReallocationDefaultRedecided');
    expect(redecided?.type === 'ReallocationDefaultRedecided' && redecided.data).toMatchObject({
      comparedUcId: B,
      previousKwh: '2000.000',
      correctedKwh: '1000.000',
      decisions: [{ date: '2025-05-21', fromUcId: A, toUcIds: [C], previousToUcIds: [B] }],
    });
    const moves = redecided?.type === 'ReallocationDefaultRedecided' ? (redecided.data.moves ?? []) : [];
    expect(moves.map((m) => [m.ucId, m.previous.length > 0, m.corrected.length > 0])).toEqual([
      [B, true, false],
      [C, false, true],
    ]);
    // And B's receipt is corrected to nothing, C's from nothing (placed where the delivery would have come), each
    // with its June bill re-billed
    const [fromB] = of(events.get(B)!, 'HeldCreditsReceiptCorrected');
    const [toC] = of(events.get(C)!, 'HeldCreditsReceiptCorrected');
    expect(fromB.data).toMatchObject({ corrected: [], recompensated: ['2025-06'] });
    expect(fromB.data.deliveredAt).toBeUndefined();
    expect(toC.data).toMatchObject({ previous: [], recompensated: ['2025-06'] });
    expect(toC.data.deliveredAt).toEqual(expect.any(Number));
    expect(toC.data.differenceKwh).toBe(moves[1].differenceKwh);
    expect(fromB.data.differenceKwh).toBe(moves[0].differenceKwh);
    // ≡ B's May recorded right from the start, on every UC
    const right = thirtyDay('default', '1000', '1000');
    for (const ucId of [A, B, C]) expect(bills(sim, ucId)).toEqual(bills(right, ucId));
    expect(bills(sim, C)).not.toEqual(bills(thirtyDay('default', '1000', '2000'), C));
    // And the same correction again appends nothing
    expect([...sim.correctAll(B, bMay('1000')).values()].flat()).toEqual([]);
  });

  it('R20 a later correction of the credits the re-decided default moved reaches the UC chosen now (its delivery placed by the first correction)', () => {
    const sim = thirtyDay('default', '1000', '2000');
    sim.correctAll(B, bMay('1000'));
    // When A's April injection is corrected too (1,000 → 700 kWh)
    const events = sim.correctAll(A, correction('700'));
    // Then C's receipt is corrected again (not B's: it has nothing of them), ≡ both recorded right
    expect(of(events.get(C) ?? [], 'HeldCreditsReceiptCorrected')).toHaveLength(1);
    expect(events.get(B) ?? []).toEqual([]);
    const right = thirtyDay('default', '700', '1000');
    for (const ucId of [A, B, C]) expect(bills(sim, ucId)).toEqual(bills(right, ucId));
  });

  it('R20 a correction gives credits to a UC the indication gave nothing (0 Wh of its split): it receives them from nothing, ≡ recorded right', () => {
    // Given A's April recorded as 600 kWh: both held lots under 500 kWh, so C's 0.0001% share was 0 Wh (no delivery)
    const sim = thirtyDay('split', '600');
    const [move] = sim.titularEvents('copel', CPF_ANA).filter((e) => e.type === 'HeldCreditsReallocated');
    expect(move.type === 'HeldCreditsReallocated' && move.data.outcome.map((o) => o.lots.length)).toEqual([2, 0]);
    // When A's April is corrected to 1,000 kWh (its lot 800 kWh: C's share is 1 Wh)
    const events = sim.correctAll(A, correction('1000'));
    // Then the titular names the delivery to C from nothing, and C receives it
    const [held] = sim.titularEvents('copel', CPF_ANA).filter((e) => e.type === 'HeldCreditsCorrected');
    const toC = held.type === 'HeldCreditsCorrected' ? held.data.moves?.find((m) => m.ucId === C) : undefined;
    expect(toC).toMatchObject({ previous: [], differenceKwh: '0.001' });
    const [receipt] = of(events.get(C)!, 'HeldCreditsReceiptCorrected');
    expect(receipt.data).toMatchObject({ previous: [], differenceKwh: '0.001' });
    // ≡ recorded right from the start, on every UC
    const right = thirtyDay('split', '1000');
    for (const ucId of [A, B, C]) expect(bills(sim, ucId)).toEqual(bills(right, ucId));
  });

  it('R20 the reverse: a correction takes from a UC all the indication gave it (1 Wh → 0), ≡ recorded right', () => {
    const sim = thirtyDay('split', '1000');
    const events = sim.correctAll(A, correction('600'));
    expect(of(events.get(C)!, 'HeldCreditsReceiptCorrected')[0].data).toMatchObject({ corrected: [] });
    const right = thirtyDay('split', '600');
    for (const ucId of [A, B, C]) expect(bills(sim, ucId)).toEqual(bills(right, ucId));
  });

  it('R20 a delivery placed for a UC that already has it is a conflict; one with no place given is refused, appending nothing', () => {
    const sim = thirtyDay('split', '600');
    const [move] = sim.titularEvents('copel', CPF_ANA).filter((e) => e.type === 'HeldCreditsReallocated');
    const moveId = `titular-copel-${CPF_ANA}:${sim.titularEvents('copel', CPF_ANA).indexOf(move)}`;
    const receipt = (ucId: string, deliveredAt?: number): UcCommand => ({
      type: 'CorrectHeldReceipt',
      data: {
        correctionId: 'retif-x',
        sourceEventId: `${moveId}:${ucId}`,
        fromStream: `titular-copel-${CPF_ANA}`,
        fromUcId: A,
        date: '2025-06-20',
        lots: [],
        ...(deliveredAt !== undefined ? { deliveredAt } : {}),
      },
      context: { history: sim.history(ucId) },
    });
    expect(() => decideUc(receipt(C), sim.state(C))).toThrow(/R20/);
    expect(() => decideUc(receipt(B, 0), sim.state(B))).toThrow(/já está no seu histórico/);
  });
});
