import type { Route } from './router';

/**
 * Where a search goes: a retificação's id its report; punctuation or 14 characters mean a CNPJ, 11 digits a CPF (a
 * titular); other digits a UC number. An 11-digit UC number is tried as a UC when no titular has that CPF (see the app's search).
 */
export function routesForSearch(text: string): Route[] {
  // A retificação's id, as its report and the invoices name it ("retif-21001-2026-03-3a79e552c77e").
  if (/^retif-/i.test(text.trim())) return [{ view: 'correction', correctionId: text.trim().toLowerCase() }];
  const trimmed = text.trim().toUpperCase();
  const compact = trimmed.replace(/[.\-/\s]/g, '');
  if (compact === '') return [];
  if (/[.\-/]/.test(trimmed) || /^[0-9A-Z]{12}\d{2}$/.test(compact)) return [{ view: 'titular', document: compact }];
  if (/^\d{11}$/.test(compact))
    return [
      { view: 'titular', document: compact },
      { view: 'uc', ucId: compact },
    ];
  if (/^\d{1,20}$/.test(compact)) return [{ view: 'uc', ucId: compact }];
  return [];
}
