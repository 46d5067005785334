import { COMMAND_NAMES, type CommandName } from '@compensa/application';
import { VERB_BODIES, type VerbBody } from './verb-bodies';

describe('the HTTP bodies of the verbs', () => {
  it('has a DTO and an example for every verb of the catalogue', () => {
    expect(Object.keys(VERB_BODIES).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('does not compile when a verb misses its body (fixture)', () => {
    const { ChangeRateio: _rateio, ...withoutRateio } = VERB_BODIES;
    // @ts-expect-error ChangeRateio has no DTO
    const bodies: Record<CommandName, VerbBody> = withoutRateio;
    expect(bodies).toBeDefined();
  });
});
