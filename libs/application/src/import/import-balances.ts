import { randomUUID } from 'node:crypto';
import {
  parseTitularDocument,
  titularKeyOf,
  titularStream,
  type OpeningLotInput,
  type OpeningSourceJson,
} from '@compensa/domain';
import type { EventStore } from '@compensa/event-store';
import type { CommandMeta } from '../commands/command-result';
import type { OpeningPartOutcome, UcOpeningBodies, UcOpeningOutcome } from '../commands/import-uc-opening';
import { refusalOf } from '../commands/refusal';
import type { Platform } from '../platform';
import type { BalanceGroup, BalanceRow } from './balance-rows';
import { BalanceReconciliation, type OpenedLot } from './balance-reconciliation';

/**
 * What an opening-balance import needs of the platform: a UC's opening (its balance and its titular's held credits,
 * all or nothing), and what it holds from a file (read back).
 */
export interface BalanceImportTarget {
  importUcOpening(bodies: UcOpeningBodies, meta: CommandMeta): Promise<UcOpeningOutcome>;
  /** The UC's distribuidora, or null for a UC the platform does not know. */
  distribuidoraOf(ucId: string): Promise<string | null>;
  /** The UC's lots the platform holds from the file with this SHA-256 (its OpeningBalanceImported), or null. */
  openedAt(ucId: string, sha256: string): Promise<OpenedLot[] | null>;
  /** The lots held for the titular from `fromUcId` by the file with this SHA-256, or null. */
  heldOpenedAt(distribuidora: string, document: string, fromUcId: string, sha256: string): Promise<OpenedLot[] | null>;
}

/** The platform's command path as the target (the same decide + append as the HTTP routes). */
export function platformBalanceTarget(platform: Platform, store: EventStore): BalanceImportTarget {
  const find = async (stream: string, type: string, match: (data: Record<string, unknown>) => boolean) => {
    for await (const e of store.readStream(stream)) {
      if (e.type === type && match(e.data as Record<string, unknown>)) return e.data as Record<string, unknown>;
    }
    return null;
  };
  type Lot = { vintage: string; gdClass: string; kwh: string };
  return {
    importUcOpening: (bodies, meta) => platform.commands.importUcOpening(bodies, meta),
    distribuidoraOf: async (ucId) => (await platform.directory.factsOf(ucId, '9999-12-31'))?.distribuidora ?? null,
    openedAt: async (ucId, sha256) => {
      const stream = await platform.directory.streamOf(ucId);
      if (!stream) return null;
      const d = await find(
        stream,
        'OpeningBalanceImported',
        (x) => (x.source as OpeningSourceJson | undefined)?.sha256 === sha256,
      );
      if (!d) return null;
      return [
        ...(d.credits as Lot[]).map((l) => ({ kind: 'credit' as const, ...pick(l) })),
        ...(d.received as (Lot & { allocatedOn: string })[]).map((l) => ({
          kind: 'received' as const,
          ...pick({ ...l, vintage: l.allocatedOn }),
        })),
      ];
    },
    heldOpenedAt: async (distribuidora, document, fromUcId, sha256) => {
      const key = titularKeyOf(parseTitularDocument(document));
      const d = await find(
        titularStream(distribuidora, key),
        'OpeningHeldCreditsImported',
        (x) => x.fromUcId === fromUcId && (x.source as OpeningSourceJson | undefined)?.sha256 === sha256,
      );
      return d ? (d.lots as Lot[]).map((l) => ({ kind: 'held' as const, ...pick(l) })) : null;
    },
  };
}

const pick = (l: { vintage: string; gdClass: string; kwh: string }) => ({
  vintage: l.vintage,
  gdClass: l.gdClass,
  kwh: l.kwh,
});

/** What became of one part of a UC of the file: its balance, or the credits held for its titular. */
export interface BalanceOutcome {
  /** The first file line of the part. */
  readonly line: number;
  readonly ucId: string;
  readonly part: 'saldo' | 'mantidos';
  readonly outcome: 'accepted' | 'duplicate' | 'refused';
  /** The HTTP status the API would answer (201 accepted, 200 duplicate, 4xx refused). */
  readonly status: number;
  readonly rule: string | null;
  readonly detail: string;
}

