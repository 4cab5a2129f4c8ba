// A flowing A4 portrait document (the assessment report): a writer that keeps the cursor,
// breaks pages, and draws headings, paragraphs, bullets, tables whose header repeats on every
// page, bar charts and compact columns of short lines. Page furniture (running header, page
// numbers) is left to the document, drawn once every page exists.
import type { FontWeight } from './fonts.ts';
import { GOLD, INK, MUTED, NAVY, type Pdf } from './kit.ts';

// A4 portrait in points, and the area the writer fills.
export const PAGE_W = 595.28;
export const PAGE_H = 841.89;
export const MARGIN_X = 50;
export const TOP = 64;
export const BOTTOM = PAGE_H - 62;
export const WIDTH = PAGE_W - MARGIN_X * 2;

/** The writer's own colours: table rules and bands, chart bars. */
export const RULE = '#d5d9e0';
export const ZEBRA = '#f4f6f9';
export const BAR = '#3c6e9f';
export const BAR_BG = '#e6ebf1';

export interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
  /** Set in the font chosen for this text (user-written text), not the document's. */
  free?: boolean;
  /** Shown instead of an empty text when the row is the first on a new page. */
  carry?: string;
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface Bar {
  label: string;
  points: number;
  max: number;
  indent?: number;
  color?: string;
}

/** Writes a flowing document, keeping track of the cursor and breaking pages. */
export class PageWriter {
  y = TOP;
  readonly doc: PDFKit.PDFDocument;

  constructor(readonly pdf: Pdf) {
    this.doc = pdf.doc;
  }

  font(weight: FontWeight = 'regular'): this {
    this.doc.font(this.pdf.ui(weight));
    return this;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = TOP;
  }

  /** Starts a new page unless `height` points fit below the cursor. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  heading(text: string): void {
    this.ensure(60);
    this.y += 6;
    this.font('bold').doc.fontSize(13).fillColor(NAVY).text(text, MARGIN_X, this.y, { width: WIDTH });
    this.y = this.doc.y + 3;
    this.doc
      .moveTo(MARGIN_X, this.y)
      .lineTo(MARGIN_X + 36, this.y)
      .lineWidth(2)
      .strokeColor(GOLD)
      .stroke();
    this.y += 9;
  }

  paragraph(
    text: string,
    options: { size?: number; color?: string; indent?: number; free?: boolean } = {},
  ): void {
    const size = options.size ?? 9.5;
    const indent = options.indent ?? 0;
    const font = options.free ? this.pdf.for(text) : this.pdf.ui('regular');
    this.doc.font(font).fontSize(size);
    const height = this.doc.heightOfString(text, { width: WIDTH - indent, lineGap: 1.5 });
    this.ensure(height);
    this.doc
      .fillColor(options.color ?? INK)
      .text(text, MARGIN_X + indent, this.y, { width: WIDTH - indent, lineGap: 1.5 });
    this.y += height + 3;
  }

  bullet(text: string, color = INK): void {
    this.doc.font(this.pdf.ui('regular')).fontSize(9.5);
    const height = this.doc.heightOfString(text, { width: WIDTH - 14, lineGap: 1.5 });
    this.ensure(height);
    this.doc.circle(MARGIN_X + 4, this.y + 6, 1.8).fill(color);
    this.doc.fillColor(INK).text(text, MARGIN_X + 14, this.y, { width: WIDTH - 14, lineGap: 1.5 });
    this.y += height + 4;
  }

  /** A table whose header is drawn again at the top of every page it continues on. */
  table(
    columns: readonly Column[],
    rows: readonly (readonly Cell[])[],
    size = 8.5,
    shaded: (index: number) => boolean = (index) => index % 2 === 1,
  ): void {
    const pad = 4;
    const header = () => {
      this.doc.font(this.pdf.ui('medium')).fontSize(size);
      const h =
        Math.max(...columns.map((c) => this.doc.heightOfString(c.header, { width: c.width - pad * 2 }))) +
        pad * 2;
      this.doc.rect(MARGIN_X, this.y, WIDTH, h).fill(NAVY);
      let x = MARGIN_X;
      for (const c of columns) {
        this.doc
          .fillColor('#ffffff')
          .text(c.header, x + pad, this.y + pad, { width: c.width - pad * 2, align: c.align ?? 'left' });
        x += c.width;
      }
      this.y += h;
    };
    this.ensure(60);
    header();
    rows.forEach((row, index) => {
      const fonts = row.map((cell) =>
        cell.free ? this.pdf.for(cell.text) : this.pdf.ui(cell.bold ? 'medium' : 'regular'),
      );
      let height = 0;
      row.forEach((cell, i) => {
        this.doc.font(fonts[i] ?? this.pdf.ui()).fontSize(size);
        const w = (columns[i]?.width ?? 0) - pad * 2;
        height = Math.max(height, this.doc.heightOfString(cell.text || ' ', { width: w, lineGap: 1 }));
      });
      height += pad * 2;
      let cells = row;
      if (this.y + height > BOTTOM) {
        this.newPage();
        header();
        cells = row.map((cell) => (cell.text === '' && cell.carry ? { ...cell, text: cell.carry } : cell));
      }
      if (shaded(index)) this.doc.rect(MARGIN_X, this.y, WIDTH, height).fill(ZEBRA);
      let x = MARGIN_X;
      cells.forEach((cell, i) => {
        const c = columns[i];
        if (!c) return;
        this.doc
          .font(fonts[i] ?? this.pdf.ui())
          .fontSize(size)
          .fillColor(cell.color ?? INK)
          .text(cell.text, x + pad, this.y + pad, {
            width: c.width - pad * 2,
            align: c.align ?? 'left',
            lineGap: 1,
          });
        x += c.width;
      });
      this.y += height;
      this.doc
        .moveTo(MARGIN_X, this.y)
        .lineTo(MARGIN_X + WIDTH, this.y)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
    });
    this.y += 10;
  }

