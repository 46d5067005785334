import { distribuidoraName, pluralPtBr, postoName, ruleWithTitle } from '@compensa/domain';
import type { AuditCheck, DecisionStatus, TrailMove } from './audit-report';
import { CHECK_0_NOTE, type AuditNote } from './audit-notes';
import type { AuditSelection } from './audit-selection';
import { formatDatePtBr, formatKwhPtBr } from './pt-br-format';

/**
 * The audit report's codes in the words a regulator reads (pt-BR): statuses, decisions, reasons, the selection and
 * the inputs a 30-day move compared. The JSON and CSV keep the codes; only the printable HTML uses these.
 */

const DECISIONS: Record<DecisionStatus, string> = {
  verified: 'verificada',
  partial: 'verificada em parte',
  mismatch: 'divergente',
  'not-checked': 'não verificada',
  recorded: 'registrada (entrada)',
};
const CHECKS: Record<AuditCheck, string> = {
  'hash-chain': 'Cadeia de hashes',
  decision: 'Decisão recalculada',
  'recorded-input': 'Entrada registrada',
  'read-model': 'Modelo de leitura',
  conservation: 'Conservação (Q3)',
  checkpoint: 'Checkpoint assinado do log',
};
const SOURCES: Record<string, string> = { own: 'própria', received: 'recebida', credit: 'crédito' };
const STATUSES: Record<string, string> = {
  active: 'ativa',
  closed: 'encerrada',
  open: 'aberta',
  moved: 'realocada',
  held: 'mantida (sem UC)',
};
const REASONS: Record<string, string> = {
  indication: 'indicação do titular',
  default: 'sem indicação no prazo: UC ativa de maior consumo',
  'new-uc': 'nova UC do titular',
  kept: 'mantidos para o titular (sem UC elegível)',
  'closure-distribution': 'distribuição no encerramento',
  correction: 'retificação de leitura',
};
const MOVES: Record<TrailMove['type'] | 'HeldCreditsPickedUp', string> = {
  CreditsReallocated: 'Créditos realocados',
  HeldCreditsReallocated: 'Créditos mantidos realocados',
  HeldCreditsKept: 'Créditos mantidos sem UC elegível',
  HeldCreditsCorrected: 'Créditos mantidos corrigidos por retificação',
  ReallocationDefaultRedecided: 'Destinação automática refeita por retificação',
  HeldCreditsPickedUp: 'Créditos mantidos levados a uma UC',
};
/** The report's notes, by their (English) text in the JSON: one for each (AUDIT_NOTES). */
const NOTES: Record<AuditNote, string> = {
  'As of a date: an event belongs to the date in its data (readingDate, date, requestedAt, registeredAt, allocatedOn, validFrom); HeldCreditsReceived takes the date of the CreditsReallocated that caused it; an event with neither takes the UTC day of metadata.recordedAt.':
    'Auditoria até uma data: cada evento pertence à data registrada nos seus dados (data de leitura, data do pedido, do cadastro, da alocação ou de início de vigência); créditos mantidos recebidos tomam a data da realocação que os causou; um evento sem nenhuma delas toma o dia (UTC) em que foi gravado.',
  'Each decision is re-derived on the state folded from every event before it in its stream (what the decider saw), and compared with the recorded events as JSON; balances as of the date fold only the events within it.':
    'Cada decisão é recalculada sobre o estado formado por todos os eventos anteriores do mesmo fluxo (o que o sistema via ao decidir) e comparada com os eventos registrados; os saldos na data consideram apenas os eventos até ela.',
  'Check 3 (read models) runs only when a comparison is supplied (libs/projections).':
    'A verificação 3 (modelos de leitura) só é feita quando a comparação com eles é pedida.',
  'Money (R10, R22–R28): a reading that recorded its billing has its P10/P12 modes, the T and f of its R10 cap and its billing computed again from the distribuidora and national streams as of its position (check 2); each cycle shows its invoice re-derived from the event. Readings recorded before billing existed are not checked for money.':
    'Valores em R$ (R10, R22–R28): uma leitura que registrou seu faturamento tem os modos P10/P12, o T e o f do limite da R10 e o faturamento recalculados a partir dos fluxos da distribuidora e nacionais como estavam na sua posição (verificação 2); cada ciclo mostra a fatura recalculada a partir do evento. Leituras registradas antes de existir faturamento não são verificadas em R$.',
};
const INPUT_LABELS: Record<string, string> = {
  deadline: 'Prazo',
  defaultedOn: 'Prazo vencido em',
  date: 'Data',
  shares: 'Percentuais indicados',
  facts: 'UCs consideradas',
  candidates: 'UCs candidatas',
  newUc: 'Nova UC',
  ucIds: 'UCs',
  correctionId: 'Retificação',
  heldBeforeKwh: 'Mantidos antes',
  heldAfterKwh: 'Mantidos depois',
  windowClosed: 'Janela de 30 dias encerrada (nada teria saído da UC)',
  movedBefore: 'Movidos antes',
  comparedUc: 'Consumo comparado',
  consumptionBeforeKwh: 'Consumo antes',
  consumptionAfterKwh: 'Consumo depois',
  chosenBefore: 'UCs escolhidas antes',
};

