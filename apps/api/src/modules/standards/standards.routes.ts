import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES } from '../../actor.ts';
import { errorResponses } from '../../http.ts';

const localized = z.object({ 'zh-Hans': z.string(), 'zh-Hant': z.string(), en: z.string() });
const warning = z.object({
  code: z.string(),
  path: z.string(),
  line: z.number().nullable(),
  message: z.string(),
});

const summary = z.object({
  ref: z.string(),
  standard: z.string(),
  version: z.string(),
  status: z.string(),
  title: localized,
  clauseCount: z.int(),
  contentHash: z.string(),
  warnings: z.array(warning),
});

export const standardRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const describe = (ref: string) => {
    const loaded = fastify.standards.get(ref);
    return {
      ref,
      standard: loaded.pack.standard,
      version: loaded.pack.version,
      status: loaded.pack.status,
      title: loaded.pack.title,
      clauseCount: loaded.pack.clauses.length,
      contentHash: loaded.contentHash,
      warnings: loaded.warnings.map((w) => ({
        code: w.code,
        path: w.path,
        line: w.line,
        message: w.message,
      })),
    };
  };

  fastify.get(
    '/',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The standard versions loaded, with the validator’s warnings',
        tags: ['standards'],
        response: { 200: z.array(summary), ...errorResponses(401) },
      },
    },
    async () => fastify.standards.all().map((s) => describe(s.ref)),
  );

  fastify.get(
    '/:ref',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'One standard version whole: domains, sections, clauses, scale, levels and reading rules',
        tags: ['standards'],
        params: z.object({ ref: z.string().max(100) }),
        response: {
          200: summary.extend({ pack: z.record(z.string(), z.unknown()) }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => ({
      ...describe(request.params.ref),
      pack: fastify.standards.get(request.params.ref).pack,
    }),
  );
};
