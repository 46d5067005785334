/**
 * A kWh amount as a spreadsheet exports it, in the platform's notation. A `;`-separated file is a Brazilian export:
 * decimal comma, dots grouping thousands (`1.234,5` and `1.180` become `1234.5` and `1180`). A `,`-separated file
 * (and JSON Lines) uses the decimal point, kept as it is.
 */
export function normaliseDecimal(text: string, decimalComma: boolean): string {
  const t = text.trim().replace(/\s/g, '');
  return decimalComma ? t.replace(/\./g, '').replace(',', '.') : t;
}
