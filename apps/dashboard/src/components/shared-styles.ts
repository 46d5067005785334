import { css } from 'lit';

/** Cards, tables, figures: the look every view shares. */
export const sharedStyles = css`
  :host {
    display: block;
  }
  h1 {
    font-size: 1.4rem;
    margin: 0 0 4px;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 12px;
    color: #33414e;
  }
  .subtitle {
    color: #5b6b7a;
    margin: 0 0 16px;
  }
  .grid {
    display: grid;
    gap: 16px;
    grid-template-columns: repeat(auto-fit, minmax(min(200px, 100%), 1fr));
    margin-bottom: 16px;
  }
  .two {
    display: grid;
    gap: 16px;
    grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr));
    margin-bottom: 16px;
  }
  /* A grid item may shrink below its content: its tables scroll inside the card, not the page. */
  .grid > *,
  .two > * {
    min-width: 0;
  }
  /* A card whose table scrolls sideways is a tab stop (tabindex="0"): keyboard users can scroll it too. */
  .card {
    background: #fff;
    border-radius: 8px;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.08);
    padding: 16px;
    margin-bottom: 16px;
    overflow-x: auto;
  }
  .figure .label {
    color: #5b6b7a;
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.03em;
  }
  /* A long figure puts its unit on a second line rather than being cut by its card. */
  .figure .value {
    font-size: 1.25rem;
    font-weight: 600;
    margin-top: 6px;
    font-variant-numeric: tabular-nums;
  }
  table + table {
    margin-top: 12px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9rem;
  }
  th,
  td {
    text-align: left;
    padding: 6px 10px;
    border-bottom: 1px solid #e6eaee;
    white-space: nowrap;
  }
  td.wrap {
    white-space: normal;
    min-width: 220px;
  }
  th {
    color: #5b6b7a;
    font-weight: 600;
    font-size: 0.8rem;
  }
  table.compact th,
  table.compact td {
    padding: 4px 3px;
    font-size: 0.72rem;
  }
  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  td.label {
    font-size: 0.82rem;
  }
  /* The label as the invoice prints it; the line under it on a phone (.phone-only) in the page's font. */
  .invoice-label {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
  }
  /* Links underlined: told apart from the text around them without relying on colour (WCAG 1.4.1). */
  a {
    color: #0b63b6;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  a.button,
  a.badge {
    text-decoration: none;
  }
  .badge {
    display: inline-block;
    padding: 2px 8px;
    border-radius: 10px;
    font-size: 0.75rem;
    background: #e8eef5;
    color: #33414e;
  }
  .badge.warn {
    background: #fff1d6;
    color: #8a5a00;
  }
  .badge.ok {
    background: #e1f5e8;
    color: #1d6b3a;
  }
  .muted {
    color: #5b6b7a;
  }
  .error {
    background: #fdecea;
    color: #8c1d18;
    border-radius: 8px;
    padding: 12px 16px;
  }
  .actions {
    display: flex;
    gap: 12px;
    flex-wrap: wrap;
    margin-bottom: 16px;
  }
  a.button,
  button.link {
    background: none;
    border: 1px solid #0b63b6;
    color: #0b63b6;
    border-radius: 6px;
    padding: 6px 12px;
    cursor: pointer;
    font: inherit;
  }
  .statement {
    border-top: 1px solid #e6eaee;
    padding-top: 12px;
    margin-top: 12px;
  }
  .statement h3 {
    font-size: 0.95rem;
    margin: 0 0 8px;
  }
  .kv {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 24px;
    margin-bottom: 8px;
    font-size: 0.9rem;
  }
  .more {
    margin-top: 12px;
  }
  /* A card's sub-heading (the money cards' charts and tables). */
  h3.sub {
    font-size: 0.95rem;
    margin: 12px 0 6px;
    color: #33414e;
  }
  td.actions-cell button + button {
    margin-left: 6px;
  }
  p.small {
    font-size: 0.8rem;
    margin: 8px 0 0;
  }
  /* A phone: two figures a row, smaller. */
  @media (max-width: 600px) {
    .grid {
      gap: 10px;
    }
    .card {
      padding: 12px;
    }
    .grid {
      grid-template-columns: 1fr 1fr;
    }
    .figure .value {
      font-size: 1.05rem;
    }
  }
  /*
   * A phone: each row of a table.stacked a block of "label value" lines (the label from the cell's data-label),
   * instead of a table scrolling sideways with its last columns out of sight.
   */
  @media (max-width: 600px) {
    table.stacked,
    table.stacked tbody,
    table.stacked tr,
    table.stacked td {
      display: block;
    }
    table.stacked tr.head {
      display: none;
    }
    table.stacked tr {
      padding: 8px 0;
      border-bottom: 1px solid #e6eaee;
    }
    /* The label in the cell's left part, the value (text, links, buttons, as they flow) on the right. */
    table.stacked td,
    table.stacked td.wrap,
    table.stacked td.num {
      position: relative;
      border: 0;
      padding: 2px 0 2px 40%;
      white-space: normal;
      min-width: 0;
      min-height: 1.3em;
      text-align: right;
    }
    table.stacked td::before {
      content: attr(data-label);
      position: absolute;
      left: 0;
      top: 3px;
      width: 38%;
      color: #5b6b7a;
      font-size: 0.8rem;
      text-align: left;
    }
  }
  .kv span b {
    font-variant-numeric: tabular-nums;
  }
  /*
   * A long list's table on a phone: its secondary columns (.phone-hide) give way to one muted line under the first
   * cell (.phone-only) that says the same, so the figures (kWh, expiry) stay in sight without scrolling sideways,
   * one row a line.
   */
  .phone-only,
  .reais-unit {
    display: none;
  }
  /* A narrow phone (360 px): a money column's heading says "(R$)" once, its amounts drop their "R$ " (reaisCell). */
  @media (max-width: 380px) {
    .reais-sign {
      display: none;
    }
    .reais-unit {
      display: inline;
    }
  }
  @media (max-width: 600px) {
    .phone-hide {
      display: none;
    }
    /*
     * An invoice label, and a compact table's headings ("Encargo SCEE"), break at their spaces rather than push the
     * last column out of sight.
     */
    td.label,
    table.compact th {
      white-space: normal;
    }
    table.compact tr > :first-child {
      padding-left: 0;
    }
    table.compact tr > :last-child {
      padding-right: 0;
    }
    .phone-only {
      display: block;
      font-size: 0.78rem;
      color: #5b6b7a;
      white-space: normal;
    }
  }
`;
