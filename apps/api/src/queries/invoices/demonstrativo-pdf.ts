/**
 * The demonstrativo SCEE of a cycle as a PDF (A4, pt-BR): the same view model and the same text
 * (demonstrativo-content.ts) as the printable page (demonstrativo-html.ts): the invoice lines with the utilities'
 * labels (R17), energy parcel, bandeira, taxes, total, without SCEE and savings (R24–R28), the UC's credits by
 * vintage and what expires in the next months, the notes. Drawn with pdfkit's standard Helvetica (WinAnsi: every
 * pt-BR letter, "R$", "–" and "—").
 */
import { formatCyclePtBr, formatDatePtBr } from '@compensa/application';
import type { InvoiceView } from '@compensa/projections';
import PDFDocument from 'pdfkit';
import type { DemonstrativoInput } from './demonstrativo-html';
import {
  compositionOf,
  CREDIT_COLUMNS,
  creditCells,
  creditsTitle,
  EXPIRING_COLUMNS,
  expiringCells,
  expiringTitle,
  figuresOf,
  FOOTER,
  LINE_COLUMNS,
  lineCells,
  minimumSentence,
  observationsOf,
  NO_CREDITS,
  NO_NOTES,
  NOTHING_EXPIRES,
  SUBTITLE,
  TARIFF_MISSING,
  TARIFF_MISSING_TITLE,
  tariffSentences,
} from './demonstrativo-content';
import { formatReais } from './pt-br-invoice-format';

/** Options of the PDF: `compress: false` keeps its text streams readable (tests). */
export interface DemonstrativoPdfOptions {
  compress?: boolean;
}

const GREEN = '#0f5132';
const GREY = '#4b5563';
const LINE = '#d1d5db';
const MARGIN = 40;

/** A table column: its title, its share of the width, and whether it holds figures (right-aligned). */
interface Column {
  title: string;
  width: number;
  numeric?: boolean;
}

