import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { errorResponses } from '../../http.ts';
import { attention, programme } from './programme.schemas.ts';
import { ATTENTION_HORIZON_DAYS, attentionList, programmeOf } from './programme.usecases.ts';

/** A certified organization's audit programme: the cycle each certificate opens. */
export const programmeRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/organizations/:id/programme',
    {
      // The certification body plans it; the center and its assigned auditors follow it;
      // consultants see it through a grant (the organizations scope decides, 404 otherwise).
      config: { access: ALL_ROLES },
      schema: {
        summary:
          'The organization’s audit programme: per certificate, the planned audits with windows and status',
        description:
          'One cycle per certificate, oldest first: stage 1 (done, on the day of the review that readied the stage 2, when it was an initial certification), the stage 2 audit it was issued on, a surveillance audit due on each anniversary but the last (window: 3 months before), and the recertification (window: 6 months before expiry). Surveillance audits of the organization on the certificate’s standard fill the surveillance slots in date order; the first certification audit after the issue is the recertification. Status: planned, scheduled (created, not started), in_progress, done (decided or refused), overdue (the due date passed without an audit). Then, per standard the organization holds no certificate in force on, once its latest stage 1 review found it ready and no certificate came of it yet: a cycle with certificateNumber null, stage 1 done and stage 2 due within 6 months of it.',
        tags: ['certification'],
        params: z.object({ id: z.uuid() }),
        response: { 200: programme, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      programmeOf(
        { db: fastify.db, repositories: fastify.repositories, actor: requireActor(request) },
        request.params.id,
      ),
  );

  fastify.get(
    '/programme/attention',
    {
      config: { access: ['cb_admin', 'cb_reviewer'] },
      schema: {
        summary: 'What the certification body must act on: overdue and upcoming audits, suspensions ending',
        description: `Over every certificate in force: surveillance and recertification audits overdue, or due within ${ATTENTION_HORIZON_DAYS} days with no audit created yet, and each suspension with its deadline; soonest first.`,
        tags: ['certification'],
        response: { 200: attention, ...errorResponses(401, 403) },
      },
    },
    async () => attentionList(fastify.repositories),
  );
};
