/** pt-BR text of an invoice's figures: everything a person reads ("R$ 1.234,56", "1.234,5 kWh", "Fora ponta"). */
import { reaisPtBr } from '@compensa/domain';

const thousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** "1234.56" → "R$ 1.234,56"; "-248.51" → "-R$ 248,51"; null → "—" (not priced). Exact, from the decimal string. */
export function formatReais(amount: string | null): string {
  return amount === null ? '—' : reaisPtBr(amount);
}

/** "1234.500" → "1.234,5 kWh"; "300.000" → "300 kWh" (no ",000" on whole kWh). */
export function formatKwh(kwh: string | null): string {
  if (kwh === null) return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(kwh);
  if (!m) return kwh;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]}${thousands(m[2])}${fraction ? `,${fraction}` : ''} kWh`;
}

/** An R$/kWh unit price with its 8 places (R28): "0.82838000" → "0,82838000". */
export function formatUnitPrice(price: string | null): string {
  return price === null ? '—' : price.replace('.', ',');
}

const POSTO: Readonly<Record<string, string>> = {
  unico: 'Único',
  ponta: 'Ponta',
  intermediario: 'Intermediário',
  fora_ponta: 'Fora ponta',
  reservado: 'Reservado',
};

/** "fora_ponta" → "Fora ponta". */
export function formatPosto(posto: string | null): string {
  return posto === null ? '' : (POSTO[posto] ?? posto);
}

/** "GD_II" (a lot) or "GD II" (an invoice line) → "GD II". */
export function formatGdClass(gdClass: string | null): string {
  return gdClass === null ? '' : gdClass.replace(/_/g, ' ');
}

/** Sum of R$ amounts with 2 places, in centavos (exact): ["21.03", "1.22"] → "22.25". */
export function sumReais(amounts: readonly string[]): string {
  const cents = amounts.reduce((a, x) => a + BigInt(x.replace('.', '')), 0n);
  const sign = cents < 0n ? '-' : '';
  const abs = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}
