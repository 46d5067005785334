/** The Importações view's pure pieces (also used by the tests): a file's media type, refusals and stalls in words. */
import type { ImportJob } from '../api/types';
import { formatCount, formatInstant, formatRule, formatTime } from '../format/pt-br';

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

/** An instant today by its time to the second; an older one with its date. */
function momentText(iso: string, now: number): string {
  return now - Date.parse(iso) < 12 * 3_600_000 ? formatTime(iso) : formatInstant(iso);
}

/**
 * Why a running job's bar stands still, and what happens next: its API instance stopped (a deploy: another resumes it
 * at once) or has been silent since a time (it died, or is stuck: another resumes it by `resumeBy`, or the first one
 * started, when that has passed). The readings decided so far stay recorded either way.
 */
export function stallText(stalled: NonNullable<ImportJob['stalled']>, now: number): string {
  const after = 'do ponto em que parou (as leituras já gravadas ficam)';
  if (stalled.lastSignalAt === null)
    return `A API que executava esta importação foi desligada. A próxima instância da API no ar a retoma, ${after}.`;
  const since = `Sem sinal da API que executava esta importação desde ${momentText(stalled.lastSignalAt, now)}.`;
  return Date.parse(stalled.resumeBy) > now
    ? `${since} Se ela não voltar, outra instância da API a retoma até ${momentText(stalled.resumeBy, now)}, ${after}.`
    : `${since} A próxima instância da API no ar a retoma, ${after}.`;
}
