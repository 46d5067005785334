/**
 * A reallocation's outcome (R19: a closure's distribution among members; R20: a 30-day move) compared between the
 * history in force and a corrected one, UC by UC: what a retificação must correct on each receiving UC.
 */
import { Kwh } from '../values/kwh';
import type { CreditLotJson } from './lot-json';
import { jsonKey } from '../shared/json-key';

/** One UC's lots before and after, and the difference ("-1.250": less). */
export interface OutcomeChange {
  ucId: string;
  previous: CreditLotJson[];
  corrected: CreditLotJson[];
  differenceKwh: string;
}

/**
 * The UCs either outcome names whose lots differ (no lots: the UC was not named, or was given 0 Wh), in order of
 * naming.
 */
export function outcomeChanges(
  previous: readonly { ucId: string; lots: CreditLotJson[] }[],
  corrected: readonly { ucId: string; lots: CreditLotJson[] }[],
): OutcomeChange[] {
  const before = new Map(previous.map((o) => [o.ucId, o.lots]));
  const after = new Map(corrected.map((o) => [o.ucId, o.lots]));
  return [...new Set([...before.keys(), ...after.keys()])].flatMap((ucId) => {
    const p = before.get(ucId) ?? [];
    const c = after.get(ucId) ?? [];
    return jsonKey(p) === jsonKey(c)
      ? []
      : [{ ucId, previous: p, corrected: c, differenceKwh: signedKwh(lotsWh(c) - lotsWh(p)) }];
  });
}

/** The Wh of some credit lots. */
export function lotsWh(lots: readonly CreditLotJson[]): bigint {
  return lots.reduce((a, l) => a + Kwh.parse(l.kwh).wh, 0n);
}

/** A kWh difference, signed ("-1.250": less). */
export function signedKwh(wh: bigint): string {
  return wh < 0n ? `-${Kwh.ofWh(-wh).toString()}` : Kwh.ofWh(wh).toString();
}
