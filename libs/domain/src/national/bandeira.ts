import type { Decider } from '../shared/decider';
import { InvalidInput, StateConflict } from '../shared/errors';
import { parseCycle } from '../values/cycle';
import type { BandeiraFlag, BandeiraMonth } from '../money/bandeira';
import { parseUnitPrice } from '../money/decimal-text';

/** R26: the flags ANEEL publishes each month. */
export const BANDEIRA_FLAGS: readonly BandeiraFlag[] = ['verde', 'amarela', 'vermelha1', 'vermelha2', 'escassez'];

/** The national stream of bandeiras: one flag and its R$/kWh (sem tributos) per month. */
export const BANDEIRA_STREAM = 'bandeiras';

export type BandeiraCommand = { type: 'PublishBandeira'; data: { month: string; flag: string; rate: string } };
export type BandeiraEvent = { type: 'BandeiraPublished'; data: BandeiraMonth };
export interface BandeiraState {
  readonly months: Readonly<Record<string, BandeiraMonth>>;
}

/**
 * R26: publishing a month twice with the same flag and rate is a no-op (a retried PUT); with other values it is
 * refused, since readings of that month may already have been billed with it.
 */
export const bandeiraDecider: Decider<BandeiraCommand, BandeiraEvent, BandeiraState> = {
  initialState: { months: {} },
  decide(command, state) {
    const d = command.data;
    const month = parseCycle(d.month, 'month');
    if (typeof d.flag !== 'string' || !(BANDEIRA_FLAGS as readonly string[]).includes(d.flag)) {
      throw new InvalidInput('flag', `"${String(d.flag)}" não é uma bandeira (${BANDEIRA_FLAGS.join(', ')})`);
    }
    parseUnitPrice(d.rate, 'rate');
    const rate = d.rate;
    const known = state.months[month];
    if (known) {
      if (known.flag === d.flag && known.rate === rate) return [];
      throw new StateConflict(`a bandeira de ${month} já está publicada (${known.flag}, R$ ${known.rate}/kWh)`);
    }
    return [{ type: 'BandeiraPublished', data: { month, flag: d.flag as BandeiraFlag, rate } }];
  },
  evolve(state, event) {
    return { months: { ...state.months, [event.data.month]: event.data } };
  },
};
