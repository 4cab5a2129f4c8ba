// The CJK fonts, found, read and named in one place, and the choice of script for a piece of
// text.
//
// Noto Sans SC and Noto Sans TC (TrueType, from @expo-google-fonts, OFL) ship with the
// dependencies, so a fresh install renders the same pages. Each file is ~11 MB; it is read once
// per process and kept, and pdfkit embeds only the glyphs a document uses (a subset).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locale } from '@ccmm/engine';
import { Converter } from 'opencc-js/t2cn';
import PDFDocument from 'pdfkit';

/** Simplified (mainland glyph forms, Noto Sans SC) or Traditional (Noto Sans TC). */
export type ChineseScript = 'Hans' | 'Hant';
export type FontWeight = 'regular' | 'medium' | 'bold';

export const FONT_WEIGHTS: readonly FontWeight[] = ['regular', 'medium', 'bold'];

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

/**
 * The script to set a piece of text written by someone (a name, a note) in: Traditional text in
 * TC, Simplified in SC, text that is neither in the document's script. Noto Sans TC (as shipped
 * by Google Fonts) has no glyphs for simplified-only characters (认, 证, 这…), so text with any
 * character TC lacks is set in SC, which covers both sets.
 */
export function fontScriptFor(text: string, documentScript: ChineseScript): ChineseScript {
  if (!tcCovers(text)) return 'Hans';
  if (chineseScriptOf(text) === 'Hant') return 'Hant';
  return documentScript;
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
    throw new Error('pdfkit no longer exposes the embedded font: update tcGlyphs in src/pdf/fonts.ts');
  }
  return glyphs;
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
