import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { errorResponses } from '../../http.ts';
import { stage1Review, stage1ReviewBody } from './stage1.schemas.ts';
import { recordStage1Review, stage1Reviews } from './stage1.usecases.ts';

const idParams = z.object({ id: z.uuid() });

/** Stage 1 of an initial certification: the document review that readies a center for stage 2. */
export const stage1Routes: FastifyPluginAsyncZod = async (fastify) => {
  const deps = (actor: ReturnType<typeof requireActor>) => ({
    db: fastify.db,
    repositories: fastify.repositories,
    actor,
  });

  fastify.get(
    '/organizations/:id/stage1-reviews',
    {
      // The body records them; the center and its assigned auditors read them; consultants
      // through a grant (the organizations scope decides, 404 otherwise).
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The organization’s stage 1 reviews (document reviews before stage 2), newest first',
        tags: ['certification'],
        params: idParams,
        response: { 200: z.array(stage1Review), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => stage1Reviews(deps(requireActor(request)), request.params.id),
  );

  fastify.post(
    '/organizations/:id/stage1-reviews',
    {
      config: { access: ['cb_admin', 'cb_reviewer'] },
      schema: {
        summary:
          'Record a stage 1 review: the day, ready or not ready, the findings (appended, never edited)',
        description:
          'An initial certification audit (stage 2) needs the latest stage 1 review on or before its date to be ready and at most 6 months old (422 assessment.stage1_required, assessment.stage1_not_ready, assessment.stage1_expired on POST /api/assessments).',
        tags: ['certification'],
        params: idParams,
        body: stage1ReviewBody,
        response: { 201: stage1Review, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const review = await recordStage1Review(
        { ...deps(requireActor(request)), standards: fastify.standards },
        request.params.id,
        request.body,
      );
      return reply.status(201).send(review);
    },
  );
};
