import { RuleViolationError } from '../shared/errors';
import { CPF_ANA, CPF_BRUNO } from '../testing/fixtures';
import { PortfolioSimulator } from '../testing/portfolio-simulator';
import { decideUc } from './decide-uc';
import type { UcCommand } from './uc-commands';
import type { UcEvent } from './uc-events';

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

const of = <T extends UcEvent['type']>(events: readonly UcEvent[], type: T) =>
  events.filter((e): e is Extract<UcEvent, { type: T }> => e.type === type);

/** A UC's balance and bills in force. */
function bills(sim: PortfolioSimulator, ucId: string) {
  const cycles = new Map<string, unknown>();
  for (const e of sim.events(ucId)) {
    if (e.type === 'CycleCompensated') cycles.set(e.data.cycle, e.data);
    if (e.type === 'CycleRecompensated') cycles.set(e.data.cycle, e.data.compensation);
  }
  const s = sim.state(ucId);
  return { credits: s.credits, received: s.received, cycles: [...cycles] };
}

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
