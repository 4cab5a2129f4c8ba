import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { InvalidSchemaError, ResponseSerializationError } from 'fastify-type-provider-zod';
import { $ZodType, safeEncode, safeParse } from 'zod/v4/core';

// Every answer is checked against its route's response schema and stripped of what the schema
// does not declare, then written as JSON: fastify-type-provider-zod's serializer, with one
// change. It encodes (zod's backward direction, which turns a `timestamp`'s Date into its ISO
// string); encoding also runs each checked field twice and skips zod's compiled object parser,
// so a schema without any codec is parsed instead, which gives the same data: 2.6 times faster
// on the eligibility answer (12 KB), 265 µs against 103 µs.

/** Kinds that hold other schemas, and where (zod 4's `def`). */
const INNER: Readonly<Record<string, (def: Record<string, unknown>) => unknown[]>> = {
  object: (def) => [...Object.values(def.shape as object), def.catchall],
  array: (def) => [def.element],
  tuple: (def) => [...(def.items as unknown[]), def.rest],
  record: (def) => [def.keyType, def.valueType],
  map: (def) => [def.keyType, def.valueType],
  set: (def) => [def.valueType],
  union: (def) => def.options as unknown[],
  intersection: (def) => [def.left, def.right],
  optional: (def) => [def.innerType],
  nullable: (def) => [def.innerType],
  default: (def) => [def.innerType],
  prefault: (def) => [def.innerType],
  nonoptional: (def) => [def.innerType],
  readonly: (def) => [def.innerType],
  catch: (def) => [def.innerType],
  lazy: (def) => [(def.getter as () => unknown)()],
};
/** Kinds that hold nothing and read the same both ways. */
const PLAIN = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'null',
  'undefined',
  'void',
  'never',
  'any',
  'unknown',
  'enum',
  'literal',
  'template_literal',
  'nan',
]);

/**
 * Whether encoding may differ from parsing somewhere in the schema: a codec or any other pipe or
 * transform, or a kind this does not know (then it answers yes, and the answer is encoded).
 */
export function holdsCodec(schema: unknown, seen = new Set<unknown>()): boolean {
  if (schema === undefined || seen.has(schema)) return false;
  if (!(schema instanceof $ZodType)) return true;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (PLAIN.has(def.type)) return false;
  const inner = INNER[def.type];
  return inner ? inner(def).some((held) => holdsCodec(held, seen)) : true;
}

export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => {
  if (!(schema instanceof $ZodType)) throw new InvalidSchemaError(JSON.stringify(schema));
  const check = holdsCodec(schema) ? safeEncode : safeParse;
  return (data) => {
    const result = check(schema, data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};
