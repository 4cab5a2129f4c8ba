import { z } from 'zod';
import { standardPackSchema } from './schema.ts';

/**
 * The JSON Schema of a pack file, generated from the zod schema (the one source of truth), so
 * editors can check a pack as it is typed. Written to standards/standard-pack.schema.json by
 * `pnpm --filter @ccmm/standard write-json-schema`; a test keeps the file up to date.
 */
export function packJsonSchema(): string {
  const schema = z.toJSONSchema(standardPackSchema, { target: 'draft-2020-12', io: 'input' });
  return `${JSON.stringify({ ...schema, title: 'CC-CMM standard pack (ccmm-standard/1)' }, null, 2)}\n`;
}
