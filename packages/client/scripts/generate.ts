// `pnpm --filter @ccmm/client generate`: writes src/schema.d.ts from the API document, built from
// the app itself on a throwaway embedded database (no network, no running server). The file is
// committed; src/schema.test.ts fails when it no longer matches the routes.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApiDocument } from '@ccmm/api/document';
import { schemaSource } from './schema-source.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../src/schema.d.ts', import.meta.url));

// Run as a script (not imported by the staleness test).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const source = await schemaSource(await buildApiDocument());
  await writeFile(SCHEMA_FILE, source);
  process.stdout.write(`wrote ${SCHEMA_FILE} (${source.length} characters)\n`);
}
