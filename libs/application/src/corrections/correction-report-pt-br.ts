import { Kwh, postoName, rebillingActionPtBr, rebillingTotalPtBr, reaisPtBr } from '@compensa/domain';
import { formatCyclePtBr, formatDatePtBr, formatKwhPtBr } from '../audit/pt-br-format';
import type { CorrectionReport, RebilledCycle } from './correction-report';

/** An invoice total; "—" without a tariff. */
const reais = (amount: string | null) => (amount === null ? '—' : reaisPtBr(amount));

const kwh = (value: string) => `${formatKwhPtBr(value)} kWh`;

/** What the clerk does about a cycle: refund, charge, nothing, or price it by hand (no tariff). */
const action = (c: Pick<RebilledCycle, 'action' | 'difference'>) => rebillingActionPtBr(c.action, c.difference);

/**
 * The re-billing report as a billing clerk reads it (pt-BR): the correction, the reading before and after, and per
 * re-billed cycle its kWh and invoice total before → after and what to refund or charge.
 */
export function renderCorrectionReportPtBr(r: CorrectionReport): string {
  const out: string[] = [];
  out.push(`Retificação ${r.id}`);
  out.push(
    `  UC ${r.ucId}, ciclo ${formatCyclePtBr(r.cycle)} (leitura de ${formatDatePtBr(r.readingDate)}), ` +
      `retificada em ${formatDatePtBr(r.date)}`,
  );
  out.push(`  Processo ${r.reference}: ${r.reason}`);
  for (const [posto, corrected] of Object.entries(r.corrected)) {
    const previous = r.previous[posto as keyof typeof r.previous];
    out.push(
      `  Leitura (${postoName(posto)}): consumo ${kwh(previous?.consumed ?? '0.000')} → ${kwh(corrected!.consumed)}; ` +
        `injeção ${kwh(previous?.injected ?? '0.000')} → ${kwh(corrected!.injected)}`,
    );
  }
  if (r.cycles.length === 0) out.push('  Nenhuma fatura muda.');
  for (const c of r.cycles) {
    out.push(
      `  ${formatCyclePtBr(c.cycle)}  UC ${c.ucId}: compensado ${kwh(c.before.compensatedKwh)} → ` +
        `${kwh(c.after.compensatedKwh)}; faturado ${kwh(c.before.billedKwh)} → ${kwh(c.after.billedKwh)}; ` +
        `fatura ${reais(c.before.total)} → ${reais(c.after.total)}: ${action(c)}`,
    );
  }
  out.push(`  Total: ${rebillingTotalPtBr(r.totalDifference)}`);
  out.push(`  Créditos da UC: ${kwh(r.balance.beforeKwh)} → ${kwh(r.balance.afterKwh)}`);
  for (const b of r.beneficiaries ?? []) {
    out.push(
      `  UC ${b.ucId} (beneficiária): excedente recebido do ciclo ${formatCyclePtBr(b.sourceCycle)} ` +
        `${kwh(b.receivedKwh.before)} → ${kwh(b.receivedKwh.after)}; ` +
        `créditos ${kwh(b.balance.beforeKwh)} → ${kwh(b.balance.afterKwh)}`,
    );
  }
  for (const h of r.held ?? []) {
    const why = h.rule === 'R18' ? 'troca de titularidade' : 'encerramento';
    out.push(
      `  UC ${h.ucId} (${why} em ${formatDatePtBr(h.date)}, ${h.rule}): créditos mantidos para o titular ` +
        `${titularKeyPtBr(h.titularKey)}: ${kwh(h.heldKwh.before)} → ${kwh(h.heldKwh.after)}` +
        // R20: nothing would have left the UC, so no 30-day window would have opened (HeldCreditsCorrected windowClosed).
        (Kwh.parse(h.heldKwh.after).wh === 0n
          ? '; nada teria saído da UC, então o prazo de 30 dias foi encerrado e o que foi movido nele, desfeito'
          : ''),
    );
  }
  for (const m of r.heldMoves ?? []) {
    out.push(
      `  UC ${m.ucId} (${
        m.titularKey === undefined
          ? `recebeu créditos da UC ${m.fromUcId} na distribuição entre os membros no encerramento, R19`
          : `recebeu créditos mantidos da UC ${m.fromUcId}, titular ${titularKeyPtBr(m.titularKey)}, R20`
      }): ` +
        `créditos recebidos ${kwh(m.receivedKwh.before)} → ${kwh(m.receivedKwh.after)}; ` +
        `créditos ${kwh(m.balance.beforeKwh)} → ${kwh(m.balance.afterKwh)}`,
    );
  }
  const ucs = (ids: readonly string[]) => (ids.length > 0 ? `a UC ${ids.join(', ')}` : 'o titular (nenhuma UC)');
  for (const d of r.defaults ?? []) {
    for (const x of d.decisions) {
      out.push(
        `  Destinação automática de ${formatDatePtBr(x.date)} (R20) dos créditos da UC ${x.fromUcId}, titular ` +
          `${titularKeyPtBr(d.titularKey)}: comparou o consumo da UC ${d.comparedUcId} ` +
          `(${kwh(d.consumptionKwh.before)} → ${kwh(d.consumptionKwh.after)}); refeita, ` +
          // R20: the corrected consumption chose another UC: both UCs' receipts are corrected (heldMoves above).
          (x.previousToUcIds
            ? `vai para ${ucs(x.toUcIds)} em vez ${ucs(x.previousToUcIds).replace(/^a /, 'da ').replace(/^o /, 'do ')}`
            : `continua para ${ucs(x.toUcIds)}`),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** A titular key as a clerk reads it: a CPF (its 11 digits) formatted, a CNPJ by its root (8 digits). */
function titularKeyPtBr(key: string): string {
  if (/^\d{11}$/.test(key)) return `CPF ${key.slice(0, 3)}.${key.slice(3, 6)}.${key.slice(6, 9)}-${key.slice(9)}`;
  if (/^\d{8}$/.test(key)) return `CNPJ ${key.slice(0, 2)}.${key.slice(2, 5)}.${key.slice(5)}/…`;
  return key;
}
