/** Sums kWh decimal strings exactly (as whole Wh in BigInt): "1.5" + "2.25" → "3.750". */
export function sumKwh(values: readonly string[]): string {
  const wh = values.reduce((sum, v) => {
    const negative = v.startsWith('-');
    const [whole, fraction = ''] = (negative ? v.slice(1) : v).split('.');
    const amount = BigInt(whole || '0') * 1000n + BigInt(fraction.padEnd(3, '0').slice(0, 3));
    return sum + (negative ? -amount : amount);
  }, 0n);
  const sign = wh < 0n ? '-' : '';
  const abs = wh < 0n ? -wh : wh;
  return `${sign}${abs / 1000n}.${String(abs % 1000n).padStart(3, '0')}`;
}
