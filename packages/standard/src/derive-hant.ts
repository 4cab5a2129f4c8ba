// Fills in the 繁體 (zh-Hant) text of a standard pack from its 简体 (zh-Hans) text, wherever a
// localized text has none yet, with OpenCC's character conversion (Taiwan forms). A zh-Hant
// already in the file is kept as written, so official wording (標桿級) can be set by hand.
// The pack is edited in place with its comments and layout; a published pack is left alone.
//
//   pnpm --filter @ccmm/standard derive-hant ../../standards/<standard>/<version>.yaml
import { readFileSync, writeFileSync } from 'node:fs';
import { Converter } from 'opencc-js/cn2t';
import { isMap, isScalar, parseDocument, visit } from 'yaml';

const file = process.argv[2];
if (!file) {
  console.error('usage: derive-hant FILE.yaml');
  process.exit(2);
}
const toHant = Converter({ from: 'cn', to: 'tw' });
const doc = parseDocument(readFileSync(file, 'utf8'));
if (doc.errors.length > 0) {
  console.error(doc.errors.map((e) => e.message).join('\n'));
  process.exit(1);
}
let added = 0;
visit(doc, {
  Map(_, map) {
    if (!map.has('zh-Hans') || map.has('zh-Hant')) return;
    const hans = map.get('zh-Hans', true);
    if (!isScalar(hans) || typeof hans.value !== 'string') return;
    const at = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'zh-Hans');
    const pair = doc.createPair('zh-Hant', toHant(hans.value));
    map.items.splice(at + 1, 0, pair);
    added++;
  },
});
if (
  isMap(doc.contents) &&
  doc.get('status') === 'published' &&
  added > 0 &&
  !process.argv.includes('--force')
) {
  console.error(
    `${file} is published: ${added} texts lack zh-Hant. Re-run with --force only before publication.`,
  );
  process.exit(1);
}
writeFileSync(file, doc.toString({ lineWidth: 0 }));
console.log(`${file}: ${added} zh-Hant texts derived`);
