import { reaisPtBr } from '@compensa/domain';
import type { AuditReport, BalanceLot, Mismatch, TrailCycle, TrailMove, TrailTitular, TrailUc } from './audit-report';
import { auditIntegrityHtml } from './audit-integrity-html';
import { table, TABLE_END, tableRow, tableStart } from './audit-html-table';
import { openingBalancesHtml } from './opening-balances-render';
import {
  checkPtBr,
  decisionPtBr,
  distribuidoraPtBr,
  gdClassPtBr,
  inputsPtBr,
  movePtBr,
  notePtBr,
  passedFailedPtBr,
  postoPtBr,
  reasonPtBr,
  rulePtBr,
  selectionPtBr,
  sourcePtBr,
  statusPtBr,
} from './audit-wording-pt-br';
import { escapeHtml as h, formatCyclePtBr, formatDatePtBr, formatKwhPtBr } from './pt-br-format';

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #999;margin-top:2rem}h3{font-size:1rem;margin-bottom:.3rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #bbb;padding:.2rem .4rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#eee}
.t{overflow-x:auto;max-width:100%}.t table{margin:0}.t{margin:.5rem 0 1rem}
@media (max-width:600px){body{margin:1rem}.s thead{display:none}.s table,.s tbody,.s tr,.s td{display:block}.s tr{border:1px solid #bbb;margin-bottom:.5rem}.s td{border:0;border-bottom:1px solid #eee;position:relative;padding-left:9.5rem;min-height:1.4em}.s td.n{text-align:left;white-space:normal}.s td::before{content:attr(data-label);position:absolute;left:.4rem;width:8.6rem;font-weight:600;color:#333}}
.ok{color:#075e00}.fail{color:#a00000;font-weight:bold}.muted{color:#555}code{font-size:.85em;word-break:break-all}
@media print{body{margin:0;font-size:10pt}h2{break-before:page}h2:first-of-type{break-before:auto}table{page-break-inside:auto}tr{break-inside:avoid}a{color:inherit;text-decoration:none}.t{overflow:visible}}
`;

const kwh = (v: string) => `${h(formatKwhPtBr(v))}&nbsp;kWh`;
/** "83.00" → "R$&nbsp;83,00" (the decimal string, pt-BR separators). */
// A function as the replacement: in a replacement string "$&" would insert the match.
const reais = (v: string) => h(reaisPtBr(v)).replace('R$ ', () => 'R$&nbsp;');

/** R24–R28: the cycle's invoice as the audit re-derived it: its energy parcel and total, or why it has none. */
function invoiceLine(c: TrailCycle): string {
  if (!c.invoice) return '';
  if (c.invoice.status === 'tariff-missing' || c.invoice.energyParcel === null || c.invoice.total === null)
    return '<p>Fatura: tarifa em R$ não publicada para o ciclo (sem valores).</p>';
  return `<p>Fatura: Parcela de energia ${reais(c.invoice.energyParcel)}. Total ${reais(c.invoice.total)}.</p>`;
}
const json = (v: unknown) => `<code>${h(JSON.stringify(v))}</code>`;

function summary(r: AuditReport): string {
  const c = r.summary.checks;
  const status = (passed: number, failed: number) =>
    `<span class="${failed > 0 ? 'fail' : 'ok'}">${h(passedFailedPtBr(passed, failed))}</span>`;
  const scope = r.asOf
    ? `na data ${h(formatDatePtBr(r.asOf))}`
    : r.position !== null
      ? `até a posição ${h(String(r.position))}`
      : 'até o fim do registro';
  return `<h2>Resumo</h2>
<p>Auditado: ${h(selectionPtBr(r.selection))}, ${scope}.</p>
<p class="${r.summary.passed ? 'ok' : 'fail'}">${r.summary.passed ? 'Todas as verificações foram aprovadas.' : `${r.summary.mismatches} divergência(s) encontrada(s).`}</p>
${table(
  ['Item', 'Resultado'],
  [
    ['Fluxos de eventos lidos', h(String(r.summary.streams))],
    ['Eventos lidos / reproduzidos', `${h(String(r.summary.eventsRead))} / ${h(String(r.summary.eventsReplayed))}`],
    ['Cadeia de hashes', status(c.hashChain.passed, c.hashChain.failed)],
    [
      'Decisões recalculadas',
      `${status(c.decisions.passed, c.decisions.failed)}; ${h(String(c.decisions.partial))} ${c.decisions.partial === 1 ? 'parcial' : 'parciais'}; ${h(String(c.decisions.recorded))} registradas (entradas registradas, não recalculadas); ${c.decisions.notChecked > 0 ? `<span class="fail">${c.decisions.notChecked} não verificadas</span>` : '0 não verificadas'}`,
    ],
    ['Entradas registradas (TE)', status(c.recordedInputs.passed, c.recordedInputs.failed)],
    [
      'Modelos de leitura',
      c.readModels.ran ? status(c.readModels.passed, c.readModels.failed) : '<span class="muted">não verificado</span>',
    ],
  ],
)}`;
}

function mismatches(list: Mismatch[]): string {
  if (list.length === 0) return '';
  return `<h2>Divergências</h2>${table(
    ['Verificação', 'Fluxo', 'Revisão', 'Evento', 'Campo', 'Esperado', 'Registrado', 'Detalhe'],
    list.map((m) => [
      h(checkPtBr(m.check)),
      h(m.stream),
      h(String(m.revision)),
      h(m.eventType ?? ''),
      h(m.path ?? ''),
      json(m.expected),
      json(m.recorded),
      h(m.detail),
    ]),
  )}`;
}

function balance(b: { totalKwh: string; lots: BalanceLot[] }): string {
  if (b.lots.length === 0) return `<p>Saldo: ${kwh(b.totalKwh)}</p>`;
  return `<p>Saldo: ${kwh(b.totalKwh)}</p>${table(
    ['Safra', 'Posto', 'Classe', 'UC de origem', 'kWh', 'Expira em'],
    b.lots.map((l) => [
      h(formatDatePtBr(l.vintage)),
      h(postoPtBr(l.posto)),
      h(gdClassPtBr(l.gdClass)),
      h(l.sourceUcId),
      kwh(l.kwh),
      h(formatDatePtBr(l.expiresOn)),
    ]),
    [4],
  )}`;
}

function cycle(c: TrailCycle): string {
  const lines = c.lines.length
    ? table(
        [
          'Posto',
          'kWh',
          'Origem',
          'UC de origem',
          'Posto de origem',
          'kWh na origem',
          'Safra',
          'Classe',
          'Regra',
          'Rótulo',
        ],
        c.lines.map((l) => [
          h(postoPtBr(l.posto)),
          kwh(l.kwh),
          h(sourcePtBr(l.source)),
          h(l.sourceUcId),
          h(postoPtBr(l.sourcePosto)),
          kwh(l.sourceKwh),
          h(formatDatePtBr(l.vintage)),
          h(gdClassPtBr(l.gdClass)),
          h(rulePtBr(l.rule)),
          h(l.label),
        ]),
        [1, 5],
      )
    : '<p class="muted">Nenhuma linha de compensação.</p>';
  const totals = (rec: Record<string, string>) =>
    Object.entries(rec)
      .map(([p, v]) => `${h(postoPtBr(p))}: ${kwh(v)}`)
      .join('; ');
  const allocations = c.allocations.length
    ? `<p>Excedente alocado: ${c.allocations.map((a) => `UC ${h(a.ucId)} ${h(postoPtBr(a.posto))} ${h(gdClassPtBr(a.gdClass))} ${kwh(a.kwh)}`).join('; ')}</p>`
    : '';
  return `<h3>Ciclo ${h(formatCyclePtBr(c.cycle))}, leitura em ${h(formatDatePtBr(c.readingDate))} <span class="${c.decision === 'mismatch' ? 'fail' : 'muted'}">(revisão ${h(String(c.revision))}: decisão ${h(decisionPtBr(c.decision))}${c.rebilled ? `; refaturado pela retificação ${h(c.rebilled.correctionId)} de ${h(formatDatePtBr(c.rebilled.date))}` : ''})</span></h3>
<p>Regras aplicadas: ${h(c.rules.map(rulePtBr).join('; '))}</p>
<p>Consumo: ${totals(c.consumed)}. Injeção: ${totals(c.injected)}. Compensado: ${kwh(c.compensatedKwh)}. Faturado: ${totals(c.billed)}. Excedente: ${kwh(c.excedenteKwh)}.${c.expiredKwh !== '0.000' ? ` Expirado: ${kwh(c.expiredKwh)}.` : ''}</p>
${invoiceLine(c)}${allocations}${lines}<p>Saldo após a leitura:</p>${balance(c.balanceAfter)}`;
}

/** One UC's section (the UCs are joined by a line break). */
export function auditHtmlUc(u: TrailUc): string {
  const titular = u.titular ? `${h(u.titular.name)} (${h(u.titular.document)})` : '';
  return `<h2>UC ${h(u.ucId)} — ${h(distribuidoraPtBr(u.distribuidora))}</h2>
<p>Titular: ${titular}. Situação: ${h(statusPtBr(u.status))}. Grupo ${h(u.group)}; postos: ${h(u.postos.map(postoPtBr).join(', '))}. Excedente recebido não utilizado: ${kwh(u.receivedPendingKwh)}.</p>
${u.cycles.map(cycle).join('\n')}
<h3>Saldo por safra</h3>${balance(u.balance)}`;
}

const MOVE_HEAD = [
  'Fluxo',
  'Revisão',
  'Evento',
  'Regra',
  'Motivo',
  'Data',
  'UC de origem',
  'Entradas comparadas',
  'Resultado',
  'Verificação',
];

/** The moves' section around its rows (joined by a line break); none, no section. */
export const AUDIT_HTML_MOVES = {
  start: `<h2>Realocações (regra dos 30 dias)</h2>${tableStart(MOVE_HEAD)}`,
  end: TABLE_END,
};

/** One move's row. */
export function auditHtmlMove(m: TrailMove): string {
  return tableRow(MOVE_HEAD, [
    h(m.stream),
    h(String(m.revision)),
    h(movePtBr(m.type)),
    h(rulePtBr(m.rule)),
    h(reasonPtBr(m.reason)),
    h(formatDatePtBr(m.date)),
    h(m.fromUcId),
    inputsPtBr(m.inputs).map(h).join('<br>'),
    m.outcome.map((o) => `UC ${h(o.ucId)}: ${kwh(o.kwh)}`).join('<br>') ||
      `<span class="muted">${m.type === 'ReallocationDefaultRedecided' ? 'as mesmas UCs' : 'mantidos'}</span>`,
    h(decisionPtBr(m.decision)),
  ]);
}

function moves(r: AuditReport): string {
  if (r.moves.length === 0) return '';
  return `${AUDIT_HTML_MOVES.start}${r.moves.map(auditHtmlMove).join('\n')}${AUDIT_HTML_MOVES.end}`;
}

/** The titulares' heading, before their sections (joined by a line break); none, no heading. */
export const AUDIT_HTML_TITULARES_START = '<h2>Créditos mantidos para titulares</h2>';

/** One titular's held credits. */
export function auditHtmlTitular(t: TrailTitular): string {
  return `<h3>Titular ${h(t.key)} — ${h(distribuidoraPtBr(t.distribuidora))}: ${kwh(t.heldKwh)}</h3>${
    t.held.length
      ? table(
          ['UC de origem', 'Safra', 'Posto', 'Classe', 'kWh', 'Expira em'],
          t.held.map((l) => [
            h(l.fromUcId),
            h(formatDatePtBr(l.vintage)),
            h(postoPtBr(l.posto)),
            h(gdClassPtBr(l.gdClass)),
            kwh(l.kwh),
            h(formatDatePtBr(l.expiresOn)),
          ]),
          [4],
        )
      : ''
  }`;
}

function titulares(r: AuditReport): string {
  if (r.titulares.length === 0) return '';
  return `${AUDIT_HTML_TITULARES_START}${r.titulares.map(auditHtmlTitular).join('\n')}`;
}

/** The page up to the UCs: the summary, the mismatches, checks 0 and 4, the opening balances. */
export function auditHtmlHead(report: AuditReport): string {
  return `<!DOCTYPE html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Auditoria Compensa</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Auditoria de compensação de energia (SCEE)</h1>
${summary(report)}
${mismatches(report.mismatches)}
${auditIntegrityHtml(report)}
${openingBalancesHtml(report.openingBalances)}
`;
}

/** The page after the titulares: what is in transit, the partial checks, the notes. */
export function auditHtmlTail(report: AuditReport): string {
  const partial = report.partialChecks.length
    ? `<h2>Verificações parciais</h2>${table(
        ['Fluxo', 'Revisão', 'Evento', 'O que não está registrado'],
        report.partialChecks.map((p) => [h(p.stream), h(String(p.revision)), h(p.eventType), h(p.missing)]),
      )}`
    : '';
  const transit = report.inTransit.events.length
    ? `<h2>Em trânsito (eventos parados): ${kwh(report.inTransit.kwh)}</h2>${table(
        ['Evento', 'Fluxo', 'Revisão', 'kWh', 'Destino', 'Motivo'],
        report.inTransit.events.map((p) => [
          h(p.eventType),
          h(p.stream),
          h(String(p.revision)),
          p.kwh === null ? '—' : kwh(p.kwh),
          h(p.targets.join(', ')),
          h(`${rulePtBr(p.rule)}: ${p.message}`),
        ]),
        [2, 3],
      )}`
    : '';
  return `
${transit}
${partial}
<h2>Notas</h2><ul>${report.notes.map((n) => `<li>${h(notePtBr(n))}</li>`).join('')}</ul>
</body>
</html>
`;
}

/** A standalone report a regulator opens offline and prints: summary first, then each UC; pt-BR formats. */
export function renderAuditHtml(report: AuditReport): string {
  return `${auditHtmlHead(report)}${report.ucs.map(auditHtmlUc).join('\n')}
${moves(report)}
${titulares(report)}${auditHtmlTail(report)}`;
}
