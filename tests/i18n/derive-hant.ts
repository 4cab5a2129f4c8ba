// Writes every zh-Hant string from its zh-Hans with the generator of catalogues.ts: the web's
// zh-Hant.ts whole, and the zh-Hant of each per-message catalogue in place. Then biome formats
// what changed. `pnpm derive-hant` from the repository root.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateWebHant,
  messagesOf,
  PER_MESSAGE_FILES,
  quote,
  ROOT,
  read,
  splice,
  toHant,
  WEB_DICTIONARIES,
} from './catalogues.ts';

const written: string[] = [];
let derived = 0;

for (const file of PER_MESSAGE_FILES) {
  const text = read(file);
  const pairs = messagesOf(file, text);
  derived += pairs.length;
  const edits = pairs
    .filter((p) => p.hant !== toHant(p.hans))
    .map((p) => ({ at: p.at, text: quote(toHant(p.hans), p.quote) }));
  if (edits.length === 0) continue;
  writeFileSync(join(ROOT, file), splice(text, edits));
  written.push(file);
  console.log(`${file}: ${edits.length} of ${pairs.length} zh-Hant strings rewritten`);
}

const hantFile = WEB_DICTIONARIES['zh-Hant'];
const web = generateWebHant(read(WEB_DICTIONARIES['zh-Hans']));
writeFileSync(join(ROOT, hantFile), web);
written.push(hantFile);

execFileSync('npx', ['biome', 'format', '--write', ...written], { cwd: ROOT, stdio: 'inherit' });
console.log(`${derived} per-message zh-Hant strings checked; ${hantFile} regenerated`);
