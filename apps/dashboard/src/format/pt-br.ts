/** pt-BR display of the API's values: kWh strings, ISO dates, cycles. Pure (also used by the browser tests). */

// The domain's pt-BR names (one table for the audit report and the dashboard): pure files, bundled as they are.
export { distribuidoraName as formatDistribuidora } from '../../../../libs/domain/src/pt-br/distribuidora-names';
export { pluralPtBr } from '../../../../libs/domain/src/pt-br/plural';
export {
  reaisPtBr as formatReais,
  rebillingActionPtBr,
  rebillingTotalPtBr,
} from '../../../../libs/domain/src/pt-br/reais-pt-br';
export { postoName as formatPosto } from '../../../../libs/domain/src/pt-br/posto-names';
export { ruleWithTitle as formatRule } from '../../../../libs/domain/src/pt-br/rule-titles';

const integer = new Intl.NumberFormat('pt-BR', { useGrouping: true, maximumFractionDigits: 0 });
const dateFormat = new Intl.DateTimeFormat('pt-BR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * "1234.567" → "1.234,567", "1234.500" → "1.234,5", "1234.000" → "1.234": the decimals that matter, up to Wh
 * (exact: the integer part is formatted as a BigInt, never a float).
 */
export function formatKwhNumber(kwh: string): string {
  const negative = kwh.startsWith('-');
  const [whole, fraction = ''] = (negative ? kwh.slice(1) : kwh).split('.');
  const grouped = integer.format(BigInt(whole || '0'));
  const decimals = fraction.padEnd(3, '0').slice(0, 3).replace(/0+$/, '');
  const zero = grouped === '0' && decimals === '';
  return `${negative && !zero ? '-' : ''}${grouped}${decimals ? `,${decimals}` : ''}`;
}

/** "1234.567" → "1.234,567 kWh"; "0.000" → "0 kWh". */
export function formatKwh(kwh: string): string {
  return `${formatKwhNumber(kwh)} kWh`;
}

/** A count: 1234 → "1.234". */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** "2026-11-22" → "22/11/2026". */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(`${iso}T00:00:00Z`));
}

/** A cycle or month "2025-03" → "03/2025". */
export function formatMonth(month: string): string {
  const [year, m] = month.split('-');
  return `${m}/${year}`;
}

/** A CPF or CNPJ with its punctuation ("52998224725" → "529.982.247-25"); anything else as given. */
export function formatDocument(document: string): string {
  if (/^\d{11}$/.test(document)) return document.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');
  if (/^[0-9A-Z]{12}\d{2}$/.test(document))
    return document.replace(/^(.{2})(.{3})(.{3})(.{4})(.{2})$/, '$1.$2.$3/$4-$5');
  return document;
}

/** "GD_II" → "GD II". */
export function formatGdClass(gdClass: string): string {
  return gdClass.replace(/_/g, ' ');
}

/** Days left, in words: "21 dias", "1 dia", "vencido há 3 dias". */
export function formatDaysLeft(days: number): string {
  if (days < 0) return `vencido há ${-days} ${-days === 1 ? 'dia' : 'dias'}`;
  return `${days} ${days === 1 ? 'dia' : 'dias'}`;
}

const MODALIDADES: Record<string, string> = {
  local: 'geração junto à carga',
  autoconsumo_remoto: 'autoconsumo remoto',
  emuc: 'múltiplas unidades consumidoras (EMUC)',
  compartilhada: 'geração compartilhada',
};

/** A modalidade of the SCEE in words ("autoconsumo_remoto" → "autoconsumo remoto"). */
export function formatModalidade(modalidade: string | null): string {
  return modalidade === null ? '' : (MODALIDADES[modalidade] ?? modalidade.replace(/_/g, ' '));
}

const UC_STATUS: Record<string, string> = { active: 'ativa', closed: 'encerrada' };

/** A UC's status in words ("active" → "ativa"). */
export function formatUcStatus(status: string): string {
  return UC_STATUS[status] ?? status;
}

/** A rateio mode in words. */
export function formatRateioMode(mode: string | null): string {
  return mode === 'percentage' ? 'percentual' : mode === 'priority' ? 'por prioridade' : '—';
}

const instantFormat = new Intl.DateTimeFormat('pt-BR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'America/Sao_Paulo',
});

/** An instant (ISO-8601) as Brasília's clock shows it: "2026-12-05T19:11:20Z" → "05/12/2026 16:11". */
export function formatInstant(iso: string): string {
  return instantFormat.format(new Date(iso)).replace(',', '');
}

const timeFormat = new Intl.DateTimeFormat('pt-BR', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'America/Sao_Paulo',
});

/** An instant of the last hours, to the second, on Brasília's clock: "16:11:20". */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** A size in bytes: "812 B", "742 kB", "4,3 MB" (1 kB = 1,000 bytes, as a file manager shows them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1_000)} kB`;
  const mb = bytes / 1_000_000;
  return `${mb.toLocaleString('pt-BR', { maximumFractionDigits: mb < 10 ? 1 : 0 })} MB`;
}

/** Seconds in words: "menos de 1 s", "8 s", "2 min 5 s", "1 h 3 min". */
export function formatSeconds(seconds: number): string {
  if (seconds < 0.5) return 'menos de 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor((s % 3_600) / 60);
  return `${Math.floor(s / 3_600)} h${m ? ` ${m} min` : ''}`;
}