/** Counts of an import, by UC of the file. */
export interface BalanceImportSummary {
  readonly ucs: number;
  readonly rows: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly refused: number;
  /** Refused UCs by rule id, or by HTTP status for a refusal with no rule. */
  readonly refusedBy: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly ucsPerSecond: number;
}

/** Options of an opening-balance import. */
export interface BalanceImportOptions {
  /** The file as the events name it: its name and SHA-256 (idempotency: same file + UC, nothing twice). */
  readonly file: string;
  readonly sha256: string;
  /** The import date: R9 counts 60 months back from it; the events carry it as their business date. */
  readonly date: string;
  /** Held credits of a UC the platform does not know, with no `distribuidora` column: this one. */
  readonly distribuidora?: string;
  /** UCs imported at once. Default 64 (their appends meet in the store's group commit). */
  readonly concurrency?: number;
  readonly onOutcome?: (o: BalanceOutcome) => void;
  readonly onProgress?: (s: BalanceImportSummary) => void;
  /**
   * Stops the run between UCs: no UC is started once it aborts, the UCs in flight finish (each opened whole or not at
   * all), the rest of the file is not read, and the run rejects with BalanceImportInterrupted (the counts so far).
   */
  readonly signal?: AbortSignal;
}

/**
 * An opening-balance import stopped by its signal: the UCs counted were decided; the same file again (same SHA-256)
 * counts those opened as duplicates and opens the rest. It carries no reconciliation: a clerk reads that one as the
 * file's against the platform, and the complete run, which reads back the UCs opened before too, writes it whole.
 */
export class BalanceImportInterrupted extends Error {
  constructor(readonly summary: BalanceImportSummary) {
    super(`importação interrompida depois de ${summary.ucs} UCs`);
    this.name = 'BalanceImportInterrupted';
  }
}

/**
 * Imports a legacy system's opening balances, one UC at a time through the platform's deciders (the same rules and
 * refusals as the HTTP routes): its credits and received excedente as one `ImportOpeningBalance` and the credits
 * held for its titular as one `ImportOpeningHeldCredits`, appended together in one transaction. A UC refused (by a
 * line of the file, or by the rules, in either part) has nothing appended. The reconciliation adds up the file and
 * what the platform then holds from it (read back from the log).
 */
export async function importBalances(
  groups: AsyncIterable<BalanceGroup>,
  target: BalanceImportTarget,
  options: BalanceImportOptions,
): Promise<{ summary: BalanceImportSummary; reconciliation: BalanceReconciliation }> {
  const started = performance.now();
  const counts = { ucs: 0, rows: 0, accepted: 0, duplicates: 0, refused: 0 };
  const refusedBy: Record<string, number> = {};
  const reconciliation = new BalanceReconciliation();
  const summary = (): BalanceImportSummary => {
    const seconds = (performance.now() - started) / 1000;
    return { ...counts, refusedBy: { ...refusedBy }, seconds, ucsPerSecond: seconds > 0 ? counts.ucs / seconds : 0 };
  };
  const iterator = groups[Symbol.asyncIterator]();
  const stopped = () => options.signal?.aborted === true;
  let ended = false;
  let skipped = false;
  const worker = async () => {
    for (;;) {
      if (stopped()) return;
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        return;
      }
      // A UC read after the stop is not started (nothing of it appended).
      if (stopped()) {
        skipped = true;
        return;
      }
      const group = next.value;
      for (const r of group.rows) reconciliation.fromFile(r.ucId, r.kind, r.vintage, r.gdClass, r.kwh);
      const outcomes = await importUc(group, target, options, reconciliation);
      counts.ucs++;
      counts.rows += Math.max(1, group.rows.length);
      const refused = outcomes.find((o) => o.outcome === 'refused');
      if (refused) {
        counts.refused++;
        const key = refused.rule ?? String(refused.status);
        refusedBy[key] = (refusedBy[key] ?? 0) + 1;
      } else if (outcomes.every((o) => o.outcome === 'duplicate')) counts.duplicates++;
      else counts.accepted++;
      for (const o of outcomes) options.onOutcome?.(o);
      options.onProgress?.(summary());
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 64 }, worker));
  // A stop that comes after the end of the file was read, every UC of it decided, interrupts nothing: it is complete.
  if (stopped() && (!ended || skipped)) {
    // The rest of the file is not read: the reader is closed.
    await iterator.return?.();
    throw new BalanceImportInterrupted(summary());
  }
  return { summary: summary(), reconciliation };
}

