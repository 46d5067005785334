import { distribuidoraName } from '@compensa/domain';
/** The whole-log sections of the HTML report (pt-BR): check 0 (signed checkpoints) and check 4 (conservation). */
import { table } from './audit-html-table';
import type { AuditReport } from './audit-report';
import { escapeHtml as h, formatKwhPtBr } from './pt-br-format';

const kwh = (v: string) => `${h(formatKwhPtBr(v))}&nbsp;kWh`;

const KIND_PT: Record<string, string> = {
  truncated: 'registro truncado (fim removido)',
  'stream-deleted': 'fluxo (stream) apagado',
  'events-missing': 'eventos removidos',
  'events-added': 'eventos inseridos',
  rewritten: 'evento reescrito (hashes recalculados ou não)',
  'bad-signature': 'assinatura inválida (outra chave ou conteúdo alterado)',
  'missing-from-witness': 'ausente da testemunha',
  'missing-from-log': 'ausente do registro',
  'witness-differs': 'testemunha diverge do registro',
};

function checkpoints(r: AuditReport): string {
  const li = r.logIntegrity;
  if (!li) return '';
  const head = li.ran
    ? `<p class="${li.findings.length ? 'fail' : 'ok'}">${li.verified} de ${li.checkpoints} pontos de controle assinados conferem com o registro${li.verifiedUpTo !== null ? ` (até a posição ${li.verifiedUpTo})` : ''}; ${li.events} eventos lidos.</p>`
    : `<p class="muted">Não verificado: ${h(li.reason ?? '')}</p>`;
  const key = li.publicKey
    ? `<p>Chave pública confiável (Ed25519, id <code>${h(li.keyId)}</code>):</p><pre><code>${h(li.publicKey)}</code></pre>`
    : '';
  const witness = li.witness ? `<p>Testemunha: <code>${h(li.witness)}</code></p>` : '';
  const rotations = li.keys.length
    ? table(
        ['Chave', 'Anterior', 'Registrada em'],
        li.keys.map((k) => [`<code>${h(k.keyId)}</code>`, h(k.previousKeyId ?? '—'), h(k.time)]),
      )
    : '';
  const findings = li.findings.length
    ? table(
        ['Nº', 'O que', 'Posição', 'Depois de', 'Detalhe'],
        li.findings.map((f) => [
          h(String(f.seq)),
          h(KIND_PT[f.kind] ?? f.kind),
          h(f.position === null ? '—' : String(f.position)),
          h(f.after === null ? '—' : String(f.after)),
          h(f.detail),
        ]),
        [0, 2, 3],
      )
    : '';
  return `<h2>Pontos de controle assinados (verificação 0)</h2>${head}${key}${witness}${rotations}${findings}`;
}

function conservation(r: AuditReport): string {
  const c = r.conservation;
  if (!c) return '';
  const follow = (name: string, x: { checked: number; inTransit: number; failed: number }) => [
    h(name),
    h(String(x.checked)),
    h(String(x.inTransit)),
    `<span class="${x.failed ? 'fail' : 'ok'}">${x.failed}</span>`,
  ];
  return `<h2>Conservação da energia (verificação 4, Q3)</h2>
<p class="${c.passed ? 'ok' : 'fail'}">${c.passed ? 'Cada kWh que passou de um fluxo a outro chegou (ou está em trânsito), e os totais fecham ao Wh.' : 'Há energia que saiu de um fluxo e não chegou, ou totais que não fecham.'}</p>
${table(
  ['Movimento', 'Verificados', 'Em trânsito', 'Divergentes'],
  [
    follow('Excedente alocado → recebido', c.allocations),
    follow('Créditos que saíram da UC (R18, R19) → mantidos', c.leaving),
    follow('Realocações (R19, R20) → recebidas', c.moves),
  ],
  [1, 2, 3],
)}
${table(
  [
    'Distribuidora',
    'Injetado',
    'Recebido de outras',
    'Saldo inicial importado',
    'Compensado',
    'Créditos',
    'Mantidos',
    'Expirados',
    'Em trânsito',
    'Enviado a outras',
    'Diferença',
  ],
  c.totals.map((t) => [
    h(distribuidoraName(t.distribuidora)),
    kwh(t.injected),
    kwh(t.receivedFromOthers),
    kwh(t.opened),
    kwh(t.compensated),
    kwh(t.credits),
    kwh(t.held),
    kwh(t.expired),
    kwh(t.inTransit),
    kwh(t.sentToOthers),
    `<span class="${t.difference === '0.000' ? 'ok' : 'fail'}">${kwh(t.difference)}</span>`,
  ]),
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
)}
<p class="muted">Em kWh no posto em que foram injetados (antes de qualquer conversão pela TE): injetado + recebido + saldo inicial importado = compensado + créditos + mantidos + expirados + em trânsito + enviado.</p>`;
}

/** Both sections; empty for a UC or titular audit. */
export function auditIntegrityHtml(report: AuditReport): string {
  return `${checkpoints(report)}\n${conservation(report)}`;
}
