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

/** Messages of the format checks, in the API's words (pt-BR: a billing clerk reads them). */
export const FormatMessage = {
  kwh: '$property deve ser um kWh em texto decimal, não negativo, com no máximo 3 casas decimais ("280.5")',
  kw: '$property deve ser um kW em texto decimal, não negativo, com no máximo 3 casas decimais ("75")',
  percent: '$property deve ser um percentual em texto decimal, com no máximo 4 casas decimais ("33.3333")',
  tariff: '$property deve ser uma tarifa em R$/kWh em texto decimal, com no máximo 8 casas decimais ("0.30")',
  date: '$property deve ser uma data AAAA-MM-DD',
  cycle: '$property deve ser um ciclo AAAA-MM',
  ucId: '$property deve ser o número de uma UC (1 a 20 dígitos)',
  distribuidora:
    '$property deve ser o código de uma distribuidora (2 a 40 letras, dígitos ou _; maiúsculas e minúsculas dão no mesmo)',
  document:
    '$property deve ser um CPF (11 dígitos) ou um CNPJ (14 caracteres, letras maiúsculas), com ou sem pontuação',
} as const;