const plural = pluralPtBr;

export const decisionPtBr = (d: DecisionStatus): string => DECISIONS[d] ?? d;
export const checkPtBr = (c: AuditCheck): string => CHECKS[c] ?? c;
export const sourcePtBr = (s: string): string => SOURCES[s] ?? s;
export const statusPtBr = (s: string): string => STATUSES[s] ?? s;
export const reasonPtBr = (r: string): string => REASONS[r] ?? r.replace(/-/g, ' ');
export const movePtBr = (type: string): string => (MOVES as Record<string, string>)[type] ?? type;
export const notePtBr = (note: string): string =>
  note.startsWith(CHECK_0_NOTE)
    ? `Verificação 0 (checkpoints assinados): ${note.slice(CHECK_0_NOTE.length)}`
    : (NOTES[note as AuditNote] ?? note);
export const gdClassPtBr = (c: string): string => c.replace(/_/g, ' ');
export { distribuidoraName as distribuidoraPtBr, postoName as postoPtBr, ruleWithTitle as rulePtBr };

/** "1 aprovada, 2 reprovadas". */
export function passedFailedPtBr(passed: number, failed: number): string {
  return `${plural(passed, 'aprovada', 'aprovadas')}, ${plural(failed, 'reprovada', 'reprovadas')}`;
}

/** What was audited, in words: "a UC 1001 (Copel)", "o titular 52998224725", "todas as UCs e titulares". */
export function selectionPtBr(selection: AuditSelection): string {
  if ('all' in selection) return 'todas as UCs e todos os titulares';
  if ('titular' in selection) return `o titular ${selection.titular}`;
  return `a UC ${selection.uc}${selection.distribuidora ? ` (${distribuidoraName(selection.distribuidora)})` : ''}`;
}

const ucOf = (v: unknown): string | null =>
  v !== null && typeof v === 'object' && typeof (v as { ucId?: unknown }).ucId === 'string'
    ? (v as { ucId: string }).ucId
    : null;

/** One compared input's value in words: dates dd/mm/aaaa, UCs by number, kWh and percentages in pt-BR. */
function valuePtBr(key: string, value: unknown): string {
  if (typeof value === 'string' && key.endsWith('Kwh')) return `${formatKwhPtBr(value)} kWh`;
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDatePtBr(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'nenhuma';
    return value
      .map((item: unknown) => {
        const uc = ucOf(item);
        if (uc === null) return valuePtBr(key, item);
        const o = item as { percent?: string; consumptionKwh?: string; kwh?: string; reason?: string };
        if (o.percent !== undefined) return `UC ${uc}: ${formatKwhPtBr(o.percent)}%`;
        if (o.kwh !== undefined)
          return `UC ${uc}: ${formatKwhPtBr(o.kwh)} kWh${o.reason === undefined ? '' : ` (${reasonPtBr(o.reason)})`}`;
        if (o.consumptionKwh !== undefined) return `UC ${uc} (consumo ${formatKwhPtBr(o.consumptionKwh)} kWh)`;
        return `UC ${uc}`;
      })
      .join('; ');
  }
  const uc = ucOf(value);
  if (uc !== null) {
    const { readingDate } = value as { readingDate?: unknown };
    return typeof readingDate === 'string' ? `UC ${uc} (leitura de ${formatDatePtBr(readingDate)})` : `UC ${uc}`;
  }
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${INPUT_LABELS[k] ?? k}: ${valuePtBr(k, v)}`)
      .join('; ');
  }
  return '—';
}

/** The inputs a 30-day move compared, as "Prazo: 12/03/2026; UCs candidatas: UC 2 (consumo 150 kWh); …". */
export function inputsPtBr(inputs: unknown): string[] {
  if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs)) return [valuePtBr('', inputs)];
  return Object.entries(inputs).map(([k, v]) => `${INPUT_LABELS[k] ?? k}: ${valuePtBr(k, v)}`);
}
