import { css, html, LitElement } from 'lit';
import { apiGet, apiPostFile, ApiProblem, downloadFile } from '../api/api-client';
import { sessionRole } from '../api/session';
import type { ImportJob, ImportRefusal } from '../api/types';
import { sharedStyles } from '../components/shared-styles';
import { formatBytes, formatCount, formatInstant, formatMonth, formatSeconds } from '../format/pt-br';
import { importTypeOf, refusalReasonText, refusedByText, stallText } from './import-words';

/** A running job is read again this often (the API writes its progress every 250 ms). */
const POLL_MS = 1_000;
/** Jobs the list shows (GET /v1/imports?limit=). */
const LISTED = 20;
/** Refused lines a job shows on the page (GET /v1/imports/{id}?errors=); the error file has them all. */
const REFUSALS_SHOWN = 20;

/** "12.500 leituras", "1 leitura". */
const countOf = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The API's failure text (a clause, lower case) as a sentence of its own. */
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/** A job's state in words, for its badge. */
const STATUS: Record<ImportJob['status'], { text: string; badge: string }> = {
  running: { text: 'Em andamento', badge: '' },
  done: { text: 'Concluída', badge: 'ok' },
  failed: { text: 'Interrompida', badge: 'warn' },
};
/** A running job whose API went silent (`stalled`): it goes on once an instance takes it over. */
const STALLED = { text: 'Aguardando retomada', badge: 'warn' };

/**
 * Importações (operators): send a month of readings as a CSV or JSON Lines file (POST /v1/imports/readings, the file
 * streamed from the disk), and follow the latest jobs (GET /v1/imports): how much of each file was read, its counts
 * (accepted, duplicates, refused by rule) and its error file to open in a spreadsheet. A running job is read again
 * every second. Auditors see why there is nothing for them here (the API answers their key 403).
 */
