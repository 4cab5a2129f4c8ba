// The browser tests drive Debian's Chromium (playwright cannot download a browser here). On a
// fresh machine it is installed from Debian's packages, with CJK fonts so that Chinese renders
// in screenshots. Cheap when it is there already.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const fonts = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
if (existsSync(chromium) && existsSync(fonts)) process.exit(0);

if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
  console.error(
    `The browser tests need Chromium at ${chromium} and CJK fonts: install them (Debian: apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
console.error('Installing Chromium and CJK fonts from Debian for the browser tests…');
const apt = (args) =>
  execFileSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
apt(['update', '-qq']);
apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk']);
