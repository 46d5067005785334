import type { Decider } from '../shared/decider';
import {
  decideTariff,
  evolveTariff,
  initialTariffState,
  type PublishTariff,
  type TariffEvent,
  type TariffState,
} from './tariff-decider';

/** Commands on a distribuidora's stream (stored as `tariff-<code>`): its tariffs today, its policy next. */
export type DistribuidoraCommand = PublishTariff;

/**
 * Each distribuidora stream is a decider, as each UC is. The stream keeps its stored name `tariff-<code>`
 * (`distribuidoraStream` in libs/application) so existing stores read unchanged.
 */
export const distribuidoraDecider: Decider<DistribuidoraCommand, TariffEvent, TariffState> = {
  decide: decideTariff,
  evolve: evolveTariff,
  initialState: initialTariffState,
};
