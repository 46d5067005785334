import { html, LitElement, type PropertyValues } from 'lit';
import { apiGet, apiGetAll, ApiProblem } from '../api/api-client';
import type { GeneratorFlow, GeneratorScce, Page, Uc } from '../api/types';
import '../components/e-chart';
import { lagNote } from '../components/lag-note';
import { sharedStyles } from '../components/shared-styles';
import { PAGE_SIZE, showMore } from '../components/show-more';
import {
  formatCount,
  formatDate,
  formatKwh,
  formatKwhNumber,
  formatModalidade,
  formatMonth,
  formatRateioMode,
} from '../format/pt-br';
import { sumKwh } from '../format/sum-kwh';
import { hrefOf } from '../router';
import { kwhLabel } from './chart-options';
import { generatorScceCard } from './generator-scce-card';
import { sankeyFlows } from './sankey-flows';

interface Data {
  uc: Uc;
  flows: GeneratorFlow[];
  /** The SCEE charge on its energy by year (R23). */
  scce: GeneratorScce;
  lag: number;
}

/** Beneficiaries named in a cycle's row; the rest are counted. */
const TARGETS_IN_ROW = 3;

/** Where a cycle's excedente went: the first UCs with their kWh, and how many more. */
const targetsOf = (f: GeneratorFlow) =>
  html`${f.byTarget
    .slice(0, TARGETS_IN_ROW)
    .map(
      (t, i) =>
        html`${i > 0 ? ', ' : ''}<a href=${hrefOf({ view: 'uc', ucId: t.ucId })}>${t.ucId}</a>:
          ${formatKwhNumber(t.kwh)}`,
    )}${f.byTarget.length === 0 ? '—' : ''}${
    f.byTarget.length > TARGETS_IN_ROW ? ` e mais ${formatCount(f.byTarget.length - TARGETS_IN_ROW)} UCs` : ''
  }`;

/** Gerador: where a generator's excedente went, each cycle, as a Sankey flow chart and a table. */
export class GeneratorView extends LitElement {
  static override properties = { ucId: {}, data: { state: true }, error: { state: true }, shown: { state: true } };
  static override styles = sharedStyles;

  declare ucId: string;
  declare data: Data | null;
  declare error: string;
  /** Cycles shown in the table (newest first). */
  declare shown: number;

  constructor() {
    super();
    this.ucId = '';
    this.data = null;
    this.error = '';
    this.shown = PAGE_SIZE;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ucId') && this.ucId) void this.load(this.ucId);
  }

