import { html, LitElement, type PropertyValues } from 'lit';
import { apiGet, apiGetAll, ApiProblem } from '../api/api-client';
import type { GeneratorFlow, Page, Uc } from '../api/types';
import '../components/e-chart';
import { lagNote } from '../components/lag-note';
import { sharedStyles } from '../components/shared-styles';
import {
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

interface Data {
  uc: Uc;
  flows: GeneratorFlow[];
  lag: number;
}

const RETAINED = 'Retido pela geradora';

/** Gerador: where a generator's excedente went, each cycle, as a Sankey flow chart and a table. */
export class GeneratorView extends LitElement {
  static override properties = { ucId: {}, data: { state: true }, error: { state: true } };
  static override styles = sharedStyles;

  declare ucId: string;
  declare data: Data | null;
  declare error: string;

  constructor() {
    super();
    this.ucId = '';
    this.data = null;
    this.error = '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ucId') && this.ucId) void this.load(this.ucId);
  }

  private async load(ucId: string): Promise<void> {
    this.data = null;
    this.error = '';
    try {
      const uc = await apiGet<Uc>(`/v1/ucs/${ucId}`);
      const flows = await apiGetAll<Page<GeneratorFlow>>(`/v1/generators/${ucId}/flows?limit=500`);
      if (ucId === this.ucId) this.data = { uc: uc.body, flows: flows.items, lag: Math.max(uc.lag, flows.lag) };
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
    const { uc, flows, lag } = this.data;
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
                  style="height:${Math.max(320, flows.length * 60)}px"
                  .option=${this.sankeyOption(uc.ucId, flows)}
                ></e-chart>
              </div>
              <div class="card">
                <h2>Ciclos</h2>
                <table data-testid="flows-table">
                  <tr>
                    <th>Ciclo</th>
                    <th>Leitura</th>
                    <th>Rateio</th>
                    <th class="num">Excedente</th>
                    <th class="num">Enviado</th>
                    <th class="num">Retido</th>
                    <th>Destinos</th>
                  </tr>
                  ${flows.map(
                    (f) =>
                      html`<tr data-testid="flow-row" data-cycle=${f.cycle}>
                        <td>${formatMonth(f.cycle)}</td>
                        <td>${formatDate(f.readingDate)}</td>
                        <td>${formatRateioMode(f.rateioMode)}</td>
                        <td class="num" data-testid="flow-excedente">${formatKwhNumber(f.excedenteKwh)}</td>
                        <td class="num" data-testid="flow-allocated">${formatKwhNumber(f.allocatedKwh)}</td>
                        <td class="num" data-testid="flow-retained">${formatKwhNumber(f.retainedKwh)}</td>
                        <td>
                          ${f.byTarget.map(
                            (t, i) =>
                              html`${i > 0 ? ', ' : ''}<a href=${hrefOf({ view: 'uc', ucId: t.ucId })}>${t.ucId}</a>:
                                ${formatKwhNumber(t.kwh)}`,
                          )}
                        </td>
                      </tr>`,
                  )}
                </table>
              </div>
            `
      }
    `;
  }

  /** Cycles on the left, beneficiaries (and what the generator kept) on the right. */
  private sankeyOption(ucId: string, flows: GeneratorFlow[]) {
    const cycleNode = (f: GeneratorFlow) => `Ciclo ${formatMonth(f.cycle)}`;
    const targetNode = (target: string) => (target === ucId ? `UC ${target} (própria)` : `UC ${target}`);
    const links = flows.flatMap((f) => [
      ...f.byTarget.map((t) => ({ source: cycleNode(f), target: targetNode(t.ucId), value: Number(t.kwh) })),
      ...(Number(f.retainedKwh) > 0 ? [{ source: cycleNode(f), target: RETAINED, value: Number(f.retainedKwh) }] : []),
    ]);
    const names = [...new Set(links.flatMap((l) => [l.source, l.target]))];
    return {
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => kwhLabel(Number(v)) },
      series: [
        {
          type: 'sankey',
          left: 10,
          right: 160,
          nodeGap: 10,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.45 },
          label: { fontSize: 12 },
          data: names.map((name) => ({ name })),
          links: links.filter((l) => l.value > 0),
        },
      ],
    };
  }
}
customElements.define('generator-view', GeneratorView);
