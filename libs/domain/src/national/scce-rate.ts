import type { Decider } from '../shared/decider';
import { InvalidInput, StateConflict } from '../shared/errors';
import { parseScceRate } from '../money/scce-rates';

/** The national stream of the SCEE rates of L art. 17 (the share of Fio B that GD II and GD III energy pay). */
export const SCCE_RATE_STREAM = 'scce-rates';

/** R23: the first year whose rate is not in the law's schedule (L art. 27) and must be published. */
export const FIRST_PUBLISHED_SCEE_YEAR = 2029;

export type ScceRateCommand = { type: 'PublishScceRate'; data: { year: number | string; share: string } };
export type ScceRateEvent = { type: 'ScceRatePublished'; data: { year: number; share: string } };
export interface ScceRateState {
  readonly years: Readonly<Record<number, string>>;
}

/** R23: a year's rate is published once; the same rate again is a no-op, another one is refused. */
export const scceRateDecider: Decider<ScceRateCommand, ScceRateEvent, ScceRateState> = {
  initialState: { years: {} },
  decide(command, state) {
    const year = Number(command.data.year);
    if (!Number.isInteger(year) || year < FIRST_PUBLISHED_SCEE_YEAR || year > 2200) {
      throw new InvalidInput(
        'year',
        `"${String(command.data.year)}": os percentuais são publicados para os anos a partir de ${FIRST_PUBLISHED_SCEE_YEAR} (L art. 17)`,
      );
    }
    const { share } = parseScceRate(command.data);
    const known = state.years[year];
    if (known !== undefined) {
      if (known === share) return [];
      throw new StateConflict(`o percentual do SCEE de ${year} já está publicado (${known})`);
    }
    return [{ type: 'ScceRatePublished', data: { year, share } }];
  },
  evolve(state, event) {
    return { years: { ...state.years, [event.data.year]: event.data.share } };
  },
};
