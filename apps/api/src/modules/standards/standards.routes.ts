import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES } from '../../actor.ts';
import { errorResponses } from '../../http.ts';
import { standardDetail, standardSummary } from './standards.schemas.ts';

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
        response: { 200: z.array(standardSummary), ...errorResponses(401) },
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
          200: standardDetail,
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
