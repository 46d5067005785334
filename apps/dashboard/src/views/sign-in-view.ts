import { css, html, LitElement } from 'lit';
import { apiGet, ApiProblem } from '../api/api-client';
import { signIn } from '../api/session';
import { sharedStyles } from '../components/shared-styles';

/** Sign-in with an operator or auditor API key, checked against the API before it is kept. */
export class SignInView extends LitElement {
  static override properties = { message: {}, error: { state: true }, busy: { state: true } };
  static override styles = [
    sharedStyles,
    css`
      form {
        max-width: 420px;
        margin: 64px auto;
      }
      input {
        width: 100%;
        box-sizing: border-box;
        padding: 10px;
        font: inherit;
        border: 1px solid #c5ced8;
        border-radius: 6px;
        margin: 8px 0 16px;
      }
      button {
        background: #0b63b6;
        color: #fff;
        border: 0;
        border-radius: 6px;
        padding: 10px 18px;
        font: inherit;
        cursor: pointer;
      }
    `,
  ];

  /** Why the user is here (an expired key). */
  declare message: string;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.message = '';
    this.error = '';
    this.busy = false;
  }

  override render() {
    return html`<form class="card" @submit=${this.submit} data-testid="sign-in">
      <h1>Entrar</h1>
      <p class="subtitle">
        Use uma chave de API de operador ou de auditor. Ela fica guardada só nesta aba do navegador.
      </p>
      ${this.message ? html`<p class="error" data-testid="sign-in-message">${this.message}</p>` : ''}
      <label for="key">Chave de API</label>
      <input id="key" name="key" type="password" autocomplete="off" required data-testid="api-key" />
      ${this.error ? html`<p class="error" data-testid="sign-in-error">${this.error}</p>` : ''}
      <button type="submit" ?disabled=${this.busy} data-testid="sign-in-submit">Entrar</button>
    </form>`;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const key = (this.renderRoot.querySelector('#key') as HTMLInputElement).value.trim();
    this.busy = true;
    this.error = '';
    try {
      // A cheap read both roles may do: a key the API refuses is never kept.
      await apiGet('/v1/portfolio', key);
      // Its role: the audit trail is offered only to an auditor key (an older API without /v1/session: unknown).
      const session = await apiGet<{ role: string | null }>('/v1/session', key).catch(() => null);
      signIn(key, session?.body.role ?? null);
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (error) {
      this.error =
        error instanceof ApiProblem && error.status === 401
          ? 'Chave inválida.'
          : `Não foi possível entrar: ${(error as Error).message}`;
    } finally {
      this.busy = false;
    }
  }
}
customElements.define('sign-in-view', SignInView);
