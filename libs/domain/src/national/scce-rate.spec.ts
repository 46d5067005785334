import { InvalidInput, StateConflict } from '../shared/errors';
import { specificationOf } from '../testing/decider-specification';
import { scceRateDecider } from './scce-rate';

const given = specificationOf(scceRateDecider);

describe('R23 SCEE rates of L art. 17, published per year from 2029', () => {
  it('R23 publishes the share of Fio B for a year', () => {
    given([])
      .when({ type: 'PublishScceRate', data: { year: '2029', share: '0.95' } })
      .then([{ type: 'ScceRatePublished', data: { year: 2029, share: '0.95' } }]);
  });
  it('R23 the same rate again is a no-op; another rate for the year is refused', () => {
    const published = [{ type: 'ScceRatePublished' as const, data: { year: 2029, share: '0.95' } }];
    given(published)
      .when({ type: 'PublishScceRate', data: { year: 2029, share: '0.95' } })
      .then([]);
    given(published)
      .when({ type: 'PublishScceRate', data: { year: 2029, share: '1' } })
      .thenThrows(StateConflict);
  });
  it.each([
    ['a year the law already sets', { year: 2028, share: '0.9' }],
    ['a share above 1', { year: 2030, share: '1.5' }],
    ['a negative share', { year: 2030, share: '-0.1' }],
    ['a share that is not a number', { year: 2030, share: 'muito' }],
  ])('R23 refuses %s', (_why, data) => {
    given([]).when({ type: 'PublishScceRate', data }).thenThrows(InvalidInput);
  });
});
