/**
 * The audit's section of opening balances (migration): what was opened from the legacy billing system, per file.
 * These events are recorded inputs — the platform only checked them (R9, R12, Q3) and copied them — so the audit
 * lists them apart, with their totals, next to what it verified.
 */
import { Kwh } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';

/** One imported file: its name and SHA-256, the UCs and titulares it opened, and the kWh by kind. */
export interface OpeningBalanceFile {
  file: string;
  sha256: string;
  /** The import date(s) its events carry. */
  dates: string[];
  ucs: number;
  titulares: number;
  creditsKwh: string;
  receivedKwh: string;
  heldKwh: string;
  totalKwh: string;
}

/** The section: per file, and the totals (kWh as decimal strings, Q1). */
export interface OpeningBalances {
  events: number;
  files: OpeningBalanceFile[];
  creditsKwh: string;
  receivedKwh: string;
  heldKwh: string;
  totalKwh: string;
}

const whOf = (lots: readonly { kwh: string }[]): bigint => lots.reduce((t, l) => t + Kwh.parse(l.kwh).wh, 0n);
const kwhOf = (wh: bigint): string => Kwh.ofWh(wh).toString();

/** The opening balances among the replayed events (as of the audit's date or position, in its selection). */
export function openingBalancesOf(events: readonly RecordedEvent[]): OpeningBalances {
  const tally = new OpeningBalancesTally();
  for (const e of events) tally.add(e);
  return tally.result();
}

type FileAcc = {
  file: string;
  dates: Set<string>;
  ucs: number;
  titulares: Set<string>;
  c: bigint;
  r: bigint;
  h: bigint;
};

/** The section added up one replayed event at a time (the streamed audit keeps no events). */
export class OpeningBalancesTally {
  private readonly files = new Map<string, FileAcc>();
  private count = 0;

  add(e: RecordedEvent): void {
    if (e.type === 'OpeningBalanceImported') {
      const d = e.data as {
        date: string;
        source: { file: string; sha256: string };
        credits: { kwh: string }[];
        received: { kwh: string }[];
      };
      const a = this.accOf(d.source);
      a.dates.add(d.date);
      a.ucs++;
      a.c += whOf(d.credits);
      a.r += whOf(d.received);
      this.count++;
    } else if (e.type === 'OpeningHeldCreditsImported') {
      const d = e.data as { date: string; source: { file: string; sha256: string }; lots: { kwh: string }[] };
      const a = this.accOf(d.source);
      a.dates.add(d.date);
      a.titulares.add(e.stream);
      a.h += whOf(d.lots);
      this.count++;
    }
  }

  result(): OpeningBalances {
    const files = this.files;
    const rows = [...files.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([sha256, a]) => ({
        file: a.file,
        sha256,
        dates: [...a.dates].sort(),
        ucs: a.ucs,
        titulares: a.titulares.size,
        creditsKwh: kwhOf(a.c),
        receivedKwh: kwhOf(a.r),
        heldKwh: kwhOf(a.h),
        totalKwh: kwhOf(a.c + a.r + a.h),
      }));
    const sum = (k: 'c' | 'r' | 'h') => [...files.values()].reduce((t, a) => t + a[k], 0n);
    return {
      events: this.count,
      files: rows,
      creditsKwh: kwhOf(sum('c')),
      receivedKwh: kwhOf(sum('r')),
      heldKwh: kwhOf(sum('h')),
      totalKwh: kwhOf(sum('c') + sum('r') + sum('h')),
    };
  }

  private accOf(source: { file: string; sha256: string }): FileAcc {
    let a = this.files.get(source.sha256);
    if (!a) {
      a = { file: source.file, dates: new Set(), ucs: 0, titulares: new Set(), c: 0n, r: 0n, h: 0n };
      this.files.set(source.sha256, a);
    }
    return a;
  }
}
