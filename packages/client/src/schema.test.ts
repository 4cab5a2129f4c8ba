import { readFile } from 'node:fs/promises';
import { buildApiDocument } from '@ccmm/api/document';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../scripts/generate.ts';
import { schemaSource } from '../scripts/schema-source.ts';

describe('the committed client types', () => {
  it('are what `pnpm --filter @ccmm/client generate` writes from the routes today', async () => {
    const fresh = await schemaSource(await buildApiDocument());
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    // A route changed without `pnpm --filter @ccmm/client generate`: run it and commit the file.
    expect(committed === fresh, 'src/schema.d.ts is stale: run pnpm --filter @ccmm/client generate').toBe(
      true,
    );
    expect(fresh).toContain('"/api/organizations/{id}/kpis/{month}"');
  });
});
