import type { Decider } from '../shared/decider';
import { decideUc } from './decide-uc';
import { evolveUc } from './evolve-uc';
import type { UcCommand } from './uc-commands';
import type { UcEvent } from './uc-events';
import { initialUcState, type UcState } from './uc-state';

/** Each UC is a decider: decide(command, state) → events; evolve(state, event) → state. */
export const ucDecider: Decider<UcCommand, UcEvent, UcState> = {
  decide: decideUc,
  evolve: evolveUc,
  initialState: initialUcState,
};
