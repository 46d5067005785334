/**
 * The printable pt-BR "demonstrativo SCEE" of a cycle: the invoice exactly as the invoices read model holds it (lines
 * with the utilities' labels, R17; energy parcel, bandeira, taxes, total, without SCEE and savings, R24–R28), the
 * UC's credits by vintage (uc_balance) and what expires in the next months. Server-rendered, no script: the CSP
 * (security-headers.ts) allows a <style> element and nothing inline that runs.
 */
import { escapeHtml as h, formatCyclePtBr, formatDatePtBr } from '@compensa/application';
import type { CreditVintageView, InvoiceView, UcExpiringLotView, UcView } from '@compensa/projections';
import { formatGdClass, formatKwh, formatPosto, formatReais, formatUnitPrice, sumReais } from './pt-br-invoice-format';

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

function lines(invoice: InvoiceView): string {
  const rows = invoice.lines.map(
    (l) =>
      `<tr>${td(keepClass(h(l.label)))}${td(h(formatPosto(l.posto)), false, 'opt')}${td(h(l.gdClass ?? ''), false, 'opt')}${td(h(l.kwh === null ? '' : formatKwh(l.kwh)), true)}${td(h(l.unitPrice === null ? '' : formatUnitPrice(l.unitPrice)), true, 'opt')}${td(h(formatReais(l.amount)), true)}</tr>`,
  );
  // One cell per column (none spans a column the phone layout hides), so the total stays under "Valor".
  rows.push(
    `<tr class="total"><td>Total a pagar</td><td class="opt"></td><td class="opt"></td><td></td><td class="opt"></td>${td(h(formatReais(invoice.total)), true)}</tr>`,
  );
  return table(
    [
      ['Descrição', false],
      ['Posto', false, 'opt'],
      ['Classe', false, 'opt'],
      ['Quantidade', true],
      ['Tarifa (R$/kWh)', true, 'opt'],
      ['Valor', true],
    ],
    rows,
    'lines',
  );
}

function cards(invoice: InvoiceView): string {
  const taxes = invoice.taxes;
  const card = (label: string, value: string | null, cls = '') =>
    `<div class="card${cls ? ` ${cls}` : ''}"><span>${h(label)}</span><strong>${h(formatReais(value))}</strong></div>`;
  return `<div class="cards">
${card('Total a pagar', invoice.total, 'main')}
${card('Parcela de energia', invoice.energyParcel)}
${card('Encargo SCEE', invoice.scceCharge)}
${card('Bandeira tarifária', invoice.bandeira)}
${card('Tributos (ICMS, PIS, COFINS)', taxes ? sumReais([taxes.icms, taxes.pis, taxes.cofins]) : null)}
${card('Sem o SCEE', invoice.withoutScee)}
${card('Economia com o SCEE', invoice.savings, 'save')}
</div>`;
}

