/**
 * The printable pt-BR "demonstrativo SCEE" of a cycle: the invoice exactly as the invoices read model holds it (lines
 * with the utilities' labels, R17; energy parcel, bandeira, taxes, total, without SCEE and savings, R24–R28), the
 * UC's credits by vintage (uc_balance) and what expires in the next months. Server-rendered, no script: the CSP
 * (security-headers.ts) allows a <style> element and nothing inline that runs. Its text comes from
 * demonstrativo-content.ts, which the PDF (demonstrativo-pdf.ts) lays out too.
 */
import { escapeHtml as h, formatCyclePtBr, formatDatePtBr } from '@compensa/application';
import type { InvoiceView, UcExpiringLotView, UcView } from '@compensa/projections';
import {
  compositionOf,
  CREDIT_COLUMNS,
  creditCells,
  creditsTitle,
  EXPIRING_COLUMNS,
  expiringCells,
  expiringTitle,
  figuresOf,
  FOOTER,
  LINE_COLUMNS,
  lineCells,
  minimumSentence,
  observationsOf,
  NO_CREDITS,
  NO_NOTES,
  NOTHING_EXPIRES,
  SUBTITLE,
  TARIFF_MISSING,
  TARIFF_MISSING_TITLE,
  tariffSentences,
  type Figure,
} from './demonstrativo-content';
import { formatReais } from './pt-br-invoice-format';

/** What the page shows beside the invoice. */
export interface DemonstrativoInput {
  invoice: InvoiceView;
  uc: UcView;
  /** The platform's today: the balance shown is the one on this date. */
  today: string;
  /** Lots expiring on or before `expiringUntil`. */
  expiring: UcExpiringLotView[];
  expiringUntil: string;
}