export class ImportsView extends LitElement {
  static override properties = {
    jobs: { state: true },
    error: { state: true },
    forbidden: { state: true },
    sendError: { state: true },
    sent: { state: true },
    sending: { state: true },
    fileName: { state: true },
    refusals: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      /* A running job whose bar stands still: why, in the warning's colours (as the badges'). */
      .stalled {
        background: #fff1d6;
        color: #8a5a00;
        border-radius: 8px;
        padding: 8px 12px;
      }
      /* The column list is one word to the browser: broken anywhere on a narrow phone rather than overflowing. */
      code {
        overflow-wrap: anywhere;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 12px 16px;
        align-items: end;
      }
      form h2 {
        flex: 1 1 100%;
        margin: 0;
      }
      label,
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 0.85rem;
        color: #33414e;
        min-width: 0;
      }
      input {
        font: inherit;
        padding: 6px 8px;
        border: 1px solid #c5ced8;
        border-radius: 6px;
        min-width: 0;
      }
      /* The file input itself is out of sight but focusable; its label is the button and the chosen name. */
      .file-pick input {
        position: absolute;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
      .file-pick {
        position: relative;
        flex-direction: row;
        align-items: center;
        flex-wrap: wrap;
        gap: 4px 10px;
        cursor: pointer;
        font-size: 0.9rem;
      }
      .pick-button {
        border: 1px solid #0b63b6;
        color: #0b63b6;
        border-radius: 6px;
        padding: 6px 12px;
        background: #fff;
      }
      .file-pick:focus-within .pick-button {
        outline: 2px solid #0b63b6;
        outline-offset: 2px;
      }
      button.primary {
        background: #0b63b6;
        color: #fff;
        border: 0;
        border-radius: 6px;
        padding: 8px 18px;
        font: inherit;
        cursor: pointer;
      }
      button.primary[disabled] {
        opacity: 0.6;
        cursor: progress;
      }
      .form-note {
        flex: 1 1 100%;
        margin: 0;
      }
      .job {
        border-top: 1px solid #e6eaee;
        padding: 12px 0;
      }
      .job:first-of-type {
        border-top: 0;
        padding-top: 0;
      }
      .job-head {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
        align-items: baseline;
        margin-bottom: 8px;
      }
      progress {
        width: 100%;
        height: 12px;
        accent-color: #0b63b6;
      }
      .counts {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 20px;
        margin: 8px 0;
        font-size: 0.9rem;
        font-variant-numeric: tabular-nums;
      }
      .job .error {
        padding: 8px 12px;
        margin: 8px 0;
      }
    `,
  ];

  declare jobs: ImportJob[] | null;
  declare error: string;
  /** The API refused the key for imports (an auditor's whose role the tab did not know). */
  declare forbidden: boolean;
  declare sendError: string;
  declare sent: string;
  declare sending: boolean;
  /** The chosen file's name ('' for none). */
  declare fileName: string;
  /** The first refused lines of the jobs whose refusals are open, by job id (null while they load). */
  declare refusals: ReadonlyMap<string, ImportRefusal[] | null>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly operator = sessionRole() !== 'auditor';

  constructor() {
    super();
    this.jobs = null;
    this.error = '';
    this.forbidden = false;
    this.sendError = '';
    this.sent = '';
    this.sending = false;
    this.fileName = '';
    this.refusals = new Map();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.operator) void this.load();
  }

  override disconnectedCallback(): void {
    clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  /** The latest jobs; read again in a second while one of them runs. */
  private async load(): Promise<void> {
    clearTimeout(this.timer);
    try {
      this.jobs = (await apiGet<{ jobs: ImportJob[] }>(`/v1/imports?limit=${LISTED}`)).body.jobs;
      this.error = '';
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 403) this.forbidden = true;
      else this.error = `Não foi possível ler as importações: ${(e as Error).message}`;
    }
    if (this.isConnected && this.jobs?.some((j) => j.status === 'running'))
      this.timer = setTimeout(() => void this.load(), POLL_MS);
  }

  override render() {
    const forbidden = !this.operator || this.forbidden;
    // The heading comes with the list (the layout tests take a view as ready when its h1 shows).
    if (!forbidden && this.jobs === null && !this.error) return html`<p class="card muted">Carregando…</p>`;
    return html`
      <h1>Importações de leituras</h1>
      <p class="subtitle">
        As leituras de um mês de uma vez, num arquivo CSV (colunas
        <code>uc;cycle;reading_date;posto;consumed;injected</code>, uma linha por posto) ou JSON Lines. Cada leitura
        passa pelas mesmas regras da API; enviar o mesmo arquivo de novo não grava nada duas vezes (as leituras já
        gravadas contam como duplicadas).
      </p>
      ${
        forbidden
          ? html`<p class="card muted" data-testid="imports-forbidden">
              As importações são feitas com uma chave de operador: entre com uma para enviar arquivos e acompanhar as
              importações.
            </p>`
          : html`${this.renderForm()}${this.renderJobs()}`
      }
    `;
  }

  private renderForm() {
    return html`<form class="card" @submit=${this.send} data-testid="import-form">
      <h2>Enviar arquivo</h2>
      <div class="field">
        <span id="file-label">Arquivo (.csv ou .jsonl)</span>
        <!-- The browser's own file button speaks its UI's language: this one speaks pt-BR. -->
        <label class="file-pick">
          <input
            type="file"
            name="file"
            accept=".csv,.jsonl,.ndjson,text/csv"
            aria-labelledby="file-label"
            @change=${this.picked}
            data-testid="import-file"
          />
          <span class="pick-button" aria-hidden="true">Escolher arquivo</span>
          <span class="muted" data-testid="import-file-name">${this.fileName || 'nenhum arquivo escolhido'}</span>
        </label>
      </div>
      <label
        >Só da distribuidora (opcional)
        <input name="distribuidora" placeholder="todas" autocomplete="off" data-testid="import-distribuidora"
      /></label>
      <button class="primary" type="submit" ?disabled=${this.sending} data-testid="import-submit">
        ${this.sending ? 'Enviando…' : 'Importar'}
      </button>
      ${this.sendError ? html`<p class="error form-note" role="alert" data-testid="import-error">${this.sendError}</p>` : ''}
      ${this.sent ? html`<p class="muted form-note" role="status" data-testid="import-sent">${this.sent}</p>` : ''}
    </form>`;
  }

  private renderJobs() {
    if (this.jobs === null) return html`<p class="error" data-testid="imports-error">${this.error}</p>`;
    return html`<section class="card" data-testid="imports-list">
      <h2>Últimas importações</h2>
      ${this.error ? html`<p class="error" role="alert" data-testid="imports-error">${this.error}</p>` : ''}
      ${
        this.jobs.length === 0
          ? html`<p class="muted" data-testid="imports-empty">Nenhuma importação ainda.</p>`
          : this.jobs.map((job) => this.renderJob(job))
      }
    </section>`;
  }

  private renderJob(job: ImportJob) {
    const p = job.progress;
    // The API says `stalled` of a running job only.
    const status = job.stalled ? STALLED : STATUS[job.status];
    const read = job.status === 'done' ? job.receivedBytes : Math.min(job.readBytes, job.receivedBytes);
    const share = job.receivedBytes > 0 ? Math.floor((100 * read) / job.receivedBytes) : 100;
    const how =
      job.status === 'running'
        ? `${share}% do arquivo lido${job.etaSeconds !== null ? ` · faltam cerca de ${formatSeconds(job.etaSeconds)}` : ''}`
        : `${countOf(p.readings, 'leitura', 'leituras')} em ${formatSeconds(p.seconds)}` +
          // A rate over less than a second says nothing.
          (p.seconds >= 1 ? ` (${formatCount(Math.round(p.readingsPerSecond))} leituras/s)` : '');
    return html`<article class="job" data-testid="import-job" data-job=${job.id} data-status=${job.status}>
      <div class="job-head">
        <strong>${formatInstant(job.startedAt)}</strong>
        <span class="badge ${status.badge}" data-testid="import-status">${status.text}</span>
        <span class="muted">${job.format === 'csv' ? 'CSV' : 'JSON Lines'}, ${formatBytes(job.receivedBytes)}</span>
        <span class="muted">nº ${job.id.slice(0, 8)}</span>
      </div>
      <progress
        max=${Math.max(1, job.receivedBytes)}
        .value=${read}
        aria-label="Parte do arquivo lida: ${share}%"
      ></progress>
      <p class="small muted" data-testid="import-how">${how}</p>
      ${
        job.stalled
          ? html`<p class="stalled small" role="status" data-testid="import-stalled">
              ${stallText(job.stalled, Date.now())}
            </p>`
          : ''
      }
      <div class="counts" data-testid="import-counts">
        <span>Leituras: <strong>${formatCount(p.readings)}</strong></span>
        <span>Aceitas: <strong>${formatCount(p.accepted)}</strong></span>
        <span>Duplicadas: <strong>${formatCount(p.duplicates)}</strong></span>
        <span>Recusadas: <strong>${formatCount(p.refused)}</strong></span>
      </div>
      ${
        p.refused > 0
          ? html`<p class="small" data-testid="import-refused-by">Recusadas por: ${refusedByText(p.refusedBy)}</p>`
          : ''
      }
      ${job.failure ? html`<p class="error" data-testid="import-failure">${sentence(job.failure)}</p>` : ''}
      ${
        p.refused > 0
          ? html`<p class="small actions">
              <button
                class="link"
                @click=${() => this.toggleRefusals(job)}
                aria-expanded=${this.refusals.has(job.id) ? 'true' : 'false'}
                data-testid="import-show-refusals"
              >
                ${this.refusals.has(job.id) ? 'Esconder as recusas' : 'Ver as recusas'}
              </button>
              <button class="link" @click=${() => this.downloadErrors(job)} data-testid="import-errors">
                Baixar as ${countOf(p.refused, 'recusa', 'recusas')} (CSV)
              </button>
            </p>`
          : ''
      }
      ${this.refusals.has(job.id) ? this.renderRefusals(job, this.refusals.get(job.id) ?? null) : ''}
    </article>`;
  }

  /** A job's first refused lines: where, which UC and cycle, and why. */
  private renderRefusals(job: ImportJob, lines: ImportRefusal[] | null) {
    if (lines === null) return html`<p class="small muted">Carregando as recusas…</p>`;
    const more = job.progress.refused - lines.length;
    return html`<table class="stacked" data-testid="import-refusals">
        <tr class="head">
          <th class="num">Linha</th>
          <th>UC</th>
          <th>Ciclo</th>
          <th>Regra</th>
          <th>Motivo</th>
        </tr>
        ${lines.map(
          (o) =>
            html`<tr data-testid="import-refusal">
              <td data-label="Linha" class="num">${formatCount(o.line)}</td>
              <td data-label="UC">${o.ucId}</td>
              <td data-label="Ciclo">${/^\d{4}-\d{2}$/.test(o.cycle) ? formatMonth(o.cycle) : o.cycle}</td>
              <td data-label="Regra" class="wrap">${refusalReasonText(o.rule, o.status)}</td>
              <td data-label="Motivo" class="wrap">${o.detail}</td>
            </tr>`,
        )}
      </table>
      ${
        more > 0
          ? html`<p class="small muted" data-testid="import-refusals-more">
              E mais ${countOf(more, 'recusa', 'recusas')}: todas estão no arquivo (CSV).
            </p>`
          : ''
      }`;
  }

  private picked(event: Event): void {
    this.fileName = (event.target as HTMLInputElement).files?.[0]?.name ?? '';
    this.sendError = '';
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const distribuidora = (form.elements.namedItem('distribuidora') as HTMLInputElement).value.trim();
    this.sendError = '';
    this.sent = '';
    if (!file) {
      this.sendError = 'Escolha o arquivo das leituras.';
      return;
    }
    const type = importTypeOf(file.name);
    if (!type) {
      this.sendError = `O arquivo ${file.name} não é .csv nem .jsonl: exporte as leituras num desses formatos.`;
      return;
    }
    this.sending = true;
    try {
      const query = distribuidora ? `?distribuidora=${encodeURIComponent(distribuidora)}` : '';
      const job = await apiPostFile<ImportJob>(`/v1/imports/readings${query}`, file, type);
      this.sent = `${file.name} recebido (${formatBytes(job.receivedBytes)}): a importação começou.`;
      form.reset();
      this.fileName = '';
      await this.load();
    } catch (e) {
      this.sendError = `O arquivo não foi aceito: ${(e as Error).message}`;
    } finally {
      this.sending = false;
    }
  }

  /** Shows a job's first REFUSALS_SHOWN refused lines (read once), or hides them. */
  private async toggleRefusals(job: ImportJob): Promise<void> {
    const open = new Map(this.refusals);
    if (open.delete(job.id)) {
      this.refusals = open;
      return;
    }
    this.refusals = new Map(open).set(job.id, null);
    try {
      const { body } = await apiGet<{ errors: ImportRefusal[] }>(`/v1/imports/${job.id}?errors=${REFUSALS_SHOWN}`);
      if (this.refusals.has(job.id)) this.refusals = new Map(this.refusals).set(job.id, body.errors);
    } catch (e) {
      const closed = new Map(this.refusals);
      closed.delete(job.id);
      this.refusals = closed;
      this.error = `Não foi possível ler as recusas: ${(e as Error).message}`;
    }
  }

  private async downloadErrors(job: ImportJob): Promise<void> {
    try {
      await downloadFile(`/v1/imports/${job.id}/errors`, `recusas-importacao-${job.id.slice(0, 8)}.csv`);
    } catch (e) {
      this.error = `Não foi possível baixar as recusas: ${(e as Error).message}`;
    }
  }
}

customElements.define('imports-view', ImportsView);
