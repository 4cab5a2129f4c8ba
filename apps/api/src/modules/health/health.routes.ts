import { migrationStatus } from '@ccmm/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors.ts';
import { errorResponses } from '../../http.ts';

// For a load balancer and an orchestrator: is the process alive, and may it take traffic.

export const healthRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Liveness: the process answers (it asks nothing of the database)',
        tags: ['operations'],
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }).meta({ examples: [{ status: 'ok' }] }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  fastify.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Readiness: the database answers and has every migration applied',
        description:
          '503 database.unavailable while the database does not answer; 503 database.migrations_pending while it lacks migrations this version has; 503 server.shutting_down once the process has been told to stop (it finishes the requests in flight).',
        tags: ['operations'],
        security: [],
        response: {
          200: z
            .object({
              status: z.literal('ready'),
              migrations: z.object({ applied: z.int(), expected: z.int() }),
            })
            .meta({ examples: [{ status: 'ready', migrations: { applied: 42, expected: 42 } }] }),
          ...errorResponses(503),
        },
      },
    },
    async () => {
      if (fastify.draining) throw errors.unavailable('server.shutting_down');
      const migrations = await migrationStatus(fastify.db);
      if (migrations.applied < migrations.expected)
        throw errors.unavailable('database.migrations_pending', {
          ...migrations,
          missing: migrations.expected - migrations.applied,
        });
      return { status: 'ready' as const, migrations };
    },
  );
};
