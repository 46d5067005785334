import { RuleViolation } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { generationRegistered, ucRegistered } from '../testing/fixtures';
import type { UcCommand } from '../uc/uc-commands';
import { checkSize } from './check-size';

const W = (kw: string) => {
  const [a, b = ''] = kw.split('.');
  return BigInt(a) * 1000n + BigInt(b.padEnd(3, '0'));
};

function registerGeneration(installedKw: string, dispatchable: boolean, requestedAt = '2024-03-01'): UcCommand {
  return {
    type: 'RegisterGeneration',
    data: {
      installedKw,
      source: dispatchable ? 'hidraulica' : 'solar',
      dispatchable,
      modalidade: 'autoconsumo_remoto',
      requestedAt,
      connectedAt: requestedAt,
    },
  };
}

describe('R21 size', () => {
  it('R21 micro up to 75 kW; mini above it', () => {
    expect(checkSize(W('75'), false, '2024-01-01')).toBe('micro');
    expect(checkSize(W('75.001'), false, '2024-01-01')).toBe('mini');
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('75', false))
      .then((events) => expect(eventOf(events, 'GenerationRegistered').data.size).toBe('micro'));
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('75.001', false))
      .then((events) => expect(eventOf(events, 'GenerationRegistered').data.size).toBe('mini'));
  });

  it('R21 non-dispatchable mini up to 3 MW: 3,000 kW accepted, 3,000.001 kW refused', () => {
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('3000', false))
      .then((events) => expect(eventOf(events, 'GenerationRegistered').data.size).toBe('mini'));
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('3000.001', false))
      .thenThrows(RuleViolation('R21'));
  });

  it('R21 dispatchable mini up to 5 MW: 5,000 kW accepted, 5,000.001 kW refused', () => {
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('5000', true))
      .then((events) => expect(eventOf(events, 'GenerationRegistered').data.size).toBe('mini'));
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('5000.001', true))
      .thenThrows(RuleViolation('R21'));
  });

  it('R21 GD I keeps 5 MW: a non-dispatchable plant requested on or before 2023-01-07 may have 4 MW, not more than 5', () => {
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('4000', false, '2023-01-07'))
      .then((events) =>
        expect(eventOf(events, 'GenerationRegistered').data).toMatchObject({ gdClass: 'GD_I', size: 'mini' }),
      );
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('4000', false, '2023-01-08'))
      .thenThrows(RuleViolation('R21'));
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('5000.001', false, '2022-01-01'))
      .thenThrows(RuleViolation('R21'));
  });

  it('R21 AddCapacity over the limit is refused; up to the limit it is accepted', () => {
    const solar = [
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1', installedKw: '2900.000', size: 'mini', requestedAt: '2024-01-10' }),
    ];
    given(solar)
      .when({ type: 'AddCapacity', data: { addedKw: '100.001', requestedAt: '2025-01-01' } })
      .thenThrows(RuleViolation('R21'));
    given(solar)
      .when({ type: 'AddCapacity', data: { addedKw: '100', requestedAt: '2025-01-01' } })
      .then((events) =>
        expect(eventOf(events, 'CapacityAdded').data).toMatchObject({ totalKw: '3000.000', size: 'mini' }),
      );
  });

  it('R21 AddCapacity: a micro plant grown past 75 kW becomes mini; a GD I plant grows up to 5 MW', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', installedKw: '70.000' })])
      .when({ type: 'AddCapacity', data: { addedKw: '10', requestedAt: '2025-01-01' } })
      .then((events) =>
        expect(eventOf(events, 'CapacityAdded').data).toMatchObject({ totalKw: '80.000', size: 'mini' }),
      );
    const gdI = [
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1', installedKw: '2900.000', size: 'mini', requestedAt: '2022-01-10' }),
    ];
    given(gdI)
      .when({ type: 'AddCapacity', data: { addedKw: '2100', requestedAt: '2025-01-01' } })
      .then((events) => expect(eventOf(events, 'CapacityAdded').data.totalKw).toBe('5000.000'));
    given(gdI)
      .when({ type: 'AddCapacity', data: { addedKw: '2100.001', requestedAt: '2025-01-01' } })
      .thenThrows(RuleViolation('R21'));
  });

  it('R21 a refused request appends nothing (the error names the limit)', () => {
    expect(() => checkSize(W('3500'), false, '2024-01-01')).toThrow(/limite de 3000\.000 kW/);
  });
});
