// Builds the web app (apps/web → apps/web/build) when the build is missing or older than any
// of its sources, the engine and API contract it bundles, or the lockfile. Cheap when nothing
// changed, so `npm start`, `npm test` and the web package's own test call it first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'apps/web');
const output = join(web, 'build/handler.js');
const sources = [
  join(web, 'src'),
  join(web, 'static'),
  join(web, 'package.json'),
  join(web, 'svelte.config.js'),
  join(web, 'vite.config.ts'),
  join(root, 'packages/engine/src'),
  // The API's contract (@ccmm/api/contract) and the schema files it reads.
  join(root, 'apps/api/src/contract.ts'),
  join(root, 'apps/api/src/http.ts'),
  join(root, 'apps/api/src/modules'),
  join(root, 'pnpm-lock.yaml'),
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = existsSync(output) ? statSync(output).mtimeMs : 0;
const changed = Math.max(...sources.map(newest));
if (built >= changed) process.exit(0);

console.error(built ? 'The web app changed: building it…' : 'Building the web app…');
const vite = join(web, 'node_modules/.bin/vite');
const run = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
process.exit(run.status ?? 1);
