import { table } from './audit-html-table';
import type { OpeningBalances } from './opening-balances';
import { escapeHtml as h, formatDatePtBr, formatKwhPtBr } from './pt-br-format';

const kwh = (v: string) => `${h(formatKwhPtBr(v))}&nbsp;kWh`;

/** The HTML section (pt-BR): one row per imported file; empty when nothing was imported. */
export function openingBalancesHtml(o: OpeningBalances): string {
  if (o.events === 0) return '';
  const rows = o.files.map((f) => [
    `${h(f.file)}<br><code>${h(f.sha256)}</code>`,
    h(f.dates.map(formatDatePtBr).join(', ')),
    h(String(f.ucs)),
    h(String(f.titulares)),
    kwh(f.creditsKwh),
    kwh(f.receivedKwh),
    kwh(f.heldKwh),
    kwh(f.totalKwh),
  ]);
  rows.push(['<b>Total</b>', '', '', '', kwh(o.creditsKwh), kwh(o.receivedKwh), kwh(o.heldKwh), kwh(o.totalKwh)]);
  const head = [
    'Arquivo (SHA-256)',
    'Importado em',
    'UCs',
    'Titulares',
    'Créditos',
    'Excedente recebido',
    'Mantidos p/ titular',
    'Total',
  ];
  return `<h2>Saldos iniciais importados (entradas registradas)</h2>
<p>Saldos trazidos do sistema de faturamento anterior: verificados na importação (validade R9, antes da primeira leitura R12, kWh não negativo) e copiados, não recalculados. Entram na conservação (verificação 4) como entrada.</p>
${table(head, rows, [2, 3, 4, 5, 6, 7])}`;
}

/** Columns of the CSV section, one row per imported file. */
export const OPENING_BALANCES_CSV_COLUMNS = [
  'section',
  'file',
  'sha256',
  'dates',
  'ucs',
  'titulares',
  'creditsKwh',
  'receivedKwh',
  'heldKwh',
  'totalKwh',
] as const;

const field = (value: string | number): string => {
  const v = String(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/** The CSV section after an empty line with its own header; empty when nothing was imported. */
export function openingBalancesCsv(o: OpeningBalances): string[] {
  if (o.events === 0) return [];
  return [
    '',
    OPENING_BALANCES_CSV_COLUMNS.join(','),
    ...o.files.map((f) =>
      [
        'opening-balances',
        f.file,
        f.sha256,
        f.dates.join(' '),
        f.ucs,
        f.titulares,
        f.creditsKwh,
        f.receivedKwh,
        f.heldKwh,
        f.totalKwh,
      ]
        .map(field)
        .join(','),
    ),
  ];
}
