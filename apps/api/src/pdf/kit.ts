// What every PDF of the platform is drawn with: an A4 document with the fonts registered, the
// palette the certificate and the report share, the QR code drawn as vector squares, a few text
// helpers, and rendering a document into a Buffer. The fonts themselves are in fonts.ts; the
// flowing multi-page layout (headings, tables, bar charts) in layout.ts.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import {
  type ChineseScript,
  FONT_WEIGHTS,
  type FontWeight,
  fontBytes,
  fontName,
  fontScriptFor,
} from './fonts.ts';

/** The colours both documents share, so the certificate and the report look like one family. */
export const NAVY = '#1d3557';
export const GOLD = '#a8843f';
export const INK = '#222222';
export const MUTED = '#6b6b6b';

export interface CreatePdfOptions {
  /** The script of the document's own Chinese text (labels, titles). */
  script: ChineseScript;
  layout?: 'portrait' | 'landscape';
  margins?: { top: number; bottom: number; left: number; right: number };
  bufferPages?: boolean;
  info: { Title: string; Subject?: string; Author?: string; Keywords?: string };
  /** Fixed creation date, so that the same input gives the same bytes. */
  createdAt?: Date;
}

/** A document and its fonts: `ui` for the document's own text, `for` for text from users. */
export interface Pdf {
  readonly doc: PDFKit.PDFDocument;
  readonly script: ChineseScript;
  /** The font of the document's script. */
  ui(weight?: FontWeight): string;
  /** The font for a piece of text written by someone (a name, a note): see `fontScriptFor`. */
  for(text: string, weight?: FontWeight): string;
}

/** An A4 document with Noto Sans SC and TC registered, the document's script selected. */
export function createPdf(options: CreatePdfOptions): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margins: options.margins ?? { top: 0, bottom: 0, left: 0, right: 0 },
    bufferPages: options.bufferPages ?? false,
    autoFirstPage: true,
    pdfVersion: '1.7',
    lang: options.script === 'Hant' ? 'zh-Hant' : 'zh-Hans',
    displayTitle: true,
    info: {
      Creator: 'CC-CMM certification platform',
      Producer: 'pdfkit',
      ...options.info,
      ...(options.createdAt ? { CreationDate: options.createdAt, ModDate: options.createdAt } : {}),
    },
  } as PDFKit.PDFDocumentOptions);
  for (const script of ['Hans', 'Hant'] as const) {
    for (const weight of FONT_WEIGHTS) doc.registerFont(fontName(script, weight), fontBytes(script, weight));
  }
  const script = options.script;
  doc.font(fontName(script, 'regular'));
  return {
    doc,
    script,
    ui: (weight = 'regular') => fontName(script, weight),
    for: (text, weight = 'regular') => fontName(fontScriptFor(text, script), weight),
  };
}

/** Ends the document and resolves with its bytes. */
export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Draws a QR code of `text` as filled squares (vector, crisp at any zoom, a few hundred bytes),
 * `size` points wide including the 4-module quiet zone, on a white ground.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 4;
  const module = size / (count + quiet * 2);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  // One rectangle per horizontal run of dark modules keeps the content stream short.
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && qr.modules.get(row, col)) col++;
      // A hair of overlap closes the seams some rasterizers leave between adjacent squares.
      doc.rect(
        x + (quiet + start) * module,
        y + (quiet + row) * module,
        (col - start) * module + 0.05,
        module + 0.05,
      );
    }
  }
  doc.fill('#000000');
  doc.restore();
}

/** The largest font size, at most `max`, at which `text` fits in `width` on one line. */
export function fitFontSize(
  doc: PDFKit.PDFDocument,
  text: string,
  font: string,
  width: number,
  max: number,
  min: number,
): number {
  doc.font(font);
  let size = max;
  while (size > min) {
    doc.fontSize(size);
    if (doc.widthOfString(text) <= width) return size;
    size -= 1;
  }
  return min;
}

/** "2026-11-23T09:30:00.000Z" → "2026-11-23 09:30 UTC". */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** "cc-cmm-oc@2017" → "CC-CMM-OC 2017". */
export function standardLabel(ref: string): string {
  const at = ref.lastIndexOf('@');
  if (at < 0) return ref.toUpperCase();
  return `${ref.slice(0, at).toUpperCase()} ${ref.slice(at + 1)}`;
}