const lotOf = (r: BalanceRow): OpeningLotInput => ({
  vintage: r.vintage,
  posto: r.posto,
  gdClass: r.gdClass,
  kwh: r.kwh,
  sourceUcId: r.sourceUcId,
});

async function importUc(
  group: BalanceGroup,
  target: BalanceImportTarget,
  options: BalanceImportOptions,
  reconciliation: BalanceReconciliation,
): Promise<BalanceOutcome[]> {
  if (group.kind === 'malformed') {
    return [
      {
        line: group.line,
        ucId: group.ucId,
        part: 'saldo',
        outcome: 'refused',
        status: group.status,
        rule: group.rule,
        detail: group.problem,
      },
    ];
  }
  const own = group.rows.filter((r) => r.kind !== 'held');
  const held = group.rows.filter((r) => r.kind === 'held');
  const source = (line: number) => ({ file: options.file, line, sha256: options.sha256 });
  const h = held[0]?.held;
  const distribuidora = h
    ? h.distribuidora || (await target.distribuidoraOf(group.ucId)) || options.distribuidora || ''
    : '';
  const bodies: UcOpeningBodies = {
    ...(own.length
      ? {
          balance: {
            ucId: group.ucId,
            date: options.date,
            source: source(own[0].line),
            credits: own.filter((r) => r.kind === 'credit').map(lotOf),
            received: own.filter((r) => r.kind === 'received').map(lotOf),
          },
        }
      : {}),
    ...(h
      ? {
          held: {
            document: h.document,
            name: h.name,
            distribuidora,
            fromUcId: group.ucId,
            rule: h.rule as 'R18' | 'R19',
            leftOn: h.leftOn,
            status: h.window as 'open' | 'held',
            ...(h.defaultedOn ? { defaultedOn: h.defaultedOn } : {}),
            date: options.date,
            source: source(held[0].line),
            lots: held.map(lotOf),
          },
        }
      : {}),
  };
  // One command id for the UC's opening (the audit groups a command's events by it, stream by stream).
  const outcome = await target.importUcOpening(bodies, {
    commandId: randomUUID(),
    correlationId: `import-balances:${options.file}:${group.line}`,
  });
  const out: BalanceOutcome[] = [];
  if (outcome.balance) out.push(partOutcome({ line: own[0].line, ucId: group.ucId, part: 'saldo' }, outcome.balance));
  if (outcome.held) out.push(partOutcome({ line: held[0].line, ucId: group.ucId, part: 'mantidos' }, outcome.held));
  if (out.some((o) => o.outcome === 'refused')) return out;
  if (own.length) reconciliation.fromPlatform(group.ucId, (await target.openedAt(group.ucId, options.sha256)) ?? []);
  if (h)
    reconciliation.fromPlatform(
      group.ucId,
      (await target.heldOpenedAt(distribuidora, h.document, group.ucId, options.sha256)) ?? [],
    );
  return out;
}

/**
 * One part's outcome as the clerk reads it: accepted (events appended), duplicate (nothing to append: this file was
 * imported), refused, or not appended because the UC's other part was refused.
 */
function partOutcome(base: Pick<BalanceOutcome, 'line' | 'ucId' | 'part'>, o: OpeningPartOutcome): BalanceOutcome {
  if (o.kind === 'appended')
    return o.result.events.length > 0
      ? { ...base, outcome: 'accepted', status: 201, rule: null, detail: '' }
      : { ...base, outcome: 'duplicate', status: 200, rule: null, detail: 'já importado deste arquivo' };
  const refusal = refusalOf(o.kind === 'refused' ? o.error : o.by);
  if (!refusal) throw o.kind === 'refused' ? o.error : o.by;
  if (o.kind === 'refused') return { ...base, outcome: 'refused', ...refusal };
  const why = `${refusal.rule ?? refusal.status}`;
  return {
    ...base,
    outcome: 'refused',
    ...refusal,
    detail:
      base.part === 'mantidos'
        ? `não enviados: o saldo da UC foi recusado (${why})`
        : `não gravado: os créditos mantidos da UC foram recusados (${why})`,
  };
}