  private async load(ucId: string): Promise<void> {
    this.data = null;
    this.error = '';
    this.shown = PAGE_SIZE;
    try {
      const [uc, flows, scce] = await Promise.all([
        apiGet<Uc>(`/v1/ucs/${ucId}`),
        apiGetAll<Page<GeneratorFlow>>(`/v1/generators/${ucId}/flows?limit=500`),
        apiGet<GeneratorScce>(`/v1/generators/${ucId}/scce-charges`),
      ]);
      if (ucId === this.ucId) {
        this.data = {
          uc: uc.body,
          flows: flows.items,
          scce: scce.body,
          lag: Math.max(uc.lag, flows.lag, scce.lag),
        };
      }
    } catch (error) {
      this.error =
        error instanceof ApiProblem && error.status === 404
          ? `A UC ${ucId} não foi encontrada.`
          : (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<p class="error" data-testid="not-found">${this.error}</p>`;
    if (!this.data) return html`<p class="muted">Carregando a geradora ${this.ucId}…</p>`;
    const { uc, flows, scce, lag } = this.data;
    const newest = [...flows].reverse().slice(0, this.shown);
    const sankey = sankeyFlows(uc.ucId, flows);
    const rows = Math.max(
      ...['source', 'target'].map((end) => new Set(sankey.links.map((l) => l[end as 'source'])).size),
    );
    const total = (pick: (f: GeneratorFlow) => string) => formatKwh(sumKwh(flows.map(pick)));
    return html`
      <h1>Geradora <a href=${hrefOf({ view: 'uc', ucId: uc.ucId })} data-testid="generator-id">${uc.ucId}</a></h1>
      <p class="subtitle">
        ${uc.titular.name} · ${uc.modalidade ? formatModalidade(uc.modalidade) : 'sem geração registrada'}
        ${uc.installedKw ? html` · ${formatKwhNumber(uc.installedKw)} kW instalados` : ''}
      </p>
      ${lagNote(lag)}
      ${
        flows.length === 0
          ? html`<p class="card muted" data-testid="no-flows">Nenhum excedente registrado para esta UC.</p>`
          : html`
              <div class="grid">
                <div class="card figure">
                  <div class="label">Excedente total</div>
                  <div class="value" data-testid="excedente-total">${total((f) => f.excedenteKwh)}</div>
                </div>
                <div class="card figure">
                  <div class="label">Enviado a outras UCs</div>
                  <div class="value" data-testid="allocated-total">${total((f) => f.allocatedKwh)}</div>
                </div>
                <div class="card figure">
                  <div class="label">Retido como crédito</div>
                  <div class="value" data-testid="retained-total">${total((f) => f.retainedKwh)}</div>
                </div>
              </div>
              <div class="card">
                <h2>Para onde foi o excedente, ciclo a ciclo</h2>
                <e-chart
                  data-testid="sankey"
                  style="height:${Math.max(320, rows * 34)}px"
                  .option=${this.sankeyOption(sankey)}
                ></e-chart>
              </div>
              <div class="card" tabindex="0">
                <h2>Ciclos <span class="muted">(mais recentes primeiro)</span></h2>
                <table class="stacked" data-testid="flows-table">
                  <tr class="head">
                    <th>Ciclo</th>
                    <th>Leitura</th>
                    <th>Rateio</th>
                    <th class="num">Excedente</th>
                    <th class="num">Enviado</th>
                    <th class="num">Retido</th>
                    <th>Destinos</th>
                  </tr>
                  ${newest.map(
                    (f) =>
                      html`<tr data-testid="flow-row" data-cycle=${f.cycle}>
                        <td data-label="Ciclo">${formatMonth(f.cycle)}</td>
                        <td data-label="Leitura">${formatDate(f.readingDate)}</td>
                        <td data-label="Rateio">${formatRateioMode(f.rateioMode)}</td>
                        <td class="num" data-label="Excedente" data-testid="flow-excedente">
                          ${formatKwhNumber(f.excedenteKwh)}
                        </td>
                        <td class="num" data-label="Enviado" data-testid="flow-allocated">
                          ${formatKwhNumber(f.allocatedKwh)}
                        </td>
                        <td class="num" data-label="Retido" data-testid="flow-retained">
                          ${formatKwhNumber(f.retainedKwh)}
                        </td>
                        <td class="wrap" data-label="Destinos">${targetsOf(f)}</td>
                      </tr>`,
                  )}
                </table>
                ${showMore(newest.length, flows.length, () => (this.shown += PAGE_SIZE), 'more-flows')}
              </div>
              ${generatorScceCard(scce)}
            `
      }
    `;
  }

  /** Cycles on the left, beneficiaries (and what the generator kept) on the right: aggregated by sankeyFlows. */
  private sankeyOption({ names, links }: ReturnType<typeof sankeyFlows>) {
    return {
      tooltip: { trigger: 'item', confine: true, valueFormatter: (v: unknown) => kwhLabel(Number(v)) },
      series: [
        {
          type: 'sankey',
          left: 10,
          right: 150,
          nodeGap: 12,
          // Nodes in the data's order (cycles oldest to newest), not sorted by size.
          layoutIterations: 0,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.45 },
          // Long names end in "…" rather than run off the card.
          label: { fontSize: 12, width: 140, overflow: 'truncate' },
          data: names.map((name) => ({ name })),
          links,
        },
      ],
    };
  }
}
customElements.define('generator-view', GeneratorView);
