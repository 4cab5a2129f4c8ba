import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packJsonSchema } from './json-schema.ts';
import { SHIPPED_STANDARDS_DIR } from './loader.ts';

describe('the JSON Schema editors use for pack files', () => {
  it('is the one generated from the zod schema (run write-json-schema after changing it)', () => {
    const committed = readFileSync(join(SHIPPED_STANDARDS_DIR, 'standard-pack.schema.json'), 'utf8');
    expect(committed).toBe(packJsonSchema());
  });

  it('describes localized texts once and requires all three languages', () => {
    const schema = JSON.parse(packJsonSchema());
    expect(schema.$defs.LocalizedText.required).toEqual(['zh-Hans', 'zh-Hant', 'en']);
    expect(schema.required).toContain('clauses');
  });
});
