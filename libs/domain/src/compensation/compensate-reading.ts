import type { EnergyPart } from '../allocation/allocate-excedente';
import type { TeTable } from '../tariff/te-table';
import { convertWh, teOf } from '../tariff/te-table';
import type { BusinessDate } from '../values/business-date';
import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { POSTOS } from '../values/posto';
import { invoiceLabel } from './invoice-label';
import type { CreditLot, ReceivedLot } from './lots';
import { compareLots, lotKey } from './lots';

/** Where a compensation line's energy came from (R8's three steps). */
export type SourceKind = 'own' | 'received' | 'credit';

/** One compensation line: every field R17 asks. Amounts in Wh. */
export interface CompensationLine {
  /** The posto whose consumption was offset. */
  readonly posto: Posto;
  /** Energy offset at `posto`. */
  readonly wh: bigint;
  readonly source: SourceKind;
  readonly sourceUcId: string;
  readonly sourcePosto: Posto;
  /** Energy taken from the source; differs from `wh` only after a conversion between postos (R2). */
  readonly sourceWh: bigint;
  /** The credit's vintage, when the energy came from a credit. */
  readonly vintage: BusinessDate | null;
  readonly gdClass: GdClass;
  /** The rule that placed the line: R1 own same posto, R2 own other posto, R8 received excedente or credits. */
  readonly rule: 'R1' | 'R2' | 'R8';
  readonly label: string;
}

/** Everything the engine needs for one reading of one UC; nothing is read from anywhere else. */
export interface CompensationInput {
  readonly ucId: string;
  readonly postos: readonly Posto[];
  readonly readingDate: BusinessDate;
  /** Consumption per posto, in Wh. */
  readonly consumedWh: ReadonlyMap<Posto, bigint>;
  /** Own injection usable by R1–R2, by posto and GD class (empty under P3 `injected`). */
  readonly own: readonly EnergyPart[];
  /** Received excedente usable at this reading (P12 already applied). */
  readonly received: readonly ReceivedLot[];
  /** Credits usable at this reading (R9 already applied). */
  readonly credits: readonly CreditLot[];
  readonly te: TeTable | null;
  /** R10: the Grupo B minimum in Wh, or null for Grupo A (R11: only energy, no kWh floor). */
  readonly minimumWh: bigint | null;
}

/** What one reading's compensation computed. */
export interface CompensationOutcome {
  readonly lines: CompensationLine[];
  readonly compensatedWh: Map<Posto, bigint>;
  readonly billedWh: Map<Posto, bigint>;
  /** Own injection left after R1–R2: the excedente (R3), by posto and class. */
  readonly ownLeft: EnergyPart[];
  /** Wh used of each received lot, by lot id. */
  readonly receivedUsed: Map<string, bigint>;
  /** Wh used of each credit lot, by lot key. */
  readonly creditsUsed: Map<string, bigint>;
  /** R10: the kWh floor stopped compensation (every source was GD I). */
  readonly minimumApplied: boolean;
}

interface WorkSource {
  readonly kind: SourceKind;
  readonly ref: string;
  readonly sourceUcId: string;
  readonly posto: Posto;
  /** The posto this energy counts as at this UC (R8: any posto is kWh for kWh at a `unico` UC; `unico` counts as fora_ponta elsewhere). */
  readonly effective: Posto;
  readonly gdClass: GdClass;
  readonly vintage: BusinessDate | null;
  /** Date printed on the invoice line: vintage, or the reading that produced the energy. */
  readonly labelDate: BusinessDate;
  avail: bigint;
}

/**
 * The compensation of one reading: R1, R2, R8 (order of sources), R10 (Grupo B floor), R11 (energy only).
 * Pure and exact (integer Wh).
 */