const STYLE = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f3f4f6;color:#111827}
main{max-width:980px;margin:1.5rem auto;background:#fff;padding:1.75rem 2rem;border:1px solid #d1d5db;border-radius:6px}
header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;border-bottom:2px solid #0f5132;padding-bottom:.9rem}
h1{font-size:1.35rem;margin:0;color:#0f5132}h1 small{display:block;font-size:.8rem;font-weight:normal;color:#4b5563}
h2{font-size:1.05rem;margin:1.6rem 0 .5rem;color:#0f5132}
dl{display:grid;grid-template-columns:auto auto;gap:.15rem .9rem;margin:0}dt{color:#4b5563}dd{margin:0;font-weight:600}
.wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.25rem 0}
th,td{padding:.35rem .5rem;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
th{background:#f9fafb;font-size:.85rem;font-weight:600;color:#374151}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:700;border-top:2px solid #111827;border-bottom:none}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:.75rem;margin-top:1.1rem}
.card{border:1px solid #d1d5db;border-radius:6px;padding:.6rem .8rem}.card span{display:block;font-size:.8rem;color:#4b5563}
.card strong{font-size:1.2rem;font-variant-numeric:tabular-nums}.card.main{border-color:#0f5132;background:#ecfdf5}
.card.save strong{color:#0f5132}
.warn{background:#fff7ed;border:1px solid #fdba74;border-radius:6px;padding:.6rem .8rem;margin-top:1rem}
.muted{color:#6b7280}ul.notes{padding-left:1.2rem;margin:.25rem 0}ul.notes li{margin:.2rem 0}
td.sub{padding-left:1.5rem;color:#4b5563}
footer{margin-top:1.5rem;font-size:.8rem;color:#6b7280}
@media (max-width:640px){
  main{margin:0;border:none;border-radius:0;padding:1rem .85rem}
  body{font-size:13px;background:#fff}
  th,td{padding:.3rem .3rem}
  .cards{grid-template-columns:1fr 1fr}
  .card strong{font-size:1.05rem}
  table.lines .opt,table.narrow .opt{display:none}
}
@media print{body{background:#fff;font-size:10pt}main{margin:0;border:none;padding:0;max-width:none}.wrap{overflow:visible}tr{break-inside:avoid}}
`;

/** A cell; numeric cells align right. */
const td = (text: string, numeric = false, cls = '') =>
  `<td${numeric || cls ? ` class="${[numeric ? 'n' : '', cls].filter(Boolean).join(' ')}"` : ''}>${text}</td>`;

function table(head: [string, boolean, string?][], rows: string[], cls = ''): string {
  const th = head
    .map(
      ([t, n, c]) => `<th${n || c ? ` class="${[n ? 'n' : '', c ?? ''].filter(Boolean).join(' ')}"` : ''}>${h(t)}</th>`,
    )
    .join('');
  return `<div class="wrap"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** "GD II" never broken across lines (a narrow screen would leave "II" alone). */
const keepClass = (html: string) => html.replace(/GD (I{1,3})\b/g, 'GD&nbsp;$1');

type Columns = readonly { title: string; numeric: boolean; optional: boolean }[];

/** A table of content cells; columns marked optional are hidden on a phone (class `opt`). */
function contentTable(columns: Columns, rows: string[][], cell = (text: string, _column: number) => h(text)): string[] {
  return rows.map(
    (cells) =>
      `<tr>${cells.map((text, i) => td(cell(text, i), columns[i].numeric, columns[i].optional ? 'opt' : '')).join('')}</tr>`,
  );
}

const headOf = (columns: Columns): [string, boolean, string?][] =>
  columns.map((c) => [c.title, c.numeric, c.optional ? 'opt' : undefined]);

function lines(invoice: InvoiceView): string {
  const rows = contentTable(LINE_COLUMNS, invoice.lines.map(lineCells), (text, column) =>
    column === 0 ? keepClass(h(text)) : h(text),
  );
  // One cell per column (none spans a column the phone layout hides), so the total stays under "Valor".
  rows.push(
    `<tr class="total"><td>Total a pagar</td><td class="opt"></td><td class="opt"></td><td></td><td class="opt"></td>${td(h(formatReais(invoice.total)), true)}</tr>`,
  );
  return table(headOf(LINE_COLUMNS), rows, 'lines');
}

function cards(invoice: InvoiceView): string {
  const card = (f: Figure) =>
    `<div class="card${f.kind ? ` ${f.kind}` : ''}"><span>${h(f.label)}</span><strong>${h(f.value)}</strong></div>`;
  return `<div class="cards">
${figuresOf(invoice).map(card).join('\n')}
</div>`;
}

function summary(invoice: InvoiceView): string {
  const rows = compositionOf(invoice).map((r) =>
    r.kind === 'total'
      ? `<tr class="total">${td(h(r.label))}${td(h(r.value), true)}</tr>`
      : `<tr>${td(h(r.label), false, r.kind)}${td(h(r.value), true)}</tr>`,
  );
  const minimum = minimumSentence(invoice);
  const tariffs = tariffSentences(invoice).map((t) => `<li>${h(t)}</li>`);
  return `${table(
    [
      ['Resumo', false],
      ['Valor', true],
    ],
    rows,
  )}${minimum === null ? '' : `<p>${h(minimum)}</p>`}${tariffs.length ? `<ul class="notes">${tariffs.join('')}</ul>` : ''}`;
}

function credits(uc: UcView, today: string): string {
  const title = `<h2>${h(creditsTitle(uc, today))}</h2>`;
  if (uc.balance.vintages.length === 0) return `${title}<p class="muted">${h(NO_CREDITS)}</p>`;
  return `${title}${table(headOf(CREDIT_COLUMNS), contentTable(CREDIT_COLUMNS, uc.balance.vintages.map(creditCells)), 'narrow')}`;
}

function expiring(lots: UcExpiringLotView[], until: string): string {
  const title = `<h2>${h(expiringTitle(until))}</h2>`;
  if (lots.length === 0) return `${title}<p class="muted">${h(NOTHING_EXPIRES)}</p>`;
  return `${title}${table(headOf(EXPIRING_COLUMNS), contentTable(EXPIRING_COLUMNS, lots.map(expiringCells)))}`;
}

/** The whole page. */
export function renderDemonstrativoHtml(input: DemonstrativoInput): string {
  const { invoice, uc } = input;
  const cycle = formatCyclePtBr(invoice.cycle);
  const observations = observationsOf(invoice);
  const missing =
    invoice.status === 'tariff-missing'
      ? `<div class="warn"><strong>${h(TARIFF_MISSING_TITLE)}</strong> ${h(TARIFF_MISSING)}</div>`
      : '';
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Demonstrativo SCEE · UC ${h(invoice.ucId)} · ${h(cycle)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>Demonstrativo SCEE<small>${h(SUBTITLE)}</small></h1>
<dl>
<dt>UC</dt><dd>${h(invoice.ucId)}</dd>
<dt>Titular</dt><dd>${h(uc.titular.name)}</dd>
<dt>Distribuidora</dt><dd>${h(invoice.distribuidora.toUpperCase())}</dd>
<dt>Ciclo</dt><dd>${h(cycle)}</dd>
<dt>Leitura</dt><dd>${h(formatDatePtBr(invoice.readingDate))}</dd>
<dt>Grupo</dt><dd>${h(invoice.group)}</dd>
</dl>
</header>
${missing}
${cards(invoice)}
<h2>Itens da fatura</h2>
${lines(invoice)}
<h2>Composição</h2>
${summary(invoice)}
${credits(uc, input.today)}
${expiring(input.expiring, input.expiringUntil)}
<h2>Observações</h2>
${observations.length ? `<ul class="notes">${observations.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : `<p class="muted">${h(NO_NOTES)}</p>`}
<footer>${h(FOOTER)}</footer>
</main>
</body>
</html>
`;
}
