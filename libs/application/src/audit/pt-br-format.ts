/** "1234.567" → "1.234,567" (pt-BR: dot for thousands, comma for decimals); exact, from the decimal string. */
export function formatKwhPtBr(kwh: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(kwh);
  if (!m) return kwh;
  const whole = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${m[1]}${whole}${m[3] ? `,${m[3]}` : ''}`;
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
