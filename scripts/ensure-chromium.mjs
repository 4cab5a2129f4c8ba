// The browser tests drive Debian's Chromium (playwright cannot download a browser here). On a
// fresh machine it is installed from Debian's packages, with CJK fonts so that Chinese renders
// in screenshots, and the tools the PDF tests read PDFs with (poppler-utils: pdftotext, pdffonts,
// pdftoppm; zbar-tools: zbarimg), and strace, with which a database test counts the fsync calls
// behind each commit. Cheap when it is there already.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const fonts = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const pdfTools = [
  '/usr/bin/pdftotext',
  '/usr/bin/pdffonts',
  '/usr/bin/pdfinfo',
  '/usr/bin/pdftoppm',
  '/usr/bin/zbarimg',
  '/usr/bin/strace',
];
if (existsSync(chromium) && existsSync(fonts) && pdfTools.every((tool) => existsSync(tool))) process.exit(0);

if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
  console.error(
    `The browser tests need Chromium at ${chromium} and CJK fonts, the PDF tests poppler-utils and zbar-tools: install them (Debian: apt-get install chromium fonts-noto-cjk poppler-utils zbar-tools strace) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
console.error(
  'Installing Chromium, CJK fonts, poppler-utils, zbar-tools and strace from Debian for the browser, PDF and durability tests…',
);
const apt = (args) =>
  execFileSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
apt(['update', '-qq']);
apt([
  'install',
  '-y',
  '-qq',
  '--no-install-recommends',
  'chromium',
  'fonts-noto-cjk',
  'poppler-utils',
  'zbar-tools',
  'strace',
]);
