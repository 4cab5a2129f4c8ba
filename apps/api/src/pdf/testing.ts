// Test helpers of the PDF tests (and the PDF benchmark): the shipped standard to render with, and
// a look at a PDF as a person would, with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and
// zbar (zbarimg). Missing tools fail the test with what to install; nothing is skipped.
// `npm test` installs both (scripts/ensure-chromium.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Standard } from '@ccmm/engine';
import { loadPackFile, packFile, SHIPPED_STANDARDS_DIR } from '@ccmm/standard';

/** apps/api/test-results: page images kept for people to look at (git-ignored). */
export const TEST_RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** The shipped CC-CMM-OC 2017 pack, the standard the sample certificates and reports use. */
export async function loadOc2017(): Promise<Standard> {
  const loaded = await loadPackFile(
    packFile(SHIPPED_STANDARDS_DIR, { standard: 'cc-cmm-oc', version: '2017' }),
  );
  if (!loaded.pack) throw new Error(`the shipped pack does not load: ${JSON.stringify(loaded.problems)}`);
  return loaded.pack as Standard;
}

const PACKAGES: Record<string, string> = {
  pdftotext: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  zbarimg: 'zbar-tools',
};

function run(tool: string, args: readonly string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `${tool} is not installed: the PDF tests need it (Debian: apt-get install ${PACKAGES[tool] ?? tool}; npm test installs it)`,
      );
    }
    throw error;
  }
}

export interface CheckedPdf {
  file: string;
  /** pdftotext's text, in drawing order. */
  text: string;
  /** The text with every space and line break removed: wrapped sentences read whole again. */
  flat: string;
  fonts: string;
  pages: number;
  /** Renders one page to PNG at 100 dpi, copies it to test-results/<name>, returns its path. */
  page(n: number, name: string): string;
}

export function checkPdf(bytes: Buffer, name: string): CheckedPdf {
  const dir = mkdtempSync(join(tmpdir(), 'ccmm-pdf-'));
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  // -raw: in the order the text was drawn, so that a table cell wrapped over several lines
  // reads whole instead of interleaved with the cells beside it.
  const text = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']);
  const info = run('pdfinfo', [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  return {
    file,
    text,
    flat: flat(text),
    fonts: run('pdffonts', [file]),
    pages,
    page(n, png) {
      const prefix = join(dir, `page-${n}`);
      run('pdftoppm', ['-png', '-r', '100', '-f', String(n), '-l', String(n), '-singlefile', file, prefix]);
      mkdirSync(TEST_RESULTS_DIR, { recursive: true });
      const kept = join(TEST_RESULTS_DIR, png);
      copyFileSync(`${prefix}.png`, kept);
      return kept;
    },
  };
}

export function flat(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The QR codes zbarimg finds in an image, one decoded text each. */
export function decodeQrCodes(png: string): string[] {
  return run('zbarimg', ['--quiet', '--raw', png])
    .split('\n')
    .filter((line) => line.length > 0);
}

/** Rows of `pdffonts`: name, whether embedded and subset. */
export function fontRows(fonts: string): { name: string; embedded: boolean; subset: boolean }[] {
  return fonts
    .split('\n')
    .slice(2)
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type… encoding emb sub uni object ID: the flags are the 5th to 3rd from the end.
      const n = cols.length;
      return { name: cols[0] ?? '', embedded: cols[n - 5] === 'yes', subset: cols[n - 4] === 'yes' };
    });
}
