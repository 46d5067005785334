/**
 * What the demonstrativo SCEE says, as pt-BR text, once for both of its forms (the printable page and the PDF):
 * the figures, the cells of each table in column order, the sentences. The renderers only lay it out.
 */
import { formatDatePtBr } from '@compensa/application';
import { rebillingActionOf, rebillingActionPtBr } from '@compensa/domain';
import type { CreditVintageView, InvoiceView, UcExpiringLotView, UcView } from '@compensa/projections';
import { formatGdClass, formatKwh, formatPosto, formatReais, formatUnitPrice, sumReais } from './pt-br-invoice-format';

export const SUBTITLE = 'Sistema de Compensação de Energia Elétrica (Lei 14.300/2022; REN ANEEL 1.000/2021)';
export const TARIFF_MISSING_TITLE = 'Valores em R$ pendentes:';
export const TARIFF_MISSING =
  'falta uma tarifa publicada para este ciclo; as quantidades em kWh estão abaixo e as observações dizem o que falta.';
export const NO_CREDITS = 'Sem créditos.';
export const NOTHING_EXPIRES = 'Nenhum crédito expira nesse período.';
export const NO_NOTES = 'Nenhuma.';
export const FOOTER = 'Documento gerado a partir dos registros do SCEE; não substitui a fatura da distribuidora.';

/** A headline figure: `main` (the total), `save` (the savings) or plain. */
export interface Figure {
  label: string;
  value: string;
  kind: 'main' | 'save' | '';
}

/** R24–R28: the total, the energy parcel, the SCEE charge, bandeira, taxes, without SCEE and the savings. */
export function figuresOf(invoice: InvoiceView): Figure[] {
  const taxes = invoice.taxes;
  return [
    { label: 'Total a pagar', value: formatReais(invoice.total), kind: 'main' },
    { label: 'Parcela de energia', value: formatReais(invoice.energyParcel), kind: '' },
    { label: 'Encargo SCEE', value: formatReais(invoice.scceCharge), kind: '' },
    { label: 'Bandeira tarifária', value: formatReais(invoice.bandeira), kind: '' },
    {
      label: 'Tributos (ICMS, PIS, COFINS)',
      value: formatReais(taxes ? sumReais([taxes.icms, taxes.pis, taxes.cofins]) : null),
      kind: '',
    },
    { label: 'Sem o SCEE', value: formatReais(invoice.withoutScee), kind: '' },
    { label: 'Economia com o SCEE', value: formatReais(invoice.savings), kind: 'save' },
  ];
}

/** The invoice lines' columns; `optional` ones a phone's page leaves out. */
export const LINE_COLUMNS = [
  { title: 'Descrição', numeric: false, optional: false },
  { title: 'Posto', numeric: false, optional: true },
  { title: 'Classe', numeric: false, optional: true },
  { title: 'Quantidade', numeric: true, optional: false },
  { title: 'Tarifa (R$/kWh)', numeric: true, optional: true },
  { title: 'Valor', numeric: true, optional: false },
] as const;

/** R17: one invoice line's cells, in LINE_COLUMNS' order. */
export function lineCells(l: InvoiceView['lines'][number]): string[] {
  return [
    l.label,
    formatPosto(l.posto),
    l.gdClass ?? '',
    l.kwh === null ? '' : formatKwh(l.kwh),
    l.unitPrice === null ? '' : formatUnitPrice(l.unitPrice),
    formatReais(l.amount),
  ];
}

/** A row of the composition: `sub` (a part of the row above) or `total`. */
export interface CompositionRow {
  label: string;
  value: string;
  kind: 'sub' | 'total' | '';
}

/** R24–R27: how the total is made. */
export function compositionOf(invoice: InvoiceView): CompositionRow[] {
  const taxes = invoice.taxes;
  return [
    { label: 'Parcela de energia (REN 1.000 art. 655-I/J)', value: formatReais(invoice.energyParcel), kind: '' },
    { label: 'dos quais encargo SCEE', value: formatReais(invoice.scceCharge), kind: 'sub' },
    { label: 'Bandeira tarifária', value: formatReais(invoice.bandeira), kind: '' },
    { label: 'ICMS', value: formatReais(taxes?.icms ?? null), kind: '' },
    { label: 'PIS/PASEP', value: formatReais(taxes?.pis ?? null), kind: '' },
    { label: 'COFINS', value: formatReais(taxes?.cofins ?? null), kind: '' },
    { label: 'Total', value: formatReais(invoice.total), kind: 'total' },
  ];
}

