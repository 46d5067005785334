import { InvalidInput, RuleViolation, StateConflict, UnknownUc } from '@compensa/domain';
import { DuplicateEventId, WrongExpectedRevision } from '@compensa/event-store';
import { ConcurrencyConflict } from '../commands/command-result';
import { DirectoryBehind } from '../directory/directory-behind';
import { isPermanentFailure, ruleOf } from './failure-kind';
import { TargetsNotDelivered } from './targets-not-delivered';

describe('isPermanentFailure', () => {
  it('parks refusals (rule, input, state, unknown UC after the directory caught up, an id stored elsewhere)', () => {
    for (const err of [
      RuleViolation('R13', 'x'),
      new InvalidInput('kwh', 'x'),
      new StateConflict('x'),
      new UnknownUc('9'),
      new DuplicateEventId('s', 'id'),
    ])
      expect(isPermanentFailure(err)).toBe(true);
  });

  it('retries everything else: store errors, lost races, a lagging directory', () => {
    for (const err of [
      new Error('SQLITE_BUSY'),
      new ConcurrencyConflict('s', 5),
      new WrongExpectedRevision('s', 1, 2),
      new DirectoryBehind(9, 3),
      'a string',
    ])
      expect(isPermanentFailure(err)).toBe(false);
  });

  it('a delivery to several targets is permanent only when every failed target is; the rule is a permanent one', () => {
    const refused = { ucId: '1', kwh: '1.000', error: RuleViolation('R8', 'x') };
    const busy = { ucId: '2', kwh: '2.000', error: new Error('busy') };
    expect(isPermanentFailure(new TargetsNotDelivered('e', [refused]))).toBe(true);
    expect(isPermanentFailure(new TargetsNotDelivered('e', [busy, refused]))).toBe(false);
    expect(ruleOf(new TargetsNotDelivered('e', [busy, refused]))).toBe('R8');
    expect(ruleOf(new UnknownUc('9'))).toBe('UnknownUc');
  });
});
