import {
  BANDEIRA_STREAM,
  bandeiraDecider,
  scceRateDecider,
  type BandeiraEvent,
  type BandeiraState,
  type ScceRateEvent,
  type ScceRateState,
} from '@compensa/domain';
import { nationalStream } from '../stream-events';
import type { RebuiltCommand } from './rebuild-command';

/** How a national stream is replayed: its fold, and its one-event commands decided again (check 2). */
export interface NationalReplayer<S, E> {
  initial: S;
  evolve: (state: S, event: E) => S;
  redecide: (domain: E[], before: S) => { rebuilt: RebuiltCommand; decide: () => E[] };
}

const REBUILT: RebuiltCommand = { decider: 'national', missing: null };

/** R26: each BandeiraPublished is the PublishBandeira of its month, flag and rate. */
export const BANDEIRA_REPLAYER: NationalReplayer<BandeiraState, BandeiraEvent> = {
  initial: bandeiraDecider.initialState,
  evolve: bandeiraDecider.evolve,
  redecide: (domain, before) => ({
    rebuilt: REBUILT,
    decide: () => bandeiraDecider.decide({ type: 'PublishBandeira', data: { ...domain[0].data } }, before),
  }),
};

/** R23: each ScceRatePublished is the PublishScceRate of its year and share. */
export const SCCE_RATE_REPLAYER: NationalReplayer<ScceRateState, ScceRateEvent> = {
  initial: scceRateDecider.initialState,
  evolve: scceRateDecider.evolve,
  redecide: (domain, before) => ({
    rebuilt: REBUILT,
    decide: () => scceRateDecider.decide({ type: 'PublishScceRate', data: { ...domain[0].data } }, before),
  }),
};

/** Whether a national stream is the bandeiras' (else the SCEE rates'). */
export const isBandeiraStream = (stream: string) => stream === nationalStream(BANDEIRA_STREAM);
