import { fold, Money, ucDecider, type CyclePricing, type UcCommand, type UcEvent } from '@compensa/domain';
import { rebuildUcCommand } from './rebuild-command';

const f = { GD_I: new Money(0), GD_II: new Money('0.09'), GD_III: new Money('0.09') };
const pricing: CyclePricing = { T: { unico: new Money('1.00') }, f: { unico: f } };

describe('R10 replay of a capped reading', () => {
  it('R10 the audit rebuilds RecordReading with the recorded P10 mode and T and f, and re-derives the same kWh', () => {
    const register: UcCommand = {
      type: 'RegisterUc',
      data: {
        ucId: '2',
        distribuidora: 'copel',
        titular: { document: '52998224725', name: 'Ana' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2024-01-01',
        subgrupo: 'B3',
      },
    };
    const history: UcEvent[] = [
      ...ucDecider.decide(register, ucDecider.initialState),
      {
        type: 'HeldCreditsReceived',
        data: {
          ucId: '2',
          sourceEventId: 'held-1',
          fromStream: 'titular-copel-52998224725',
          rule: 'R20',
          lots: [
            {
              vintage: '2025-06-20',
              posto: 'unico',
              gdClass: 'GD_II',
              kwh: '500.000',
              expiresOn: '2030-06-20',
              sourceUcId: '1',
            },
          ],
        },
      },
    ];
    const before = fold(ucDecider, history);
    const reading: UcCommand = {
      type: 'RecordReading',
      data: { cycle: '2026-02', readingDate: '2026-02-20', postos: { unico: { consumed: '150', injected: '0' } } },
      context: { tariff: null, p12: 'open-cycle', p10: 'cap', pricing, facts: {} },
    };
    const decided = ucDecider.decide(reading, before);
    // As read back from a store: JSON.
    const stored = JSON.parse(JSON.stringify(decided)) as UcEvent[];
    const rebuilt = rebuildUcCommand(stored, before, {});
    expect(rebuilt.decider).toBe('uc');
    if (rebuilt.decider !== 'uc') return;
    const again = JSON.parse(JSON.stringify(ucDecider.decide(rebuilt.command, before))) as UcEvent[];
    expect(again).toEqual(stored);
    const c = again.find((e) => e.type === 'CycleCompensated');
    expect(c?.type === 'CycleCompensated' && [c.data.compensatedKwh, c.data.subgrupo, c.data.p10]).toEqual([
      '54.945',
      'B3',
      'cap',
    ]);
  });
});