/** R24: the custo de disponibilidade and whether it bound; null without one (Grupo A, a short cycle). */
export function minimumSentence(invoice: InvoiceView): string | null {
  if (invoice.minimumKwh === null) return null;
  return (
    `Custo de disponibilidade: ${formatKwh(invoice.minimumKwh)} = ${formatReais(invoice.minimumAmount)}` +
    (invoice.minimumBinding ? ' — maior que o faturamento da energia: cobrado o ajuste até ele.' : '.')
  );
}

/** R22, R23: per posto, T and the f of the classes the lines used (the others would only be noise). */
export function tariffSentences(invoice: InvoiceView): string[] {
  const used = new Set(invoice.lines.map((l) => l.gdClass));
  return Object.entries(invoice.tariff).map(([posto, t]) => {
    const f = Object.entries(t?.f ?? {})
      .filter(([c]) => used.has(c as 'GD I'))
      .map(([c, v]) => `${c} ${formatUnitPrice(v ?? null)}`)
      .join(' · ');
    return `${formatPosto(posto)}: tarifa (TE + TUSD) ${formatUnitPrice(t?.T ?? null)} R$/kWh${f ? `; encargo SCEE por kWh compensado: ${f}` : ''}`;
  });
}

/**
 * Retificação: the first observation of a re-billed cycle, what it replaced and what to charge or refund (exact, in
 * centavos); null for a reading's own invoice.
 */
export function rebilledSentence(invoice: InvoiceView): string | null {
  const r = invoice.rebilled;
  if (r === null) return null;
  // A second re-billing says so, and what the invoice first came to (its "antes" is the first re-billing's).
  const again =
    r.times > 1
      ? `, a ${r.times}ª deste ciclo${r.issuedTotal === null ? '' : ` (emitida originalmente com ${formatReais(r.issuedTotal)})`}`
      : '';
  const head = `Fatura refaturada em ${formatDatePtBr(r.date)} pela retificação ${r.correctionId}${again}`;
  if (r.previousTotal === null || invoice.total === null) return `${head}.`;
  const difference = sumReais([invoice.total, `-${r.previousTotal}`]);
  const todo = rebillingActionOf(difference);
  const outcome = `${todo === 'none' ? '' : 'a '}${rebillingActionPtBr(todo, difference)}`;
  return `${head}: antes ${formatReais(r.previousTotal)}, agora ${formatReais(invoice.total)} (${outcome}).`;
}

/** The observations: the re-billing first (if any), then the invoice's notes. */
export function observationsOf(invoice: InvoiceView): string[] {
  const rebilled = rebilledSentence(invoice);
  return rebilled === null ? [...invoice.notes] : [rebilled, ...invoice.notes];
}

/** The credits' heading: the balance on the platform's today. */
export function creditsTitle(uc: UcView, today: string): string {
  return `Saldo de créditos em ${formatDatePtBr(today)}: ${formatKwh(uc.balance.totalKwh)}`;
}

export const CREDIT_COLUMNS = [
  { title: 'Safra', numeric: false, optional: false },
  { title: 'Posto', numeric: false, optional: true },
  { title: 'Classe', numeric: false, optional: false },
  { title: 'UC de origem', numeric: false, optional: true },
  { title: 'Saldo', numeric: true, optional: false },
  { title: 'Expira em', numeric: true, optional: false },
] as const;

/** R8, R9: one lot by vintage, in CREDIT_COLUMNS' order. */
export function creditCells(l: CreditVintageView): string[] {
  return [
    formatDatePtBr(l.vintage),
    formatPosto(l.posto),
    formatGdClass(l.gdClass),
    l.sourceUcId,
    formatKwh(l.kwh),
    formatDatePtBr(l.expiresOn),
  ];
}

/** The expiring lots' heading. */
export function expiringTitle(until: string): string {
  return `A expirar até ${formatDatePtBr(until)} (próximos 6 meses)`;
}

export const EXPIRING_COLUMNS = [
  { title: 'Expira em', numeric: false, optional: false },
  { title: 'Safra', numeric: false, optional: false },
  { title: 'Posto', numeric: false, optional: false },
  { title: 'Classe', numeric: false, optional: false },
  { title: 'kWh', numeric: true, optional: false },
] as const;

/** R9: one lot about to expire, in EXPIRING_COLUMNS' order. */
export function expiringCells(l: UcExpiringLotView): string[] {
  return [
    formatDatePtBr(l.expiresOn),
    formatDatePtBr(l.vintage),
    formatPosto(l.posto),
    formatGdClass(l.gdClass),
    formatKwh(l.kwh),
  ];
}