function summary(invoice: InvoiceView): string {
  const taxes = invoice.taxes;
  const row = (label: string, value: string) => `<tr>${td(h(label))}${td(h(value), true)}</tr>`;
  const rows = [
    row('Parcela de energia (REN 1.000 art. 655-I/J)', formatReais(invoice.energyParcel)),
    `<tr>${td('dos quais encargo SCEE', false, 'sub')}${td(h(formatReais(invoice.scceCharge)), true)}</tr>`,
    row('Bandeira tarifária', formatReais(invoice.bandeira)),
    row('ICMS', formatReais(taxes?.icms ?? null)),
    row('PIS/PASEP', formatReais(taxes?.pis ?? null)),
    row('COFINS', formatReais(taxes?.cofins ?? null)),
    `<tr class="total">${td('Total')}${td(h(formatReais(invoice.total)), true)}</tr>`,
  ];
  const minimum =
    invoice.minimumKwh === null
      ? ''
      : `<p>Custo de disponibilidade: ${h(formatKwh(invoice.minimumKwh))} = ${h(formatReais(invoice.minimumAmount))}${invoice.minimumBinding ? ' — maior que o faturamento da energia: cobrado o ajuste até ele.' : '.'}</p>`;
  // f of the classes the lines used (R23): the others would only be noise on the page.
  const used = new Set(invoice.lines.map((l) => l.gdClass));
  const tariffs = Object.entries(invoice.tariff).map(([posto, t]) => {
    const f = Object.entries(t?.f ?? {})
      .filter(([c]) => used.has(c as 'GD I'))
      .map(([c, v]) => `${c} ${formatUnitPrice(v ?? null)}`)
      .join(' · ');
    return `<li>${h(formatPosto(posto))}: tarifa (TE + TUSD) ${h(formatUnitPrice(t?.T ?? null))} R$/kWh${f ? `; encargo SCEE por kWh compensado: ${h(f)}` : ''}</li>`;
  });
  return `${table(
    [
      ['Resumo', false],
      ['Valor', true],
    ],
    rows,
  )}${minimum}${tariffs.length ? `<ul class="notes">${tariffs.join('')}</ul>` : ''}`;
}

function credits(uc: UcView, today: string): string {
  const lots: CreditVintageView[] = uc.balance.vintages;
  const title = `<h2>Saldo de créditos em ${h(formatDatePtBr(today))}: ${h(formatKwh(uc.balance.totalKwh))}</h2>`;
  if (lots.length === 0) return `${title}<p class="muted">Sem créditos.</p>`;
  return `${title}${table(
    [
      ['Safra', false],
      ['Posto', false, 'opt'],
      ['Classe', false],
      ['UC de origem', false, 'opt'],
      ['Saldo', true],
      ['Expira em', true],
    ],
    lots.map(
      (l) =>
        `<tr>${td(h(formatDatePtBr(l.vintage)))}${td(h(formatPosto(l.posto)), false, 'opt')}${td(h(formatGdClass(l.gdClass)))}${td(h(l.sourceUcId), false, 'opt')}${td(h(formatKwh(l.kwh)), true)}${td(h(formatDatePtBr(l.expiresOn)), true)}</tr>`,
    ),
    'narrow',
  )}`;
}

function expiring(lots: UcExpiringLotView[], until: string): string {
  const title = `<h2>A expirar até ${h(formatDatePtBr(until))} (próximos 6 meses)</h2>`;
  if (lots.length === 0) return `${title}<p class="muted">Nenhum crédito expira nesse período.</p>`;
  return `${title}${table(
    [
      ['Expira em', false],
      ['Safra', false],
      ['Posto', false],
      ['Classe', false],
      ['kWh', true],
    ],
    lots.map(
      (l) =>
        `<tr>${td(h(formatDatePtBr(l.expiresOn)))}${td(h(formatDatePtBr(l.vintage)))}${td(h(formatPosto(l.posto)))}${td(h(formatGdClass(l.gdClass)))}${td(h(formatKwh(l.kwh)), true)}</tr>`,
    ),
  )}`;
}

/** The whole page. */
export function renderDemonstrativoHtml(input: DemonstrativoInput): string {
  const { invoice, uc } = input;
  const cycle = formatCyclePtBr(invoice.cycle);
  const missing =
    invoice.status === 'tariff-missing'
      ? '<div class="warn"><strong>Valores em R$ pendentes:</strong> falta uma tarifa publicada para este ciclo; as quantidades em kWh estão abaixo e as observações dizem o que falta.</div>'
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
<h1>Demonstrativo SCEE<small>Sistema de Compensação de Energia Elétrica (Lei 14.300/2022; REN ANEEL 1.000/2021)</small></h1>
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
${invoice.notes.length ? `<ul class="notes">${invoice.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : '<p class="muted">Nenhuma.</p>'}
<footer>Documento gerado a partir dos registros do SCEE; não substitui a fatura da distribuidora.</footer>
</main>
</body>
</html>
`;
}
