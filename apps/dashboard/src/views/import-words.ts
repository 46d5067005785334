/** The Importações view's pure pieces (also used by the tests): a file's media type, refusals in words. */
import { formatCount, formatRule } from '../format/pt-br';

/** The media type the API takes for a file, by its name; null for another kind of file. */
export function importTypeOf(name: string): string | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'application/x-ndjson';
  return null;
}

/** A refusal without a rule id, by the HTTP status the API would answer, in the words a clerk reads. */
const STATUS_WORDS: Record<string, string> = {
  '400': 'linha com erro de formato',
  '404': 'UC não cadastrada',
  '409': 'ciclo já gravado com outros valores',
  '422': 'valor recusado',
};

/** What refused one line, in words: the rule with its title, or what its HTTP status means. */
export function refusalReasonText(rule: string | null, status: number | string): string {
  return rule ? formatRule(rule) : `${STATUS_WORDS[String(status)] ?? 'recusada'} (${status})`;
}

/** A job's refusals by rule or status, the most first: "R15 · … : 1; UC não cadastrada (404): 2". */
export function refusedByText(refusedBy: Record<string, number>): string {
  return Object.entries(refusedBy)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([key, n]) => `${refusalReasonText(/^\d+$/.test(key) ? null : key, key)}: ${formatCount(n)}`)
    .join('; ');
}
