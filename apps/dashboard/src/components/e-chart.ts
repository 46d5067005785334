import { BarChart, LineChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { css, html, LitElement, type PropertyValues } from 'lit';

// Only what the dashboard draws: keeps the bundle small.
use([LineChart, BarChart, SankeyChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * `<e-chart .option=${...}>`: an Apache ECharts chart that follows its option and its box's size. It carries
 * `data-rendered` once drawn and its animation finished (browser tests and screenshots wait for it).
 */
export class EChart extends LitElement {
  static override properties = { option: { attribute: false } };
  static override styles = css`
    :host {
      display: block;
      height: 300px;
    }
    /* The chart's own box only: ECharts puts its tooltip in a div inside it, which a bare div rule would
       stretch into a page-sized blank box. */
    .box {
      width: 100%;
      height: 100%;
    }
  `;

  declare option: EChartsCoreOption | undefined;
  private chart: ECharts | null = null;
  private resizer: ResizeObserver | null = null;

  override render() {
    return html`<div class="box"></div>`;
  }

  override firstUpdated(): void {
    const box = this.renderRoot.querySelector<HTMLDivElement>('.box')!;
    // SVG: crisp at any zoom and in screenshots.
    this.chart = init(box, undefined, { renderer: 'svg' });
    this.resizer = new ResizeObserver(() => this.chart?.resize());
    this.resizer.observe(box);
    this.chart.on('finished', () => this.setAttribute('data-rendered', ''));
    this.draw();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('option') && this.chart) this.draw();
  }

  private draw(): void {
    if (!this.chart || !this.option) return;
    this.removeAttribute('data-rendered');
    this.chart.setOption(this.option, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.chart?.dispose();
    this.chart = null;
  }
}
customElements.define('e-chart', EChart);
