/** The Retificações list's filter: a distribuidora and a period of correction dates (ISO), '' for none. */
export interface CorrectionsFilter {
  distribuidora: string;
  from: string;
  to: string;
}

export const NO_CORRECTIONS_FILTER: CorrectionsFilter = { distribuidora: '', from: '', to: '' };

/** The dashboard's places, in the URL's hash (the API serves one page at `/`). */
export type Route =
  | { view: 'portfolio' }
  | { view: 'uc'; ucId: string }
  | { view: 'generator'; ucId: string }
  | { view: 'titular'; document: string }
  | { view: 'correction'; correctionId: string }
  | { view: 'corrections'; filter: CorrectionsFilter }
  | { view: 'imports' }
  | { view: 'sign-in' };

/**
 * The route of a hash ("#/uc/1001"); anything unknown is the portfolio. The Retificações filter is the hash's query
 * ("#/retificacoes?distribuidora=CEMIG-D&de=2026-06-01&ate=2026-06-30"), so a filtered list can be bookmarked and sent;
 * its dates are checked by the view, which says what is wrong with them.
 */
export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [view, arg] = path.split('/').map(decodeURIComponent);
  if (view === 'uc' && arg) return { view: 'uc', ucId: arg };
  if (view === 'gerador' && arg) return { view: 'generator', ucId: arg };
  if (view === 'titular' && arg) return { view: 'titular', document: arg };
  if (view === 'retificacao' && arg) return { view: 'correction', correctionId: arg };
  if (view === 'retificacoes') {
    const q = new URLSearchParams(query);
    const filter = { distribuidora: q.get('distribuidora') ?? '', from: q.get('de') ?? '', to: q.get('ate') ?? '' };
    return { view: 'corrections', filter };
  }
  if (view === 'importacoes') return { view: 'imports' };
  if (view === 'entrar') return { view: 'sign-in' };
  return { view: 'portfolio' };
}

/** The hash of a route. */
export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'uc':
      return `#/uc/${encodeURIComponent(route.ucId)}`;
    case 'generator':
      return `#/gerador/${encodeURIComponent(route.ucId)}`;
    case 'titular':
      return `#/titular/${encodeURIComponent(route.document)}`;
    case 'correction':
      return `#/retificacao/${encodeURIComponent(route.correctionId)}`;
    case 'corrections': {
      const { distribuidora, from, to } = route.filter;
      const q = new URLSearchParams();
      if (distribuidora) q.set('distribuidora', distribuidora);
      if (from) q.set('de', from);
      if (to) q.set('ate', to);
      return q.toString() ? `#/retificacoes?${q.toString()}` : '#/retificacoes';
    }
    case 'imports':
      return '#/importacoes';
    case 'sign-in':
      return '#/entrar';
    default:
      return '#/carteira';
  }
}
