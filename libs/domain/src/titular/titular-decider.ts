import { cohortKey } from '../values/scce-cohort';
import { partitionExpired } from '../compensation/expire-credits';
import { creditFromJson, creditToJson, type CreditLotJson } from '../compensation/lot-json';
import type { CreditLot } from '../compensation/lots';
import type { UcFacts } from '../eligibility/uc-facts';
import { InvalidInput, RuleViolation, StateConflict } from '../shared/errors';
import { splitLargestRemainder } from '../split/split-largest-remainder';
import { addDays, parseBusinessDate, type BusinessDate } from '../values/business-date';
import { Kwh } from '../values/kwh';
import { Percent } from '../values/percent';
import { parseTitularDocument } from '../values/titular-document';
import { titularKeyOf } from '../values/titular-key';
import { compareUcIds, parseUcId } from '../values/uc-id';
import { parseShares } from '../uc/parse-shares';
import type { TitularJson } from '../uc/uc-events';
import type { OpeningLotInput, OpeningSourceJson } from '../opening/opening-lots';
import { decideImportOpeningHeldCredits } from '../opening/import-opening-held-credits';
import { decideCorrectHeldCredits } from './correct-held-credits';
import { decideRedecideDefault } from './redecide-default';
import type { TitularHistoryStep } from './titular-history';

/** A 30-day window opened when credits left a UC (R18, R19). */
export interface ReallocationWindow {
  readonly fromUcId: string;
  readonly rule: 'R18' | 'R19';
  readonly date: BusinessDate;
  readonly deadline: BusinessDate;
  /** open: waiting for an indication; moved: done; held: default found no UC (R20: waits for a new UC). */
  readonly status: 'open' | 'moved' | 'held';
  /** When the default ran (status held). */
  readonly defaultedOn?: BusinessDate;
}

/** Credits held for a titular with no UC to take them: `titular-<distribuidora>-<key>`. */
export interface TitularState {
  readonly distribuidora: string;
  readonly key: string;
  readonly titular: TitularJson | null;
  readonly held: readonly { fromUcId: string; lot: CreditLot }[];
  readonly windows: readonly ReallocationWindow[];
  /** Source events already held here. */
  readonly sources: readonly string[];
}

export const initialTitularState: TitularState = {
  distribuidora: '',
  key: '',
  titular: null,
  held: [],
  windows: [],
  sources: [],
};

/**
 * R20 retificação: one delivery of a 30-day move whose lots a correction changes. A UC the move gave nothing (no
 * delivery reached it) has `previous` empty; one it no longer gives anything, `corrected` empty.
 */
export interface HeldMoveCorrectedJson {
  /** The HeldCreditsReallocated event. */
  moveEventId: string;
  /** The delivery: `<moveEventId>:<ucId>` (the held-credits process manager's id). */
  sourceEventId: string;
  ucId: string;
  reason: 'indication' | 'default' | 'new-uc';
  date: string;
  previous: CreditLotJson[];
  corrected: CreditLotJson[];
  differenceKwh: string;
}

