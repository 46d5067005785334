import { cohortKey, type ScceCohort } from '../values/scce-cohort';
import type { EnergyPart } from '../allocation/allocate-excedente';
import type { TeTable } from '../tariff/te-table';
import { convertWh, teOf } from '../tariff/te-table';
import type { BusinessDate } from '../values/business-date';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { POSTOS } from '../values/posto';
import { compareUcIds } from '../values/uc-id';
import { limiterOf, type CompensationLimit } from './grupo-b-limit';
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
  /** R23 (L art. 27 §2): energy of the 2023-H1 cohort. */
  readonly cohort?: ScceCohort;
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
  /** R10: how far compensation may go (grupo-b-limit.ts); `none` for Grupo A (R11). */
  readonly limit: CompensationLimit;
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
  /** R10: the limit was below the consumption (kWh limit) or stopped a source (parcel budget). */
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
  readonly cohort: ScceCohort | undefined;
  /** Wh the source had before this reading (what was used = `start − avail`). */
  readonly start: bigint;
  avail: bigint;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The index of a posto in POSTOS: per-posto figures of one reading are kept in arrays, not maps. */
function postoIndex(p: Posto): number {
  return POSTOS.indexOf(p);
}

/**
 * The compensation of one reading: R1, R2, R8 (order of sources), R10 (Grupo B floor), R11 (energy only).
 * Pure and exact (integer Wh).
 */
