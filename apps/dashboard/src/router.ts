/** The dashboard's places, in the URL's hash (the API serves one page at `/`). */
export type Route =
  | { view: 'portfolio' }
  | { view: 'uc'; ucId: string }
  | { view: 'generator'; ucId: string }
  | { view: 'titular'; document: string }
  | { view: 'correction'; correctionId: string }
  | { view: 'corrections' }
  | { view: 'sign-in' };

/** The route of a hash ("#/uc/1001"); anything unknown is the portfolio. */
export function parseRoute(hash: string): Route {
  const [view, arg] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (view === 'uc' && arg) return { view: 'uc', ucId: arg };
  if (view === 'gerador' && arg) return { view: 'generator', ucId: arg };
  if (view === 'titular' && arg) return { view: 'titular', document: arg };
  if (view === 'retificacao' && arg) return { view: 'correction', correctionId: arg };
  if (view === 'retificacoes') return { view: 'corrections' };
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
    case 'corrections':
      return '#/retificacoes';
    case 'sign-in':
      return '#/entrar';
    default:
      return '#/carteira';
  }
}
