import { InvalidInput } from '../shared/errors';
import { componentSharesPaid } from './fio-b-share';

describe('R17 TUSD components paid by compensated energy', () => {
  it('R17 GD II pays 15% of Fio B in 2023, +15 points a year up to 90% in 2028', () => {
    const byYear = [2023, 2024, 2025, 2026, 2027, 2028].map((y) => componentSharesPaid('GD_II', y).fioB);
    expect(byYear).toEqual([15, 30, 45, 60, 75, 90]);
    expect(componentSharesPaid('GD_II', 2026)).toEqual({ fioB: 60, fioA: 0, tfsee: 0, ped: 0 });
  });

  it('R17 from 2029 GD II pays the rate ANEEL publishes (a setting); without it the computation refuses', () => {
    expect(componentSharesPaid('GD_II', 2029, 100)).toEqual({ fioB: 100, fioA: 0, tfsee: 0, ped: 0 });
    expect(componentSharesPaid('GD_II', 2031, 87.5).fioB).toBe(87.5);
    expect(() => componentSharesPaid('GD_II', 2029)).toThrow(InvalidInput);
  });

  it('R17 GD III pays 100% Fio B, 40% Fio A, TFSEE and P&D, in any year', () => {
    for (const y of [2023, 2026, 2030])
      expect(componentSharesPaid('GD_III', y)).toEqual({ fioB: 100, fioA: 40, tfsee: 100, ped: 100 });
  });

  it('R17 GD I pays no share of the TUSD components (kept through 2045)', () => {
    expect(componentSharesPaid('GD_I', 2026)).toEqual({ fioB: 0, fioA: 0, tfsee: 0, ped: 0 });
    expect(componentSharesPaid('GD_I', 2045)).toEqual({ fioB: 0, fioA: 0, tfsee: 0, ped: 0 });
  });
});
