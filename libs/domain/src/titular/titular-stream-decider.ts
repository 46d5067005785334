import type { Decider } from '../shared/decider';
import {
  decideTitular,
  evolveTitular,
  initialTitularState,
  type TitularCommand,
  type TitularEvent,
  type TitularState,
} from './titular-decider';

/** Each titular stream is a decider, as each UC is: decide(command, state) → events; evolve(state, event) → state. */
export const titularDecider: Decider<TitularCommand, TitularEvent, TitularState> = {
  decide: decideTitular,
  evolve: evolveTitular,
  initialState: initialTitularState,
};