/** Draws on a pdfkit document, top to bottom, adding pages as the content needs them. */
class Writer {
  readonly doc: PDFKit.PDFDocument;
  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** A new page when `height` points do not fit on this one. */
  private room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string): void {
    this.room(60);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor(GREEN);
    this.doc.text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('black');
  }

  paragraph(text: string, color = 'black'): void {
    this.doc.font('Helvetica').fontSize(9).fillColor(color);
    this.room(this.doc.heightOfString(text, { width: this.width }) + 4);
    this.doc.text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).fillColor('black');
  }

  bullets(items: readonly string[]): void {
    for (const item of items) this.paragraph(`•  ${item}`);
  }

  /** Label: value pairs in two columns. */
  fields(pairs: readonly [string, string][]): void {
    const top = this.doc.y;
    const half = this.width / 2;
    pairs.forEach(([label, value], i) => {
      const x = MARGIN + (i % 2) * half;
      const y = top + Math.floor(i / 2) * 15;
      this.doc.font('Helvetica').fontSize(9).fillColor(GREY).text(`${label}:`, x, y, { lineBreak: false });
      this.doc
        .font('Helvetica-Bold')
        .fillColor('black')
        .text(value, x + 72, y, { width: half - 76, lineBreak: false });
    });
    this.doc.x = MARGIN;
    this.doc.y = top + Math.ceil(pairs.length / 2) * 15 + 4;
  }

  /** Figures in boxes, `perRow` a row. */
  figures(items: readonly [string, string, boolean?][], perRow = 4): void {
    const gap = 8;
    const w = (this.width - gap * (perRow - 1)) / perRow;
    const h = 34;
    for (let i = 0; i < items.length; i += perRow) {
      this.room(h + gap);
      const top = this.doc.y;
      items.slice(i, i + perRow).forEach(([label, value, main], j) => {
        const x = MARGIN + j * (w + gap);
        this.doc
          .lineWidth(main ? 1.2 : 0.6)
          .roundedRect(x, top, w, h, 4)
          .stroke(main ? GREEN : LINE);
        this.doc
          .font('Helvetica')
          .fontSize(7.5)
          .fillColor(GREY)
          .text(label, x + 6, top + 5, { width: w - 12 });
        this.doc
          .font('Helvetica-Bold')
          .fontSize(11)
          .fillColor(main ? GREEN : 'black')
          .text(value, x + 6, top + 17, { width: w - 12, lineBreak: false });
      });
      this.doc.x = MARGIN;
      this.doc.y = top + h + gap;
    }
    this.doc.fillColor('black');
  }

  /** A table; rows marked `bold` (a total) get a rule above them. Headers repeat on a new page. */
  table(columns: readonly Column[], rows: readonly { cells: string[]; bold?: boolean }[]): void {
    const total = columns.reduce((a, c) => a + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 2.5;
    const rowHeight = (cells: readonly string[], bold: boolean) => {
      this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      return (
        Math.max(...cells.map((text, i) => this.doc.heightOfString(text || ' ', { width: widths[i] - 2 * pad }))) +
        2 * pad
      );
    };
    const drawRow = (cells: readonly string[], bold: boolean, header: boolean) => {
      const h = rowHeight(cells, bold || header);
      if (this.doc.y + h > this.bottom) {
        this.doc.addPage();
        if (!header)
          drawRow(
            columns.map((c) => c.title),
            false,
            true,
          );
      }
      const top = this.doc.y;
      if (header) this.doc.rect(MARGIN, top, this.width, h).fill('#f3f4f6');
      if (bold)
        this.doc
          .lineWidth(1)
          .moveTo(MARGIN, top)
          .lineTo(MARGIN + this.width, top)
          .stroke('black');
      let x = MARGIN;
      cells.forEach((text, i) => {
        this.doc
          .font(bold || header ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(8.5)
          .fillColor(header ? '#374151' : 'black')
          .text(text, x + pad, top + pad, { width: widths[i] - 2 * pad, align: columns[i].numeric ? 'right' : 'left' });
        x += widths[i];
      });
      this.doc
        .lineWidth(0.5)
        .moveTo(MARGIN, top + h)
        .lineTo(MARGIN + this.width, top + h)
        .stroke('#e5e7eb');
      this.doc.x = MARGIN;
      this.doc.y = top + h;
    };
    this.room(40);
    drawRow(
      columns.map((c) => c.title),
      false,
      true,
    );
    for (const r of rows) drawRow(r.cells, r.bold ?? false, false);
    this.doc.moveDown(0.4);
  }
}

function header(w: Writer, input: DemonstrativoInput): void {
  const { invoice, uc } = input;
  const { doc } = w;
  doc.font('Helvetica-Bold').fontSize(16).fillColor(GREEN).text('Demonstrativo SCEE', MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(8.5).fillColor(GREY).text(SUBTITLE);
  doc.moveDown(0.6);
  w.fields([
    ['UC', invoice.ucId],
    ['Titular', uc.titular.name],
    ['Distribuidora', invoice.distribuidora.toUpperCase()],
    ['Ciclo', formatCyclePtBr(invoice.cycle)],
    ['Leitura', formatDatePtBr(invoice.readingDate)],
    ['Grupo', invoice.group],
  ]);
  const y = doc.y + 2;
  doc
    .lineWidth(1.5)
    .moveTo(MARGIN, y)
    .lineTo(doc.page.width - MARGIN, y)
    .stroke(GREEN);
  doc.y = y + 10;
}

/** Column widths of each table, in shares of the page's width. */
const LINE_WIDTHS = [34, 11, 9, 14, 15, 13];
const CREDIT_WIDTHS = [15, 15, 12, 18, 22, 18];
const EXPIRING_WIDTHS = [20, 20, 20, 15, 25];

const columns = (cs: readonly { title: string; numeric: boolean }[], widths: number[]): Column[] =>
  cs.map((c, i) => ({ title: c.title, numeric: c.numeric, width: widths[i] }));

function lines(w: Writer, invoice: InvoiceView): void {
  w.heading('Itens da fatura');
  w.table(columns(LINE_COLUMNS, LINE_WIDTHS), [
    ...invoice.lines.map((l) => ({ cells: lineCells(l) })),
    { cells: ['Total a pagar', '', '', '', '', formatReais(invoice.total)], bold: true },
  ]);
}

function composition(w: Writer, invoice: InvoiceView): void {
  w.heading('Composição');
  w.table(
    [
      { title: 'Resumo', width: 75 },
      { title: 'Valor', width: 25, numeric: true },
    ],
    compositionOf(invoice).map((r) => ({
      cells: [r.kind === 'sub' ? `    ${r.label}` : r.label, r.value],
      bold: r.kind === 'total',
    })),
  );
  const minimum = minimumSentence(invoice);
  if (minimum !== null) w.paragraph(minimum);
  w.bullets(tariffSentences(invoice));
}

function credits(w: Writer, input: DemonstrativoInput): void {
  const { uc } = input;
  w.heading(creditsTitle(uc, input.today));
  if (uc.balance.vintages.length === 0) return w.paragraph(NO_CREDITS, GREY);
  w.table(
    columns(CREDIT_COLUMNS, CREDIT_WIDTHS),
    uc.balance.vintages.map((l) => ({ cells: creditCells(l) })),
  );
}

function expiring(w: Writer, input: DemonstrativoInput): void {
  w.heading(expiringTitle(input.expiringUntil));
  if (input.expiring.length === 0) return w.paragraph(NOTHING_EXPIRES, GREY);
  w.table(
    columns(EXPIRING_COLUMNS, EXPIRING_WIDTHS),
    input.expiring.map((l) => ({ cells: expiringCells(l) })),
  );
}

/** The demonstrativo as PDF bytes. */
export function renderDemonstrativoPdf(
  input: DemonstrativoInput,
  options: DemonstrativoPdfOptions = {},
): Promise<Buffer> {
  const { invoice } = input;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? true,
    lang: 'pt-BR',
    info: {
      Title: `Demonstrativo SCEE · UC ${invoice.ucId} · ${formatCyclePtBr(invoice.cycle)}`,
      Author: 'Compensa',
      Subject: 'Demonstrativo do Sistema de Compensação de Energia Elétrica',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc);
  header(w, input);
  if (invoice.status === 'tariff-missing') w.paragraph(`${TARIFF_MISSING_TITLE} ${TARIFF_MISSING}`, '#9a3412');
  w.figures(figuresOf(invoice).map((f) => [f.label, f.value, f.kind !== '']));
  lines(w, invoice);
  composition(w, invoice);
  credits(w, input);
  expiring(w, input);
  w.heading('Observações');
  const observations = observationsOf(invoice);
  if (observations.length) w.bullets(observations);
  else w.paragraph(NO_NOTES, GREY);
  doc.moveDown(0.5);
  w.paragraph(FOOTER, GREY);
  doc.end();
  return done;
}
