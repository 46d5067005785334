import { eventOf, given } from '../testing/decider-specification';
import { generationRegistered, reading, te, ucRegistered } from '../testing/fixtures';
import { excedenteReceived, heldCreditsReceived } from '../testing/uc-event-builders';
import type { BusinessDate } from '../values/business-date';
import { copelCode, invoiceLabel } from './invoice-label';

describe('R17 invoice labels', () => {
  it('R17 every combination of UC, posto and class is its own label, asked once or twice in any order', () => {
    const date = '2026-05-15' as BusinessDate;
    const all = (order: readonly number[]) =>
      order.map((i) =>
        invoiceLabel({
          sameUc: i >= 6,
          samePosto: i % 6 >= 3,
          date,
          gdClass: (['GD_I', 'GD_II', 'GD_III'] as const)[i % 3],
        }),
      );
    const forward = all([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(new Set(forward).size).toBe(12);
    expect(forward[0]).toBe('ENERGIA INJ. oUC oPT 05/2026 GD I');
    expect(forward[11]).toBe('ENERGIA INJ. mUC mPT 05/2026 GD III');
    expect(all([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]).reverse()).toEqual(forward);
  });

  it('R17 "ENERGIA INJ. oUC mPT 05/2026 GD I": other UC, same posto, month of the energy, GD class', () => {
    expect(invoiceLabel({ sameUc: false, samePosto: true, date: '2026-05-15' as BusinessDate, gdClass: 'GD_I' })).toBe(
      'ENERGIA INJ. oUC mPT 05/2026 GD I',
    );
    expect(invoiceLabel({ sameUc: true, samePosto: false, date: '2021-12-01' as BusinessDate, gdClass: 'GD_II' })).toBe(
      'ENERGIA INJ. mUC oPT 12/2021 GD II',
    );
    expect(invoiceLabel({ sameUc: true, samePosto: true, date: '2030-01-31' as BusinessDate, gdClass: 'GD_III' })).toBe(
      'ENERGIA INJ. mUC mPT 01/2030 GD III',
    );
  });

  it('R17 Copel codes: SALDO, OUT P, OUT UC, OUT UC/P', () => {
    expect(copelCode({ fromCredit: true, sameUc: true, samePosto: true })).toBe('SALDO');
    expect(copelCode({ fromCredit: false, sameUc: true, samePosto: false })).toBe('OUT P');
    expect(copelCode({ fromCredit: false, sameUc: false, samePosto: true })).toBe('OUT UC');
    expect(copelCode({ fromCredit: true, sameUc: false, samePosto: false })).toBe('OUT UC/P');
  });

  it('R17 a reading’s lines carry posto, kWh, source UC, source posto, vintage and class, with the label', () => {
    given([
      ucRegistered({ ucId: '2' }),
      excedenteReceived('2', {
        sourceUcId: '1',
        allocatedOn: '2026-05-15',
        sourceCycle: '2026-05',
        kwh: '100.000',
        gdClass: 'GD_I',
      }),
      heldCreditsReceived('2', [
        {
          vintage: '2025-03-20',
          posto: 'unico',
          gdClass: 'GD_II',
          kwh: '50.000',
          expiresOn: '2030-03-20',
          sourceUcId: '2',
        },
      ]),
    ])
      .when(reading('2026-05', '2026-05-20', { consumed: '250', injected: '0' }))
      .then((events) => {
        const lines = eventOf(events, 'CycleCompensated').data.lines;
        expect(lines).toEqual([
          {
            posto: 'unico',
            kwh: '100.000',
            source: 'received',
            sourceUcId: '1',
            sourcePosto: 'unico',
            sourceKwh: '100.000',
            vintage: null,
            gdClass: 'GD_I',
            rule: 'R8',
            label: 'ENERGIA INJ. oUC mPT 05/2026 GD I',
          },
          {
            posto: 'unico',
            kwh: '50.000',
            source: 'credit',
            sourceUcId: '2',
            sourcePosto: 'unico',
            sourceKwh: '50.000',
            vintage: '2025-03-20',
            gdClass: 'GD_II',
            rule: 'R8',
            label: 'ENERGIA INJ. mUC mPT 03/2025 GD II',
          },
        ]);
      });
  });

  it('R17 own energy used in another posto is labelled mUC oPT, with both kWh sides recorded', () => {
    given([
      ucRegistered({ ucId: '1', group: 'A', connection: null, postos: ['ponta', 'fora_ponta'] }),
      generationRegistered({ ucId: '1' }),
    ])
      .when(
        reading(
          '2026-05',
          '2026-05-20',
          { fora_ponta: { consumed: '0', injected: '300' }, ponta: { consumed: '200', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        const [line] = eventOf(events, 'CycleCompensated').data.lines;
        expect(line).toMatchObject({
          posto: 'ponta',
          kwh: '200.000',
          sourcePosto: 'fora_ponta',
          sourceKwh: '300.000',
          sourceUcId: '1',
          label: 'ENERGIA INJ. mUC oPT 05/2026 GD II',
        });
      });
  });
});
