// What the certificate and the assessment report share: the CJK fonts (one place that finds,
// reads and registers them), the choice of script, the QR code drawn as vector squares, and
// rendering a pdfkit document into a Buffer.
//
// Fonts: Noto Sans SC and Noto Sans TC (TrueType, from @expo-google-fonts, OFL) ship with the
// dependencies, so a fresh install renders the same pages. Each file is ~11 MB; it is read once
// per process and kept, and pdfkit embeds only the glyphs a document uses (a subset).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locale } from '@ccmm/engine';
import { Converter } from 'opencc-js/t2cn';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** Simplified (mainland glyph forms, Noto Sans SC) or Traditional (Noto Sans TC). */
export type ChineseScript = 'Hans' | 'Hant';
export type FontWeight = 'regular' | 'medium' | 'bold';

const require = createRequire(import.meta.url);

const FONT_FILES: Record<ChineseScript, Record<FontWeight, string>> = {
  Hans: {
    regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    medium: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
    bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  },
  Hant: {
    regular: '@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf',
    medium: '@expo-google-fonts/noto-sans-tc/500Medium/NotoSansTC_500Medium.ttf',
    bold: '@expo-google-fonts/noto-sans-tc/700Bold/NotoSansTC_700Bold.ttf',
  },
};

const fontCache = new Map<string, Buffer>();

/** The bytes of one font file, read on first use and kept for the life of the process. */
export function fontBytes(script: ChineseScript, weight: FontWeight): Buffer {
  const id = FONT_FILES[script][weight];
  let bytes = fontCache.get(id);
  if (!bytes) {
    bytes = readFileSync(require.resolve(id));
    fontCache.set(id, bytes);
  }
  return bytes;
}

/** The name a font is registered under on every document made by `createPdf`. */
export function fontName(script: ChineseScript, weight: FontWeight): string {
  return `${script === 'Hant' ? 'tc' : 'sc'}-${weight}`;
}

const WEIGHTS: readonly FontWeight[] = ['regular', 'medium', 'bold'];

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
  /**
   * The font for a piece of text written by someone (a name, a note): Traditional text in TC,
   * Simplified in SC, text that is neither in the document's script. Noto Sans TC (as shipped
   * by Google Fonts) has no glyphs for simplified-only characters (认, 证, 这…), so text with
   * any character TC lacks is set in SC, which covers both sets.
   */
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
    for (const weight of WEIGHTS) doc.registerFont(fontName(script, weight), fontBytes(script, weight));
  }
  const script = options.script;
  doc.font(fontName(script, 'regular'));
  return {
    doc,
    script,
    ui: (weight = 'regular') => fontName(script, weight),
    for: (text, weight = 'regular') => fontName(scriptFor(text, script), weight),
  };
}

interface GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const tcCoverage = new Map<number, boolean>();
let tcFont: GlyphSource | null = null;

/** Whether Noto Sans TC has a glyph for every character of `text` (cached per character). */
function tcCovers(text: string): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    let has = tcCoverage.get(cp);
    if (has === undefined) {
      tcFont ??= tcGlyphs();
      has = tcFont.hasGlyphForCodePoint(cp);
      tcCoverage.set(cp, has);
    }
    if (!has) return false;
  }
  return true;
}

/**
 * The TC font's glyph table, read through a scratch document that is never written: pdfkit
 * keeps the parsed font (fontkit) on the document, and a real document would embed it.
 */
function tcGlyphs(): GlyphSource {
  const scratch = new PDFDocument({ autoFirstPage: false });
  scratch.font(fontBytes('Hant', 'regular'));
  const glyphs = (scratch as unknown as { _font?: { font?: GlyphSource } })._font?.font;
  if (!glyphs || typeof glyphs.hasGlyphForCodePoint !== 'function') {
    throw new Error('pdfkit no longer exposes the embedded font: update tcGlyphs in pdf-kit.ts');
  }
  return glyphs;
}

function scriptFor(text: string, documentScript: ChineseScript): ChineseScript {
  if (!tcCovers(text)) return 'Hans';
  if (chineseScriptOf(text) === 'Hant') return 'Hant';
  return documentScript;
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

let toSimplified: ((text: string) => string) | null = null;

/**
 * The script a name is written in: 'Hant' when it has a character that exists only in
 * Traditional Chinese (臺, 灣, 戶, 務, 電…: OpenCC's Traditional→Simplified table changes it),
 * else 'Hans' (Simplified, characters common to both, or Latin).
 */
export function chineseScriptOf(text: string): ChineseScript {
  toSimplified ??= Converter({ from: 't', to: 'cn' });
  return toSimplified(text) === text ? 'Hans' : 'Hant';
}

export function scriptOfLocale(locale: Locale): ChineseScript {
  return locale === 'zh-Hant' ? 'Hant' : 'Hans';
}

export function chineseLocale(script: ChineseScript): 'zh-Hans' | 'zh-Hant' {
  return script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
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

/** The colours both documents share, so the certificate and the report look like one family. */
export const NAVY = '#1d3557';
export const GOLD = '#a8843f';
export const INK = '#222222';
export const MUTED = '#6b6b6b';
