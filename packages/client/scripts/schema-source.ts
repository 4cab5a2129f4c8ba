import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

/** The first lines of the generated file: where it comes from and how to make it again. */
const HEADER = `${COMMENT_HEADER}// From the CC-CMM API document (GET /api/docs/json): \`pnpm --filter @ccmm/client generate\`.\n\n`;

/**
 * The TypeScript types of an API document (`paths`, `components`, `operations`), as
 * openapi-typescript writes them. The same function makes the committed src/schema.d.ts and the
 * types the live test generates from a running server.
 */
export async function schemaSource(document: Record<string, unknown> | string): Promise<string> {
  const source = typeof document === 'string' ? document : JSON.stringify(document);
  // alphabetize: the output does not depend on the order routes were registered in.
  const ast = await openapiTS(source, { alphabetize: true, silent: true });
  return HEADER + astToString(ast);
}