/** Events of a titular stream. */
export type TitularEvent =
  | {
      type: 'CreditsHeldForTitular';
      data: {
        distribuidora: string;
        titular: TitularJson;
        fromUcId: string;
        rule: 'R18' | 'R19';
        date: string;
        deadline: string;
        sourceEventId: string;
        lots: CreditLotJson[];
      };
    }
  | {
      type: 'ReallocationIndicated';
      data: { titularKey: string; fromUcId: string; date: string; shares: { ucId: string; percent: string }[] };
    }
  | {
      type: 'HeldCreditsReallocated';
      data: {
        titularKey: string;
        distribuidora: string;
        fromUcId: string;
        rule: 'R20';
        /** indication: the titular's choice; default: largest consumption after the deadline; new-uc: a UC registered later. */
        reason: 'indication' | 'default' | 'new-uc';
        date: string;
        inputs: Record<string, unknown>;
        outcome: { ucId: string; lots: CreditLotJson[] }[];
      };
    }
  | {
      type: 'HeldCreditsKept';
      data: { titularKey: string; fromUcId: string; rule: 'R20'; date: string; inputs: { candidates: UcFacts[] } };
    }
  | {
      type: 'HeldCreditsExpired';
      data: { titularKey: string; date: string; lots: (CreditLotJson & { fromUcId: string })[]; totalKwh: string };
    }
  | {
      /**
       * Retificação (R18, R19): a correction of the UC's history changed the credits that left it at `sourceEventId`.
       * History is not edited: this names the correction, the lots held before and after, and the held credits the
       * corrected history gives (which replace those in force). Appended with the UC's correction.
       */
      type: 'HeldCreditsCorrected';
      data: {
        titularKey: string;
        fromUcId: string;
        /** The UC stream's correction (ReadingCorrected, ExcedenteReceiptCorrected or AllocationRedecided). */
        correctionId: string;
        /** The TitularidadeTransferred / ContractClosed whose credits were held (CreditsHeldForTitular names it). */
        sourceEventId: string;
        rule: 'R18' | 'R19';
        /** The correction's business date. */
        date: string;
        previous: CreditLotJson[];
        corrected: CreditLotJson[];
        /** corrected − previous, kWh (negative: less held). */
        differenceKwh: string;
        /** What the corrected history holds for the titular (its 30-day decisions, and so its windows, are the same). */
        held: (CreditLotJson & { fromUcId: string })[];
        /** Held credits expired in the re-decided history, before and after the correction (R9). */
        expiredKwh: { before: string; after: string };
        /**
         * R20: the deliveries of this hold's 30-day moves whose lots the corrected history changes (absent: none); each
         * receiving UC's HeldCreditsReceiptCorrected names the same `sourceEventId`, in the same append.
         */
        moves?: HeldMoveCorrectedJson[];
        /**
         * R20: the corrected history holds nothing from this leaving (nothing would have left the UC), so the 30-day
         * window opened on `date` would not have been: it is closed, and the decisions taken in it moved nothing (each
         * delivery corrected to nothing in `moves`). Absent: the windows stay.
         */
        windowClosed?: { date: string; deadline: string };
      };
    }
  | {
      /**
       * Retificação (R20): a UC's corrected reading changed the consumption that 30-day decisions of this stream
       * compared (the default's largest consumption). Decided again with the corrected consumption, each moves what it
       * moved: this names the correction and the decisions re-decided. Appended with the UC's correction.
       */
      type: 'ReallocationDefaultRedecided';
      data: {
        titularKey: string;
        correctionId: string;
        /** The correction's business date. */
        date: string;
        comparedUcId: string;
        readingDate: string;
        /** The compared reading's total consumption before and after the correction. */
        previousKwh: string;
        correctedKwh: string;
        /**
         * The 30-day decisions that compared it: their date, the UC the credits came from, the UCs they go to with the
         * corrected consumption, and (only when it changed) the UCs they went to before.
         */
        decisions: { date: string; fromUcId: string; toUcIds: string[]; previousToUcIds?: string[] }[];
        /**
         * R20: a default that now chooses another UC: each delivery it changes (the UC it chose before: to nothing; the
         * UC it chooses now: from nothing), each receiving UC's HeldCreditsReceiptCorrected naming the same
         * `sourceEventId`, in the same append (absent: every decision chose the UCs it chose).
         */
        moves?: (HeldMoveCorrectedJson & { fromUcId: string })[];
      };
    }
  | {
      /** Migration: credits the legacy system held for the titular (R18, R19), with their 30-day state (R20). */
      type: 'OpeningHeldCreditsImported';
      data: {
        distribuidora: string;
        titular: TitularJson;
        fromUcId: string;
        rule: 'R18' | 'R19';
        /** When the credits left the UC (R18, R19): the 30 days count from it. */
        leftOn: string;
        deadline: string;
        /** open: waiting for an indication or the default; held: the default found no UC (R20). */
        status: 'open' | 'held';
        defaultedOn: string | null;
        /** The import date (the business date). */
        date: string;
        source: OpeningSourceJson;
        /** `opening:<sha256>:<fromUcId>`: the same file again holds nothing twice. */
        sourceEventId: string;
        lots: CreditLotJson[];
        totalKwh: string;
      };
    };