export function compensateReading(input: CompensationInput): CompensationOutcome {
  const unicoOnly = input.postos.length === 1 && input.postos[0] === 'unico';
  const effectiveOf = (p: Posto): Posto => (unicoOnly ? 'unico' : p === 'unico' ? 'fora_ponta' : p);
  // Per posto of the UC (by POSTOS index; undefined: not a posto of the UC): consumption not yet offset, and offset.
  const remaining: (bigint | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  const compensated: bigint[] = [0n, 0n, 0n, 0n, 0n];
  let totalConsumed = 0n;
  for (const p of input.postos) {
    const i = postoIndex(p);
    if (remaining[i] === undefined) totalConsumed += remaining[i] = input.consumedWh.get(p) ?? 0n;
  }
  const lines: CompensationLine[] = [];
  const teCache: (bigint | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  const te = (p: Posto): bigint => {
    const i = postoIndex(p);
    let v = teCache[i];
    if (v === undefined) teCache[i] = v = teOf(input.te, p);
    return v;
  };

  const own: WorkSource[] = input.own.map((p) => ({
    kind: 'own',
    ref: `${p.posto}|${p.gdClass}${cohortKey(p.cohort)}`,
    sourceUcId: input.ucId,
    posto: p.posto,
    effective: effectiveOf(p.posto),
    gdClass: p.gdClass,
    vintage: null,
    labelDate: input.readingDate,
    cohort: p.cohort,
    start: p.wh,
    avail: p.wh,
  }));
  const received: WorkSource[] = (
    input.received.length > 1
      ? [...input.received].sort(
          (a, b) =>
            (a.allocatedOn < b.allocatedOn ? -1 : a.allocatedOn > b.allocatedOn ? 1 : 0) ||
            withinAge(a, b, effectiveOf),
        )
      : input.received
  ).map((l) => ({
    kind: 'received',
    ref: l.id,
    sourceUcId: l.sourceUcId,
    posto: l.posto,
    effective: effectiveOf(l.posto),
    gdClass: l.gdClass,
    vintage: null,
    labelDate: l.allocatedOn,
    cohort: l.cohort,
    start: l.kwh.wh,
    avail: l.kwh.wh,
  }));
  const credits: WorkSource[] = (
    input.credits.length > 1
      ? [...input.credits].sort(
          (a, b) =>
            (a.vintage < b.vintage ? -1 : a.vintage > b.vintage ? 1 : 0) ||
            withinAge(a, b, effectiveOf) ||
            compareLots(a, b),
        )
      : input.credits
  ).map((l) => ({
    kind: 'credit',
    ref: lotKey(l),
    sourceUcId: l.sourceUcId,
    posto: l.posto,
    effective: effectiveOf(l.posto),
    gdClass: l.gdClass,
    vintage: l.vintage,
    labelDate: l.vintage,
    cohort: l.cohort,
    start: l.kwh.wh,
    avail: l.kwh.wh,
  }));

  // R10 / P10: the limit, spent in R8's order (grupo-b-limit.ts).
  const limiter = limiterOf(input.limit);
  let minimumApplied = input.limit.kind === 'kwh' && input.limit.maxWh < totalConsumed;

  const take = (s: WorkSource, dest: Posto, destWh: bigint, srcWh: bigint, converted: boolean) => {
    s.avail -= srcWh;
    const d = postoIndex(dest);
    remaining[d] = remaining[d]! - destWh;
    compensated[d] += destWh;
    limiter.spend(dest, s.gdClass, destWh, s.cohort);
    const samePosto = !converted;
    const line: Mutable<CompensationLine> = {
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
    };
    if (s.cohort !== undefined) line.cohort = s.cohort; // last, as `cohortField` spread it
    lines.push(line);
  };
  const cap = (wh: bigint, dest: Posto, gdClass: GdClass, cohort: ScceCohort | undefined) => {
    const room = limiter.room(dest, gdClass, cohort);
    if (room === null || wh <= room) return wh;
    if (input.limit.kind === 'parcel') minimumApplied = true;
    return room;
  };

  /** Uses one group of sources: same posto first (R1, R8), then other postos by TE (R2, P2). */
  const draw = (group: readonly WorkSource[]) => {
    for (const s of group) {
      const left = remaining[postoIndex(s.effective)];
      if (left === undefined) continue;
      const amount = cap(min(s.avail, left), s.effective, s.gdClass, s.cohort);
      if (amount > 0n) take(s, s.effective, amount, amount, false);
    }
    if (unicoOnly) return;
    // P2: destinations from the highest TE down; sources from the lowest TE up. "Order within one age": GD I before
    // GD II before GD III comes first (the sort is stable, so the group's own order breaks the remaining ties).
    const dests = [...input.postos]
      .filter((p) => remaining[postoIndex(p)]! > 0n)
      .sort((a, b) => cmpBig(te(b), te(a)) || postoOrder(a, b));
    for (const dest of dests) {
      const sources = group
        .filter((s) => s.avail > 0n && s.effective !== dest)
        .sort(
          (a, b) =>
            classOrder(a.gdClass, b.gdClass) ||
            cmpBig(te(a.effective), te(b.effective)) ||
            postoOrder(a.effective, b.effective),
        );
      for (const s of sources) {
        const destNeed = cap(remaining[postoIndex(dest)]!, dest, s.gdClass, s.cohort);
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
  drawByDate(received, draw); // R8 (2): received, oldest first
  drawByDate(credits, draw); // R8 (3): credits, oldest vintage first

  const compensatedWh = new Map<Posto, bigint>();
  const billed = new Map<Posto, bigint>();
  for (const p of input.postos) {
    const i = postoIndex(p);
    compensatedWh.set(p, compensated[i]);
    billed.set(p, remaining[i]!);
  }
  const receivedUsed = new Map<string, bigint>();
  for (const s of received) receivedUsed.set(s.ref, s.start - s.avail);
  const creditsUsed = new Map<string, bigint>();
  for (const s of credits) {
    const used = s.start - s.avail;
    if (used > 0n) creditsUsed.set(s.ref, used);
  }
  const ownLeft: EnergyPart[] = [];
  for (const s of own) {
    if (s.avail <= 0n) continue;
    const part: Mutable<EnergyPart> = { posto: s.posto, gdClass: s.gdClass, wh: s.avail };
    if (s.cohort !== undefined) part.cohort = s.cohort;
    ownLeft.push(part);
  }
  return {
    lines,
    compensatedWh,
    billedWh: billed,
    ownLeft,
    receivedUsed,
    creditsUsed,
    minimumApplied,
  };
}

/** Draws a sorted list of sources one date (`labelDate`: allocation date or vintage) at a time, oldest first. */
function drawByDate(sources: readonly WorkSource[], draw: (group: readonly WorkSource[]) => void): void {
  let from = 0;
  while (from < sources.length) {
    let to = from + 1;
    while (to < sources.length && sources[to].labelDate === sources[from].labelDate) to++;
    draw(from === 0 && to === sources.length ? sources : sources.slice(from, to));
    from = to;
  }
}

/**
 * "Order within one age" (R8): among energy of one allocation date or one vintage, GD I before GD II before GD III;
 * then the posto's own lots before lots that only count as that posto (a `unico` lot at a UC with postos); then the
 * lowest source UC number.
 */
function withinAge(
  a: { gdClass: GdClass; posto: Posto; sourceUcId: string },
  b: { gdClass: GdClass; posto: Posto; sourceUcId: string },
  effectiveOf: (p: Posto) => Posto,
): number {
  const countsAs = (l: { posto: Posto }) => (effectiveOf(l.posto) === l.posto ? 0 : 1);
  return classOrder(a.gdClass, b.gdClass) || countsAs(a) - countsAs(b) || compareUcIds(a.sourceUcId, b.sourceUcId);
}

function classOrder(a: GdClass, b: GdClass): number {
  return GD_CLASSES.indexOf(a) - GD_CLASSES.indexOf(b);
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
