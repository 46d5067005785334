import { InvalidInput, StateConflict } from '../shared/errors';
import { specificationOf } from '../testing/decider-specification';
import { bandeiraDecider, type BandeiraEvent } from './bandeira';

const given = specificationOf(bandeiraDecider);
const amarela: BandeiraEvent = {
  type: 'BandeiraPublished',
  data: { month: '2026-07', flag: 'amarela', rate: '0.01885' },
};

describe('R26 bandeiras: one flag and rate per month, national', () => {
  it('R26 publishes a month’s flag and its R$/kWh', () => {
    given([])
      .when({ type: 'PublishBandeira', data: { month: '2026-07', flag: 'amarela', rate: '0.01885' } })
      .then([amarela]);
  });
  it('R26 the same month with the same values again is a no-op (a retried PUT)', () => {
    given([amarela])
      .when({ type: 'PublishBandeira', data: { month: '2026-07', flag: 'amarela', rate: '0.01885' } })
      .then([]);
  });
  it('R26 another flag for a published month is refused: readings may have been billed with it', () => {
    given([amarela])
      .when({ type: 'PublishBandeira', data: { month: '2026-07', flag: 'vermelha1', rate: '0.04463' } })
      .thenThrows(StateConflict);
  });
  it.each([
    ['an unknown flag', { month: '2026-07', flag: 'roxa', rate: '0.01' }],
    ['a negative rate', { month: '2026-07', flag: 'amarela', rate: '-0.01' }],
    ['a rate that is not a number', { month: '2026-07', flag: 'amarela', rate: 'abc' }],
    ['more than 8 decimals', { month: '2026-07', flag: 'amarela', rate: '0.000000001' }],
    ['a month that is not YYYY-MM', { month: '2026-13', flag: 'amarela', rate: '0.01' }],
  ])('R26 refuses %s', (_why, data) => {
    given([]).when({ type: 'PublishBandeira', data }).thenThrows(InvalidInput);
  });
});
