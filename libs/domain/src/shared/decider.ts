/** An emmett-style decider: pure decide and evolve over an initial state. */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

/** Folds events into state. */
export function fold<E, S>(decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>, events: Iterable<E>): S {
  let s = decider.initialState;
  for (const e of events) s = decider.evolve(s, e);
  return s;
}
