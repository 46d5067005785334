import type { Posto } from '../values/posto';

/** The kinds of invoice line (R17, R24–R27). */
export type InvoiceLineCode =
  | 'consumo'
  | 'custo_disponibilidade'
  | 'ajuste_custo_disponibilidade'
  | 'compensada'
  | 'scee'
  | 'bandeira'
  | 'icms'
  | 'pis'
  | 'cofins';

/** GD classes as printed on invoices and in the document. */
export type GdClassPrinted = 'GD I' | 'GD II' | 'GD III';

/**
 * One line of the invoice. Amounts are R$ with 2 places, rounded once (R28); `unitPrice` is the exact unit price
 * shown with 8 places (the amount is computed from the exact value). Null where the line has no such figure
 * (a tax line has no kWh; an invoice whose tariff is missing has no amounts).
 */
export interface InvoiceLine {
  readonly code: InvoiceLineCode;
  readonly label: string;
  readonly posto: Posto | null;
  readonly gdClass: GdClassPrinted | null;
  readonly kwh: string | null;
  readonly unitPrice: string | null;
  readonly amount: string | null;
}

/** The prices the cycle was billed at, per posto (R22, R23), 8 places. */
export interface InvoiceTariff {
  readonly T: string;
  readonly f: Readonly<Partial<Record<GdClassPrinted, string>>>;
}

/**
 * The invoice of one cycle (R22–R28). `status` `tariff-missing`: some price was not published; the kWh lines are
 * there, every R$ figure is null and `notes` name what is missing (never invented numbers).
 */
export interface Invoice {
  readonly status: 'priced' | 'tariff-missing';
  readonly group: 'A' | 'B';
  readonly lines: readonly InvoiceLine[];
  readonly tariff: Readonly<Partial<Record<Posto, InvoiceTariff>>>;
  /** R10, R24: P (halved for baixa renda); null for Grupo A and for a cycle under 27 days. */
  readonly minimumKwh: string | null;
  /** R24: CD = P × T, rounded once. */
  readonly minimumAmount: string | null;
  /** R24: CD was greater than the billing: the "Ajuste custo de disponibilidade" line brings the parcel up to it. */
  readonly minimumBinding: boolean;
  /** R24/R25: the energy parcel, untaxed, before bandeira and taxes. */
  readonly energyParcel: string | null;
  /** R23: the sum of the SCEE charge lines. */
  readonly scceCharge: string | null;
  /** R26. */
  readonly bandeira: string | null;
  /** R27. */
  readonly taxes: { readonly icms: string; readonly pis: string; readonly cofins: string } | null;
  /** R28: the sum of the rounded lines. */
  readonly total: string | null;
  /** R28: all of C at full tariff, bandeira and taxes on it (the same cycle without the SCEE). */
  readonly withoutScee: string | null;
  /** R28: withoutScee − total. */
  readonly savings: string | null;
  readonly notes: readonly string[];
}
