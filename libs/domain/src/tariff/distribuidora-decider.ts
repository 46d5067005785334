import { parsePolicyUpdate } from '../distribuidora/distribuidora-policy';
import type { Decider } from '../shared/decider';
import { InvalidInput } from '../shared/errors';
import {
  decideTariff,
  evolveTariff,
  initialTariffState,
  type PublishTariff,
  type TariffEvent,
  type TariffState,
} from './tariff-decider';
import { jsonKey } from '../shared/json-key';

/** SetDistribuidoraPolicy: P10, P12, R13's permissionárias, R27's taxes, R28's rounding, from `validFrom`. */
export interface SetDistribuidoraPolicy {
  type: 'SetDistribuidoraPolicy';
  data: { distribuidora: string } & Record<string, unknown>;
}

/** Commands on a distribuidora's stream (stored as `tariff-<code>`): its tariffs and its policy. */
export type DistribuidoraCommand = PublishTariff | SetDistribuidoraPolicy;

/**
 * Each distribuidora stream is a decider, as each UC is. The stream keeps its stored name `tariff-<code>`
 * (`distribuidoraStream` in libs/application) so existing stores read unchanged.
 */
export const distribuidoraDecider: Decider<DistribuidoraCommand, TariffEvent, TariffState> = {
  decide(command, state) {
    switch (command.type) {
      case 'PublishTariff':
        return decideTariff(command, state);
      case 'SetDistribuidoraPolicy': {
        const { distribuidora, ...fields } = command.data;
        if (typeof distribuidora !== 'string')
          throw new InvalidInput('distribuidora', 'o código da distribuidora é obrigatório');
        const update = parsePolicyUpdate(distribuidora, fields);
        // A retried PUT of the policy in force from that date appends nothing (the latest of a date wins).
        const latest = state.policies.filter((p) => p.validFrom === update.validFrom).at(-1);
        if (latest && jsonKey(latest) === jsonKey(update)) return [];
        return [{ type: 'DistribuidoraPolicySet', data: { distribuidora, ...update } }];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'TariffPublished':
        return evolveTariff(state, event);
      case 'DistribuidoraPolicySet': {
        const { distribuidora: _code, ...update } = event.data;
        return { ...state, policies: [...state.policies, update] };
      }
    }
  },
  initialState: initialTariffState,
};