export function compensateReading(input: CompensationInput): CompensationOutcome {
  const unicoOnly = input.postos.length === 1 && input.postos[0] === 'unico';
  const effectiveOf = (p: Posto): Posto => (unicoOnly ? 'unico' : p === 'unico' ? 'fora_ponta' : p);
  const remaining = new Map<Posto, bigint>(input.postos.map((p) => [p, input.consumedWh.get(p) ?? 0n]));
  const compensated = new Map<Posto, bigint>(input.postos.map((p) => [p, 0n]));
  const lines: CompensationLine[] = [];
  const teCache = new Map<Posto, bigint>();
  const te = (p: Posto): bigint => {
    let v = teCache.get(p);
    if (v === undefined) teCache.set(p, (v = teOf(input.te, p)));
    return v;
  };

  const own: WorkSource[] = input.own.map((p) => ({
    kind: 'own',
    ref: `${p.posto}|${p.gdClass}`,
    sourceUcId: input.ucId,
    posto: p.posto,
    effective: effectiveOf(p.posto),
    gdClass: p.gdClass,
    vintage: null,
    labelDate: input.readingDate,
    avail: p.wh,
  }));
  const received: WorkSource[] = [...input.received]
    .sort((a, b) => (a.allocatedOn < b.allocatedOn ? -1 : a.allocatedOn > b.allocatedOn ? 1 : 0))
    .map((l) => ({
      kind: 'received',
      ref: l.id,
      sourceUcId: l.sourceUcId,
      posto: l.posto,
      effective: effectiveOf(l.posto),
      gdClass: l.gdClass,
      vintage: null,
      labelDate: l.allocatedOn,
      avail: l.kwh.wh,
    }));
  const credits: WorkSource[] = [...input.credits].sort(compareLots).map((l) => ({
    kind: 'credit',
    ref: lotKey(l),
    sourceUcId: l.sourceUcId,
    posto: l.posto,
    effective: effectiveOf(l.posto),
    gdClass: l.gdClass,
    vintage: l.vintage,
    labelDate: l.vintage,
    avail: l.kwh.wh,
  }));

  // R10 / P10: when every source the UC can draw on is GD I, compensation stops where billing reaches the minimum.
  const all = [...own, ...received, ...credits].filter((s) => s.avail > 0n);
  const totalConsumed = [...remaining.values()].reduce((a, b) => a + b, 0n);
  let budget: bigint | null = null;
  if (input.minimumWh !== null && all.length > 0 && all.every((s) => s.gdClass === 'GD_I')) {
    budget = totalConsumed > input.minimumWh ? totalConsumed - input.minimumWh : 0n;
  }
  const minimumApplied = budget !== null && budget < totalConsumed;

  const take = (s: WorkSource, dest: Posto, destWh: bigint, srcWh: bigint, converted: boolean) => {
    s.avail -= srcWh;
    remaining.set(dest, remaining.get(dest)! - destWh);
    compensated.set(dest, compensated.get(dest)! + destWh);
    if (budget !== null) budget -= destWh;
    const samePosto = !converted;
    lines.push({
      posto: dest,
      wh: destWh,
      source: s.kind,
      sourceUcId: s.sourceUcId,
      sourcePosto: s.posto,
      sourceWh: srcWh,
      vintage: s.vintage,
      gdClass: s.gdClass,
      rule: s.kind === 'own' ? (samePosto ? 'R1' : 'R2') : 'R8',
      label: invoiceLabel({ sameUc: s.sourceUcId === input.ucId, samePosto, date: s.labelDate, gdClass: s.gdClass }),
    });
  };
  const cap = (wh: bigint) => (budget === null || wh < budget ? wh : budget);

  /** Uses one group of sources: same posto first (R1, R8), then other postos by TE (R2, P2). */
  const draw = (group: WorkSource[]) => {
    for (const s of group) {
      if (!remaining.has(s.effective)) continue;
      const amount = cap(min(s.avail, remaining.get(s.effective)!));
      if (amount > 0n) take(s, s.effective, amount, amount, false);
    }
    if (unicoOnly) return;
    // P2: destinations from the highest TE down; sources from the lowest TE up.
    const dests = [...input.postos].filter((p) => remaining.get(p)! > 0n).sort((a, b) => cmpBig(te(b), te(a)) || postoOrder(a, b));
    for (const dest of dests) {
      const sources = group
        .filter((s) => s.avail > 0n && s.effective !== dest)
        .sort((a, b) => cmpBig(te(a.effective), te(b.effective)) || postoOrder(a.effective, b.effective));
      for (const s of sources) {
        const destNeed = cap(remaining.get(dest)!);
        if (destNeed === 0n) break;
        const teDest = te(dest);
        const teSrc = te(s.effective);
        // R2: kWh_src = kWh_dest × TE_dest / TE_src, half-even to 1 Wh (Q2); never less than 1 Wh for a non-zero need.
        const srcNeed = max(convertWh(destNeed, teDest, teSrc), 1n);
        if (srcNeed <= s.avail) {
          take(s, dest, destNeed, srcNeed, true);
        } else {
          const destGot = min(convertWh(s.avail, teSrc, teDest), destNeed);
          if (destGot > 0n) take(s, dest, destGot, s.avail, true);
        }
      }
    }
  };

  draw(own); // R8 (1): own injection, R1 then R2
  for (const group of groupBy(received, (s) => s.labelDate)) draw(group); // R8 (2): received, oldest first
  for (const group of groupBy(credits, (s) => s.vintage!)) draw(group); // R8 (3): credits, oldest vintage first

  const billed = new Map<Posto, bigint>(input.postos.map((p) => [p, remaining.get(p)!]));
  const receivedUsed = new Map<string, bigint>();
  for (const s of received) receivedUsed.set(s.ref, input.received.find((l) => l.id === s.ref)!.kwh.wh - s.avail);
  const creditsUsed = new Map<string, bigint>();
  for (const s of credits) {
    const used = input.credits.find((l) => lotKey(l) === s.ref)!.kwh.wh - s.avail;
    if (used > 0n) creditsUsed.set(s.ref, used);
  }
  return {
    lines,
    compensatedWh: compensated,
    billedWh: billed,
    ownLeft: own.filter((s) => s.avail > 0n).map((s) => ({ posto: s.posto, gdClass: s.gdClass, wh: s.avail })),
    receivedUsed,
    creditsUsed,
    minimumApplied,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const groups: T[][] = [];
  let last: string | undefined;
  for (const item of items) {
    const k = key(item);
    if (groups.length === 0 || k !== last) groups.push([]);
    groups[groups.length - 1].push(item);
    last = k;
  }
  return groups;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function postoOrder(a: Posto, b: Posto): number {
  return POSTOS.indexOf(a) - POSTOS.indexOf(b);
}
