/**
 * Shapes of the values commands carry (Q1: quantities are decimal strings, never JSON numbers). The DTOs check the
 * shape for a precise 422; the domain parses and checks again (calendar dates, check digits, totals).
 */
export const Format = {
  /** kWh: non-negative, at most 3 decimal places (1 Wh). */
  kwh: /^\d{1,15}(\.\d{1,3})?$/,
  /** kW: non-negative, at most 3 decimal places. */
  kw: /^\d{1,9}(\.\d{1,3})?$/,
  /** Percentage: at most 4 decimal places. */
  percent: /^\d{1,3}(\.\d{1,4})?$/,
  /** R$/kWh unit tariff: at most 8 decimal places. */
  tariff: /^\d{1,6}(\.\d{1,8})?$/,
  /** Business date. */
  date: /^\d{4}-\d{2}-\d{2}$/,
  /** Billing cycle: its reference month. */
  cycle: /^\d{4}-(0[1-9]|1[0-2])$/,
  /** UC number within its distribuidora (leading zeros kept). */
  ucId: /^\d{1,20}$/,
  /** Distribuidora code. */
  /** Distribuidora code; case does not matter (COPEL is copel). */
  distribuidora: /^[A-Za-z0-9_]{2,40}$/,
  /** CPF or CNPJ (numeric or alphanumeric, upper case), punctuation accepted: the domain normalises. */
  document: /^[0-9A-Z](?:[0-9A-Z.\-/ ]{9,20})[0-9]$/,
} as const;

/** Messages of the format checks, in the API's words. */
export const FormatMessage = {
  kwh: '$property must be a non-negative kWh decimal string with at most 3 decimal places ("280.5")',
  kw: '$property must be a non-negative kW decimal string with at most 3 decimal places ("75")',
  percent: '$property must be a percentage decimal string with at most 4 decimal places ("33.3333")',
  tariff: '$property must be an R$/kWh decimal string with at most 8 decimal places ("0.30")',
  date: '$property must be a date YYYY-MM-DD',
  cycle: '$property must be a cycle YYYY-MM',
  ucId: '$property must be a UC number (1 to 20 digits)',
  distribuidora: '$property must be a distribuidora code (2 to 40 letters, digits or _; case does not matter)',
  document: '$property must be a CPF (11 digits) or a CNPJ (14 characters, upper case), punctuation allowed',
} as const;
