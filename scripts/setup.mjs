// Brings a fresh clone to a runnable state with nothing but Node and npm installed:
// installs the workspace with the pinned pnpm (fetched through npx the first time).
// Cheap when nothing changed, so both `npm start` and `npm test` call it first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pnpmVersion = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).packageManager.split('@')[1];
const installState = `${root}node_modules/.modules.yaml`;
const lockfile = `${root}pnpm-lock.yaml`;

const upToDate = existsSync(installState) && statSync(installState).mtimeMs >= statSync(lockfile).mtimeMs;
if (!upToDate) {
  console.error(`Installing dependencies with pnpm ${pnpmVersion}…`);
  const args = ['-y', `pnpm@${pnpmVersion}`, 'install', '--frozen-lockfile', '--reporter=append-only'];
  execFileSync('npx', args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}
