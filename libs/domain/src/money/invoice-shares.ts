import type { UcEvent } from '../uc/uc-events';
import { gdClassLabel, type GdClass } from '../values/gd-class';
import { Kwh } from '../values/kwh';
import type { Posto } from '../values/posto';
import type { Invoice } from './invoice';
import { COHORT_LABEL } from './invoice-labels';

type CycleCompensatedData = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];

/**
 * The part of one invoice that the energy of one source UC and GD class accounts for: the kWh it compensated, the
 * R$ those kWh took off the bill (its part of the `compensada` lines, as a positive amount), the SCEE charge paid on
 * them (its part of the `scee` lines, R23) and its part of the savings (R28). Amounts in centavos; null while the
 * invoice's tariff is missing.
 */
export interface InvoiceShare {
  readonly sourceUcId: string;
  readonly gdClass: GdClass;
  readonly wh: bigint;
  readonly compensatedCents: bigint | null;
  readonly scceCents: bigint | null;
  readonly savingsCents: bigint | null;
}

/** "-248.51" → -24851n (an amount already rounded to 2 places, as the invoice prints it). */
export function centsOf(amount: string): bigint {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!m) throw new TypeError(`"${amount}" is not an amount with 2 places`);
  const cents = BigInt(m[2]) * 100n + BigInt(m[3]);
  return m[1] ? -cents : cents;
}

/** -24851n → "-248.51". */
export function amountOfCents(cents: bigint): string {
  const abs = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${cents < 0n ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

/**
 * Splits `total` centavos in proportion to `weights` (non-negative), exactly: each gets the floor of its share and
 * the centavos left go one each to the largest remainders (ties: the earlier weight). The parts add up to `total`.
 * All-zero weights: split as if equal.
 */
export function apportionCents(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) return [];
  const sign = total < 0n ? -1n : 1n;
  const abs = total * sign;
  const sum = weights.reduce((a, w) => a + w, 0n);
  const w = sum === 0n ? weights.map(() => 1n) : weights;
  const whole = sum === 0n ? BigInt(weights.length) : sum;
  const parts = w.map((x) => (abs * x) / whole);
  let left = abs - parts.reduce((a, p) => a + p, 0n);
  const byRemainder = w
    .map((x, i) => ({ i, remainder: (abs * x) % whole }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left === 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map((p) => p * sign);
}

const key = (sourceUcId: string, gdClass: GdClass) => `${sourceUcId}\u0000${gdClass}`;

/**
 * R23, R28: what each source UC and GD class accounts for in a cycle's invoice, from the recorded compensation lines
 * (each names its source UC) and the invoice `invoiceOfCycle` derived from them. An invoice line is per posto and
 * class, so its rounded amount is split among the sources that fed it in proportion to their kWh (the same unit
 * price applies to all of them: the split equals each source's exact E × T or E × f, up to the centavo the line
 * rounded; where the 2023-H1 cohort has an SCEE line of its own, that line goes to the cohort's sources); the savings are split in proportion to each share's net reduction of the bill (compensated − SCEE).
 * Every split is exact in centavos: the shares add up to the invoice's lines, its SCEE charge and its savings.
 */
export function invoiceSharesOf(
  data: Pick<CycleCompensatedData, 'lines'>,
  invoice: Pick<Invoice, 'status' | 'lines' | 'savings'>,
): InvoiceShare[] {
  // kWh per (posto, class) line of the invoice, by source; the 2023-H1 cohort's apart as well (R23: in 2029–2030 its
  // SCEE charge has a line of its own).
  const fed = new Map<string, Map<string, bigint>>();
  const wh = new Map<string, bigint>();
  const order: { sourceUcId: string; gdClass: GdClass }[] = [];
  const feed = (line: string, k: string, w: bigint) => {
    const sources = fed.get(line) ?? new Map<string, bigint>();
    sources.set(k, (sources.get(k) ?? 0n) + w);
    fed.set(line, sources);
  };
  const byUc = (a: { sourceUcId: string }, b: { sourceUcId: string }) =>
    a.sourceUcId < b.sourceUcId ? -1 : a.sourceUcId > b.sourceUcId ? 1 : 0;
  for (const l of [...data.lines].sort(byUc)) {
    const w = Kwh.parse(l.kwh, 'lines.kwh').wh;
    const k = key(l.sourceUcId, l.gdClass);
    if (!wh.has(k)) order.push({ sourceUcId: l.sourceUcId, gdClass: l.gdClass });
    wh.set(k, (wh.get(k) ?? 0n) + w);
    const line = `${l.posto}\u0000${gdClassLabel(l.gdClass)}`;
    feed(line, k, w);
    feed(`${line}\u0000${l.cohort === undefined ? 'plain' : 'cohort'}`, k, w);
  }
  // The (posto, class) lines whose SCEE charge the cohort splits in two.
  const cohortLines = new Set(
    invoice.lines
      .filter((l) => l.code === 'scee' && l.label.endsWith(COHORT_LABEL))
      .map((l) => `${l.posto as Posto}\u0000${l.gdClass}`),
  );
  const priced = invoice.status === 'priced';
  const compensated = new Map<string, bigint>();
  const scce = new Map<string, bigint>();
  if (priced) {
    for (const line of invoice.lines) {
      if ((line.code !== 'compensada' && line.code !== 'scee') || line.amount === null) continue;
      const at = `${line.posto as Posto}\u0000${line.gdClass}`;
      const split = line.code === 'scee' && cohortLines.has(at);
      const sources = fed.get(split ? `${at}\u0000${line.label.endsWith(COHORT_LABEL) ? 'cohort' : 'plain'}` : at);
      if (!sources) continue;
      const keys = [...sources.keys()];
      // compensada lines are negative on the bill: each share keeps what it took off, as a positive amount.
      const amount = line.code === 'compensada' ? -centsOf(line.amount) : centsOf(line.amount);
      const into = line.code === 'compensada' ? compensated : scce;
      apportionCents(
        amount,
        keys.map((k) => sources.get(k)!),
      ).forEach((part, i) => into.set(keys[i], (into.get(keys[i]) ?? 0n) + part));
    }
  }
  const keys = order.map((o) => key(o.sourceUcId, o.gdClass));
  const net = keys.map((k) => {
    const n = (compensated.get(k) ?? 0n) - (scce.get(k) ?? 0n);
    return n > 0n ? n : 0n;
  });
  const savings =
    priced && invoice.savings !== null
      ? apportionCents(centsOf(invoice.savings), net.some((n) => n > 0n) ? net : keys.map((k) => wh.get(k)!))
      : null;
  return order.map((o, i) => ({
    sourceUcId: o.sourceUcId,
    gdClass: o.gdClass,
    wh: wh.get(keys[i])!,
    compensatedCents: priced ? (compensated.get(keys[i]) ?? 0n) : null,
    scceCents: priced ? (scce.get(keys[i]) ?? 0n) : null,
    savingsCents: savings === null ? null : savings[i],
  }));
}