  /** Horizontal bars: label, bar of points / maximum, figures. */
  bars(items: readonly Bar[]): void {
    const labelW = 200;
    const figuresW = 86;
    const barW = WIDTH - labelW - figuresW - 12;
    const rowH = 15;
    for (const item of items) {
      this.doc.font(this.pdf.ui('regular')).fontSize(8);
      const indent = item.indent ?? 0;
      const labelHeight = this.doc.heightOfString(item.label, { width: labelW - indent - 6, lineGap: 0 });
      const h = Math.max(rowH, labelHeight + 4);
      this.ensure(h);
      this.doc
        .fillColor(INK)
        .text(item.label, MARGIN_X + indent, this.y + 2, { width: labelW - indent - 6, lineGap: 0 });
      const bx = MARGIN_X + labelW;
      const by = this.y + (h - 9) / 2;
      const share = item.max > 0 ? Math.min(1, item.points / item.max) : 0;
      this.doc.rect(bx, by, barW, 9).fill(BAR_BG);
      if (share > 0) this.doc.rect(bx, by, barW * share, 9).fill(item.color ?? BAR);
      const percent = item.max > 0 ? Math.round((item.points / item.max) * 100) : 0;
      this.doc
        .fillColor(MUTED)
        .fontSize(8)
        .text(`${item.points} / ${item.max}  ${percent}%`, bx + barW + 8, this.y + (h - 10) / 2, {
          width: figuresW,
          lineBreak: false,
        });
      this.y += h;
    }
    this.y += 8;
  }

  /**
   * Short lines in three columns, filled top to bottom then left to right, so that a long list
   * stays compact; a line too long for its column ends in an ellipsis.
   */
  lineColumns(lines: readonly string[]): void {
    const columns = 3;
    const colW = WIDTH / columns;
    const lineH = 13;
    const d = this.doc;
    d.font(this.pdf.ui('regular')).fontSize(8.5).fillColor(INK);
    let index = 0;
    while (index < lines.length) {
      this.ensure(lineH * 2);
      const rowsHere = Math.min(
        Math.ceil((lines.length - index) / columns),
        Math.floor((BOTTOM - this.y) / lineH),
      );
      for (let col = 0; col < columns; col++) {
        for (let row = 0; row < rowsHere; row++) {
          const line = lines[index + col * rowsHere + row];
          if (line === undefined) continue;
          d.fillColor(INK).text(line, MARGIN_X + col * colW + 6, this.y + row * lineH, {
            width: colW - 10,
            lineBreak: false,
            ellipsis: true,
          });
        }
      }
      index += rowsHere * columns;
      this.y += rowsHere * lineH + 6;
    }
  }
}
