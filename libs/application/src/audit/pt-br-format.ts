/**
 * "1234.567" → "1.234,567", "1234.500" → "1.234,5", "1234.000" → "1.234" (pt-BR: dot for thousands, comma for
 * decimals, only the decimals that matter); exact, from the decimal string.
 */
export function formatKwhPtBr(kwh: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(kwh);
  if (!m) return kwh;
  const whole = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const decimals = (m[3] ?? '').replace(/0+$/, '');
  const sign = m[1] && (/[1-9]/.test(m[2]) || decimals) ? '-' : '';
  return `${sign}${whole}${decimals ? `,${decimals}` : ''}`;
}

/** "2026-11-22" → "22/11/2026"; anything else unchanged. */
export function formatDatePtBr(date: string | null): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

/** "2026-05" → "05/2026". */
export function formatCyclePtBr(cycle: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(cycle);
  return m ? `${m[2]}/${m[1]}` : cycle;
}

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
