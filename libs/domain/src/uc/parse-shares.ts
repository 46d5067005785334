import type { RuleId } from '../shared/errors';
import { InvalidInput, RuleViolation } from '../shared/errors';
import { Percent } from '../values/percent';
import { parseUcId } from '../values/uc-id';

/** Validates a list of percentage shares: UC ids, unique, each a percentage, adding up to exactly 100 (Q2). */
export function parseShares(
  shares: readonly { ucId: string; percent: string }[],
  rule: RuleId,
  field = 'shares',
): { ucId: string; percent: string }[] {
  if (!Array.isArray(shares) || shares.length === 0)
    throw new InvalidInput(field, 'informe ao menos uma UC com seu percentual');
  const seen = new Set<string>();
  let total = 0n;
  const out = shares.map((s, i) => {
    const ucId = parseUcId(s?.ucId, `${field}[${i}].ucId`);
    if (seen.has(ucId)) throw new InvalidInput(`${field}[${i}].ucId`, `a UC ${ucId} aparece duas vezes`);
    seen.add(ucId);
    const p = Percent.parse(s?.percent, `${field}[${i}].percent`);
    total += p.units;
    return { ucId, percent: p.toString() };
  });
  if (total !== Percent.HUNDRED_UNITS) {
    throw RuleViolation(rule, `os percentuais somam ${Percent.ofUnits(total).toString()}, não exatamente 100`);
  }
  return out;
}