/** Commands on a titular stream: IndicateReallocation (the titular) and those the process managers issue. */
export type TitularCommand =
  | {
      type: 'HoldCredits';
      data: {
        distribuidora: string;
        titular: TitularJson;
        fromUcId: string;
        rule: 'R18' | 'R19';
        date: string;
        deadline: string;
        sourceEventId: string;
        lots: CreditLotJson[];
      };
    }
  | {
      type: 'IndicateReallocation';
      data: { document: string; sourceUcId: string; date: string; shares: { ucId: string; percent: string }[] };
      context: { facts: Readonly<Record<string, UcFacts>> };
    }
  | { type: 'ApplyReallocationDefault'; data: { fromUcId: string; date: string }; context: { candidates: UcFacts[] } }
  | { type: 'PickUpHeldCredits'; data: { ucId: string; date: string }; context: { facts: UcFacts } }
  | { type: 'ExpireHeldCredits'; data: { date: string } }
  | {
      /**
       * Retificação (R20): a UC's reading whose total consumption this stream's 30-day decisions compared was corrected.
       * Issued by the UC's correction, appended with it.
       */
      type: 'RedecideDefault';
      data: { correctionId: string; date: string; comparedUcId: string; readingDate: string; consumedKwh: string };
      context: {
        history: readonly TitularHistoryStep[];
        /** R20: the ids of the stream's HeldCreditsReallocated events, in order (absent: a default choosing another UC is refused). */
        moveEventIds?: readonly string[];
      };
    }
  | {
      /**
       * Retificação (R18, R19): the credits that left a UC at `sourceEventId` are, in the UC's corrected history,
       * `lots`. Issued by the UC's correction, appended with it.
       */
      type: 'CorrectHeldCredits';
      data: {
        correctionId: string;
        sourceEventId: string;
        fromUcId: string;
        rule: 'R18' | 'R19';
        date: string;
        lots: CreditLotJson[];
      };
      context: {
        /** The titular stream's history as the commands that appended it, and its earlier corrections, in order. */
        history: readonly TitularHistoryStep[];
        /** R20: the ids of the stream's HeldCreditsReallocated events, in order (absent: a changed move is refused). */
        moveEventIds?: readonly string[];
      };
    }
  | {
      /** Migration: credits held for the titular in the legacy billing system. */
      type: 'ImportOpeningHeldCredits';
      data: {
        distribuidora: string;
        titular: { document: string; name: string };
        fromUcId: string;
        rule: 'R18' | 'R19';
        leftOn: string;
        status: 'open' | 'held';
        /** status held: the day the default found no UC (default: the day after the deadline). */
        defaultedOn?: string | null;
        date: string;
        source: OpeningSourceJson;
        lots: OpeningLotInput[];
      };
    };

function heldFrom(s: TitularState, fromUcId: string): CreditLot[] {
  return s.held.filter((h) => h.fromUcId === fromUcId).map((h) => h.lot);
}

/** Splits lots by percentage weights, each lot on its own (Q2), keeping vintage and expiry. */
function splitLots(
  lots: readonly CreditLot[],
  targets: readonly { ucId: string; weight: bigint }[],
): { ucId: string; lots: CreditLotJson[] }[] {
  const out = targets.map((t) => ({ ucId: t.ucId, lots: [] as CreditLotJson[] }));
  for (const lot of lots) {
    splitLargestRemainder(
      lot.kwh.wh,
      targets.map((t) => t.weight),
    ).forEach((wh, i) => {
      if (wh > 0n) out[i].lots.push(creditToJson({ ...lot, kwh: Kwh.ofWh(wh) }));
    });
  }
  return out;
}

/** Held credits expiring before `date` (expiry < date: "Time", what is due on the date runs after the command). */
function expireHeldBefore(s: TitularState, date: BusinessDate): { events: TitularEvent[]; state: TitularState } {
  const expired = s.held.filter((h) => partitionExpired([h.lot], date, false).expired.length > 0);
  if (expired.length === 0) return { events: [], state: s };
  const event: TitularEvent = {
    type: 'HeldCreditsExpired',
    data: {
      titularKey: s.key,
      date,
      lots: expired.map((h) => ({ ...creditToJson(h.lot), fromUcId: h.fromUcId })),
      totalKwh: Kwh.sum(expired.map((h) => h.lot.kwh)).toString(),
    },
  };
  return { events: [event], state: evolveTitular(s, event) };
}

