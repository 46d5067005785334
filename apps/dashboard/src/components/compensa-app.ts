import { css, html, LitElement } from 'lit';
import { apiGet, ApiProblem, UNAUTHORIZED_EVENT } from '../api/api-client';
import { sessionKey, sessionRole, signOut } from '../api/session';
import { hrefOf, NO_CORRECTIONS_FILTER, parseRoute, type Route } from '../router';
import { routesForSearch } from '../search';
import '../views/correction-view';
import '../views/corrections-view';
import '../views/generator-view';
import '../views/imports-view';
import '../views/portfolio-view';
import '../views/sign-in-view';
import '../views/titular-view';
import '../views/uc-view';

/** The page: header (navigation, search, sign-out) and the view the URL's hash names; sign-in without a key. */
export class CompensaApp extends LitElement {
  static override properties = { route: { state: true }, signInMessage: { state: true }, searchError: { state: true } };
  static override styles = css`
    :host {
      display: block;
      min-height: 100vh;
    }
    header {
      display: flex;
      align-items: center;
      gap: 24px;
      padding: 12px 24px;
      background: #12304d;
      color: #fff;
      flex-wrap: wrap;
    }
    .brand {
      font-weight: 700;
      font-size: 1.1rem;
      letter-spacing: 0.02em;
    }
    .brand small {
      font-weight: 400;
      opacity: 0.75;
      margin-left: 6px;
    }
    nav a {
      color: #cfe3f7;
      text-decoration: none;
      margin-right: 16px;
    }
    nav a.current {
      color: #fff;
      border-bottom: 2px solid #f2a900;
    }
    form {
      display: flex;
      gap: 6px;
      margin-left: auto;
      flex: 0 1 360px;
      min-width: 0;
    }
    input {
      padding: 6px 10px;
      border-radius: 6px;
      border: 0;
      flex: 1;
      min-width: 0;
      font: inherit;
    }
    button {
      border: 0;
      border-radius: 6px;
      padding: 6px 12px;
      font: inherit;
      cursor: pointer;
      background: #f2a900;
      color: #12304d;
    }
    button.quiet {
      background: transparent;
      color: #cfe3f7;
      border: 1px solid #cfe3f7;
    }
    main {
      padding: 24px;
      max-width: 1280px;
      margin: 0 auto;
    }
    /* A phone: less padding, and the search takes its own line. */
    @media (max-width: 600px) {
      header {
        padding: 10px 12px;
        gap: 10px 16px;
      }
      form {
        flex: 1 1 100%;
      }
      main {
        padding: 12px;
      }
    }
    .search-error {
      background: #fdecea;
      color: #8c1d18;
      padding: 8px 24px;
      margin: 0;
    }
  `;

  declare route: Route;
  declare signInMessage: string;
  declare searchError: string;

  constructor() {
    super();
    this.route = parseRoute(location.hash);
    this.signInMessage = '';
    this.searchError = '';
  }

  private readonly onHashChange = () => {
    this.route = parseRoute(location.hash);
    this.searchError = '';
  };

  private readonly onUnauthorized = () => {
    if (this.route.view === 'sign-in') return;
    this.signInMessage = 'Sua chave expirou ou não é mais aceita. Entre novamente.';
    location.hash = hrefOf({ view: 'sign-in' });
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    window.addEventListener(UNAUTHORIZED_EVENT, this.onUnauthorized);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener(UNAUTHORIZED_EVENT, this.onUnauthorized);
    super.disconnectedCallback();
  }

  override render() {
    if (!sessionKey() || this.route.view === 'sign-in') {
      return html`<header>
          <span class="brand">Compensa<small>painel do SCEE</small></span>
        </header>
        <main><sign-in-view .message=${this.signInMessage} @signed-in=${this.signedIn}></sign-in-view></main>`;
    }
    const r = this.route;
    return html`
      <header>
        <span class="brand">Compensa<small>painel do SCEE</small></span>
        <nav>
          <a
            href=${hrefOf({ view: 'portfolio' })}
            class=${r.view === 'portfolio' ? 'current' : ''}
            data-testid="nav-portfolio"
            >Carteira</a
          >
          <a
            href=${hrefOf({ view: 'corrections', filter: NO_CORRECTIONS_FILTER })}
            class=${r.view === 'corrections' || r.view === 'correction' ? 'current' : ''}
            data-testid="nav-corrections"
            >Retificações</a
          >
          ${
            // Imports are an operator's (the API refuses an auditor's key).
            sessionRole() === 'auditor'
              ? ''
              : html`<a
                  href=${hrefOf({ view: 'imports' })}
                  class=${r.view === 'imports' ? 'current' : ''}
                  data-testid="nav-imports"
                  >Importações</a
                >`
          }
        </nav>
        <form @submit=${this.search} role="search">
          <input
            name="q"
            placeholder="UC, CPF, CNPJ ou retificação"
            aria-label="Buscar UC, CPF, CNPJ ou retificação"
            data-testid="search"
          />
          <button type="submit" data-testid="search-submit">Buscar</button>
        </form>
        <button class="quiet" @click=${this.signOut} data-testid="sign-out">Sair</button>
      </header>
      ${this.searchError ? html`<p class="search-error" data-testid="search-error">${this.searchError}</p>` : ''}
      <main>
        ${
          r.view === 'uc'
            ? html`<uc-view .ucId=${r.ucId}></uc-view>`
            : r.view === 'generator'
              ? html`<generator-view .ucId=${r.ucId}></generator-view>`
              : r.view === 'titular'
                ? html`<titular-view .document=${r.document}></titular-view>`
                : r.view === 'correction'
                  ? html`<correction-view .correctionId=${r.correctionId}></correction-view>`
                  : r.view === 'corrections'
                    ? html`<corrections-view .filter=${r.filter}></corrections-view>`
                    : r.view === 'imports'
                      ? html`<imports-view></imports-view>`
                      : html`<portfolio-view></portfolio-view>`
        }
      </main>
    `;
  }

  private signedIn(): void {
    this.signInMessage = '';
    if (this.route.view === 'sign-in') location.hash = hrefOf({ view: 'portfolio' });
    this.requestUpdate();
  }

  private signOut(): void {
    signOut();
    this.signInMessage = '';
    location.hash = hrefOf({ view: 'sign-in' });
  }

  /** Goes to the first candidate the API knows (a CPF may also be an 11-digit UC number). */
  private async search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('q') as HTMLInputElement;
    const text = input.value;
    this.searchError = '';
    for (const candidate of routesForSearch(text)) {
      const path =
        candidate.view === 'titular'
          ? `/v1/titulares/${encodeURIComponent(candidate.document)}/credits?limit=1`
          : candidate.view === 'uc'
            ? `/v1/ucs/${candidate.ucId}`
            : candidate.view === 'correction'
              ? `/v1/corrections/${encodeURIComponent(candidate.correctionId)}`
              : null;
      if (!path) continue;
      try {
        await apiGet(path);
        location.hash = hrefOf(candidate);
        input.value = '';
        return;
      } catch (error) {
        if (!(error instanceof ApiProblem) || error.status === 401) return;
      }
    }
    this.searchError = `Nada encontrado para “${text.trim()}”: digite o número de uma UC, um CPF, um CNPJ ou o código de uma retificação (retif-…).`;
  }
}
customElements.define('compensa-app', CompensaApp);
