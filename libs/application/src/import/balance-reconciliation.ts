import { Kwh } from '@compensa/domain';
import type { BalanceKind } from './balance-rows';

/** A lot the platform holds from the file, as read back from its event. */
export interface OpenedLot {
  readonly kind: BalanceKind;
  readonly vintage: string;
  readonly gdClass: string;
  readonly kwh: string;
}

/** One line of the reconciliation: the file's Wh and the platform's. */
export interface ReconciliationLine {
  readonly key: string;
  readonly fileKwh: string;
  readonly platformKwh: string;
  /** file − platform: the kWh of refused lines (0 when everything was imported). */
  readonly differenceKwh: string;
}

type Pair = { file: bigint; platform: bigint };

/** Wh of a kWh text, or null when the text is not one (a refused line may hold anything). */
function whOf(kwh: string): bigint | null {
  try {
    return Kwh.parse(kwh).wh;
  } catch {
    return null;
  }
}

const kwhText = (wh: bigint): string => {
  const sign = wh < 0n ? '-' : '';
  const a = wh < 0n ? -wh : wh;
  return `${sign}${a / 1000n}.${(a % 1000n).toString().padStart(3, '0')}`;
};

const KIND_LABEL: Readonly<Record<string, string>> = {
  credit: 'créditos',
  received: 'excedente recebido',
  held: 'mantidos p/ titular',
};

/**
 * The file against what the platform holds from it, in exact Wh: per UC, per vintage year, per GD class and per
 * kind (credits, received excedente, held for a titular). Lines the file shows wrong (a negative or unreadable kWh)
 * count only where they can: a negative kWh is counted on the file's side as written.
 */
export class BalanceReconciliation {
  private readonly byUc = new Map<string, Pair>();
  private readonly byYear = new Map<string, Pair>();
  private readonly byClass = new Map<string, Pair>();
  private readonly byKind = new Map<string, Pair>();
  private readonly total: Pair = { file: 0n, platform: 0n };
  /** Lines whose kWh could not be read as a number at all. */
  unreadable = 0;

  private add(side: keyof Pair, ucId: string, kind: string, vintage: string, gdClass: string, wh: bigint): void {
    const bump = (m: Map<string, Pair>, k: string) => {
      let p = m.get(k);
      if (!p) m.set(k, (p = { file: 0n, platform: 0n }));
      p[side] += wh;
    };
    bump(this.byUc, ucId);
    bump(this.byYear, /^\d{4}/.test(vintage) ? vintage.slice(0, 4) : '?');
    bump(this.byClass, gdClass || '?');
    bump(this.byKind, kind);
    this.total[side] += wh;
  }

  /** A line of the file. */
  fromFile(ucId: string, kind: string, vintage: string, gdClass: string, kwh: string): void {
    const negative = kwh.startsWith('-');
    const wh = whOf(negative ? kwh.slice(1) : kwh);
    if (wh === null) {
      this.unreadable++;
      return;
    }
    this.add('file', ucId, kind, vintage, gdClass, negative ? -wh : wh);
  }

  /** The lots the platform holds for a UC from the file. */
  fromPlatform(ucId: string, lots: readonly OpenedLot[]): void {
    for (const l of lots) this.add('platform', ucId, l.kind, l.vintage, l.gdClass, Kwh.parse(l.kwh).wh);
  }

  private lines(m: Map<string, Pair>, sort = true): ReconciliationLine[] {
    const entries = [...m.entries()];
    if (sort) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.map(([key, p]) => ({
      key,
      fileKwh: kwhText(p.file),
      platformKwh: kwhText(p.platform),
      differenceKwh: kwhText(p.file - p.platform),
    }));
  }

  /** Per UC, in file order. */
  ucs(): ReconciliationLine[] {
    return this.lines(this.byUc, false);
  }
  years(): ReconciliationLine[] {
    return this.lines(this.byYear);
  }
  classes(): ReconciliationLine[] {
    return this.lines(this.byClass);
  }
  kinds(): ReconciliationLine[] {
    return this.lines(this.byKind).map((l) => ({ ...l, key: KIND_LABEL[l.key] ?? l.key }));
  }
  totals(): ReconciliationLine {
    return {
      key: 'total',
      fileKwh: kwhText(this.total.file),
      platformKwh: kwhText(this.total.platform),
      differenceKwh: kwhText(this.total.file - this.total.platform),
    };
  }

  /** Every line as CSV for a spreadsheet (`;`, decimal comma, UTF-8 with BOM written by the caller). */
  csv(): string {
    const n = (k: string) => k.replace('.', ',');
    const rows = ['section;key;file_kwh;platform_kwh;difference_kwh'];
    const section = (name: string, lines: ReconciliationLine[]) =>
      lines.forEach((l) =>
        rows.push([name, `"${l.key}"`, n(l.fileKwh), n(l.platformKwh), n(l.differenceKwh)].join(';')),
      );
    section('uc', this.ucs());
    section('ano_safra', this.years());
    section('classe', this.classes());
    section('tipo', this.kinds());
    section('total', [this.totals()]);
    return `${rows.join('\n')}\n`;
  }
}