/** The titular stream's decide (R18–R20, R9, R14). */
export function decideTitular(command: TitularCommand, s: TitularState): TitularEvent[] {
  switch (command.type) {
    case 'HoldCredits': {
      const d = command.data;
      // Exactly once: the same source event is held once.
      if (s.sources.includes(d.sourceEventId)) return [];
      return [{ type: 'CreditsHeldForTitular', data: { ...d } }];
    }
    case 'IndicateReallocation': {
      const d = command.data;
      const doc = parseTitularDocument(d.document);
      const key = titularKeyOf(doc);
      const fromUcId = parseUcId(d.sourceUcId, 'sourceUcId');
      const date = parseBusinessDate(d.date);
      // R14: credits held for one titular are never indicated by another (the stream's key is the titular's).
      if (s.key !== '' && key !== s.key)
        throw RuleViolation('R14', `não há créditos mantidos para o titular ${key} aqui`);
      // "Time": expiries due before the indication's date happen first.
      const { events: expiredFirst, state: st } = expireHeldBefore(s, date);
      const window = [...st.windows].reverse().find((w) => w.fromUcId === fromUcId);
      // R14: no window for that UC: nothing was ever held for this titular from it (a transfer of credits).
      if (!window) throw RuleViolation('R14', `não há créditos da UC ${fromUcId} mantidos para o titular ${key}`);
      // R20 ("decided"): an indication after the deadline is refused with R20, whatever the default did since.
      if (date > window.deadline)
        throw RuleViolation('R20', `o prazo de 30 dias dos créditos da UC ${fromUcId} terminou em ${window.deadline}`);
      const lots = heldFrom(st, fromUcId);
      // R14: nothing (left) held from that UC, e.g. already indicated once.
      if (lots.length === 0 || window.status !== 'open')
        throw RuleViolation('R14', `não há créditos da UC ${fromUcId} mantidos para o titular ${key}`);
      const shares = parseShares(d.shares, 'R20');
      for (const sh of shares) {
        const f = command.context.facts[sh.ucId];
        if (!f) throw RuleViolation('R20', `a UC ${sh.ucId} não está cadastrada`);
        // R20 ("decided"): a UC that is not an active UC of the titular key in the distribuidora (whatever happened to
        // it since: another titular, closed, elsewhere) is refused with R20; R14 is kept for "nothing held".
        if (f.titularKey !== key) throw RuleViolation('R20', `a UC ${sh.ucId} não é do titular ${key}`);
        if (f.distribuidora !== s.distribuidora)
          throw RuleViolation('R20', `a UC ${sh.ucId} não é da distribuidora ${s.distribuidora}`);
        if (f.status !== 'active') throw RuleViolation('R20', `a UC ${sh.ucId} não está ativa`);
      }
      const outcome = splitLots(
        lots,
        shares.map((sh) => ({ ucId: sh.ucId, weight: Percent.parse(sh.percent).units })),
      );
      return [
        ...expiredFirst,
        { type: 'ReallocationIndicated', data: { titularKey: key, fromUcId, date, shares } },
        {
          type: 'HeldCreditsReallocated',
          data: {
            titularKey: key,
            distribuidora: s.distribuidora,
            fromUcId,
            rule: 'R20',
            reason: 'indication',
            date,
            inputs: { shares, deadline: window.deadline, facts: shares.map((sh) => command.context.facts[sh.ucId]) },
            outcome,
          },
        },
      ];
    }
    case 'ApplyReallocationDefault': {
      const d = command.data;
      const date = parseBusinessDate(d.date);
      const window = s.windows.find((w) => w.fromUcId === d.fromUcId && w.status === 'open');
      if (!window) return [];
      // R20: the default runs on the first day after the deadline.
      if (date <= window.deadline)
        throw new StateConflict(
          `o prazo de 30 dias dos créditos da UC ${d.fromUcId} está aberto até ${window.deadline}`,
        );
      // "Time": expiries due before the default's date happen first; expired lots never move (R9).
      const { events: expiredFirst, state: st } = expireHeldBefore(s, date);
      const lots = heldFrom(st, d.fromUcId);
      // R20: the titular key's active UCs in the distribuidora; largest consumption (P6a), ties: lowest UC number.
      const candidates = command.context.candidates
        .filter((c) => c.status === 'active' && c.distribuidora === s.distribuidora && c.titularKey === s.key)
        .sort((a, b) => compareUcIds(a.ucId, b.ucId));
      const demand = (c: UcFacts) =>
        c.latestConsumption && c.latestConsumption.readingDate <= date ? Kwh.parse(c.latestConsumption.kwh).wh : 0n;
      if (candidates.length === 0 || lots.length === 0) {
        return [
          ...expiredFirst,
          {
            type: 'HeldCreditsKept',
            data: {
              titularKey: s.key,
              fromUcId: d.fromUcId,
              rule: 'R20',
              date,
              inputs: { candidates: command.context.candidates },
            },
          },
        ];
      }
      const chosen = candidates.reduce((best, c) => (demand(c) > demand(best) ? c : best));
      return [
        ...expiredFirst,
        {
          type: 'HeldCreditsReallocated',
          data: {
            titularKey: s.key,
            distribuidora: s.distribuidora,
            fromUcId: d.fromUcId,
            rule: 'R20',
            reason: 'default',
            date,
            // The facts as given are recorded, so an audit re-runs this decision from the event alone.
            inputs: {
              deadline: window.deadline,
              facts: command.context.candidates,
              candidates: candidates.map((c) => ({ ucId: c.ucId, consumptionKwh: Kwh.ofWh(demand(c)).toString() })),
            },
            outcome: [{ ucId: chosen.ucId, lots: lots.map(creditToJson) }],
          },
        },
      ];
    }
    case 'PickUpHeldCredits': {
      const date = parseBusinessDate(command.data.date);
      const f = command.context.facts;
      if (f.titularKey !== s.key || f.distribuidora !== s.distribuidora || f.status !== 'active') return [];
      // "Time": expiries due before the pick-up's date happen first; expired lots stay expired (R9).
      const { events: expiredFirst, state: st } = expireHeldBefore(s, date);
      // R20: only a UC registered after the default picks up credits still held; one window at a time, oldest first.
      const events: TitularEvent[] = [];
      const done = new Set<string>();
      for (const w of st.windows) {
        if (w.status !== 'held' || !w.defaultedOn || f.registeredAt <= w.defaultedOn) continue;
        // Q3: held lots are kept per source UC; two held windows of one UC must not deliver its lots twice.
        if (done.has(w.fromUcId)) continue;
        done.add(w.fromUcId);
        const lots = heldFrom(st, w.fromUcId);
        if (lots.length === 0) continue;
        events.push({
          type: 'HeldCreditsReallocated',
          data: {
            titularKey: s.key,
            distribuidora: s.distribuidora,
            fromUcId: w.fromUcId,
            rule: 'R20',
            reason: 'new-uc',
            date,
            inputs: { defaultedOn: w.defaultedOn, newUc: f },
            outcome: [{ ucId: f.ucId, lots: lots.map(creditToJson) }],
          },
        });
      }
      return events.length > 0 ? [...expiredFirst, ...events] : [];
    }
    case 'ImportOpeningHeldCredits':
      return decideImportOpeningHeldCredits(command.data, s);
    case 'CorrectHeldCredits':
      return decideCorrectHeldCredits(command, s);
    case 'RedecideDefault':
      return decideRedecideDefault(command, s);
    case 'ExpireHeldCredits': {
      const date = parseBusinessDate(command.data.date);
      const expired = s.held.filter((h) => partitionExpired([h.lot], date, true).expired.length > 0);
      if (expired.length === 0) return [];
      return [
        {
          type: 'HeldCreditsExpired',
          data: {
            titularKey: s.key,
            date,
            lots: expired.map((h) => ({ ...creditToJson(h.lot), fromUcId: h.fromUcId })),
            totalKwh: Kwh.sum(expired.map((h) => h.lot.kwh)).toString(),
          },
        },
      ];
    }
  }
}

/** The titular stream's evolve. */
export function evolveTitular(s: TitularState, e: TitularEvent): TitularState {
  switch (e.type) {
    case 'CreditsHeldForTitular': {
      const d = e.data;
      return {
        distribuidora: d.distribuidora,
        key: d.titular.key,
        titular: d.titular,
        held: [...s.held, ...d.lots.map((l) => ({ fromUcId: d.fromUcId, lot: creditFromJson(l) }))],
        windows: [
          ...s.windows.filter((w) => w.fromUcId !== d.fromUcId || w.status !== 'open'),
          {
            fromUcId: d.fromUcId,
            rule: d.rule,
            date: d.date as BusinessDate,
            deadline: d.deadline as BusinessDate,
            status: 'open',
          },
        ],
        sources: [...s.sources, d.sourceEventId],
      };
    }
    case 'OpeningHeldCreditsImported': {
      // Migration: held as if the platform had held them, in the 30-day state the legacy system left them (R20).
      const d = e.data;
      const window: ReallocationWindow = {
        fromUcId: d.fromUcId,
        rule: d.rule,
        date: d.leftOn as BusinessDate,
        deadline: d.deadline as BusinessDate,
        status: d.status,
        ...(d.defaultedOn ? { defaultedOn: d.defaultedOn as BusinessDate } : {}),
      };
      return {
        distribuidora: d.distribuidora,
        key: d.titular.key,
        titular: d.titular,
        held: [...s.held, ...d.lots.map((l) => ({ fromUcId: d.fromUcId, lot: creditFromJson(l) }))],
        windows: [...s.windows, window],
        sources: [...s.sources, d.sourceEventId],
      };
    }
    case 'ReallocationIndicated':
    case 'ReallocationDefaultRedecided':
      // The first: its HeldCreditsReallocated moves the lots; the second moves what the decisions moved already.
      return s;
    case 'HeldCreditsCorrected': {
      // Retificação: the corrected history's held credits replace those in force.
      const d = e.data;
      const closed = d.windowClosed;
      return {
        ...s,
        held: d.held.map(({ fromUcId, ...l }) => ({ fromUcId, lot: creditFromJson(l) })),
        // R20: a hold corrected to nothing opened no window.
        ...(closed ? { windows: s.windows.filter((w) => w.fromUcId !== d.fromUcId || w.date !== closed.date) } : {}),
      };
    }
    case 'HeldCreditsReallocated':
      return {
        ...s,
        held: s.held.filter((h) => h.fromUcId !== e.data.fromUcId),
        windows: s.windows.map((w) =>
          w.fromUcId === e.data.fromUcId && w.status !== 'moved' ? { ...w, status: 'moved' } : w,
        ),
      };
    case 'HeldCreditsKept':
      return {
        ...s,
        windows: s.windows.map((w) =>
          w.fromUcId === e.data.fromUcId && w.status === 'open'
            ? { ...w, status: 'held', defaultedOn: e.data.date as BusinessDate }
            : w,
        ),
      };
    case 'HeldCreditsExpired': {
      const gone = new Set(
        e.data.lots.map(
          (l) => `${l.fromUcId}|${l.vintage}|${l.posto}|${l.gdClass}|${l.sourceUcId}${cohortKey(l.cohort)}`,
        ),
      );
      return {
        ...s,
        held: s.held.filter(
          (h) =>
            !gone.has(
              `${h.fromUcId}|${h.lot.vintage}|${h.lot.posto}|${h.lot.gdClass}|${h.lot.sourceUcId}${cohortKey(h.lot.cohort)}`,
            ),
        ),
      };
    }
  }
}

/** R20: windows whose default is due on or before `date` (the day after the deadline). */
export function dueDefaults(s: TitularState, date: BusinessDate): ReallocationWindow[] {
  return s.windows.filter((w) => w.status === 'open' && addDays(w.deadline, 1) <= date);
}

/** Guards a titular document for the HTTP path parameter. */
export function titularKeyOfDocument(document: string): string {
  if (typeof document !== 'string') throw new InvalidInput('document', 'informe um CPF ou CNPJ');
  return titularKeyOf(parseTitularDocument(document));
}
