import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import { GRANT_VIEWS_LIMIT } from './grant-views.repository.ts';
import { grantView } from './grant-views.schemas.ts';

/** What consultants read of a center's data through its grants: the center can see it all. */
export const grantViewRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const organizations = fastify.repositories.organizations;
  const views = fastify.repositories.grantViews;

  fastify.get(
    '/:id/grant-views',
    {
      config: { access: ['cb_admin', 'cb_reviewer', 'center_admin'] },
      schema: {
        summary: 'Every read of the organization’s data by a consultant through a grant, newest first',
        description: `At most the ${GRANT_VIEWS_LIMIT} most recent. For the center’s admin (its own center) and the certification body.`,
        tags: ['organizations'],
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(grantView), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const organization = await organizations.find(requireActor(request), request.params.id);
      if (!organization) throw errors.notFound('organization.not_found');
      return views.list(organization.id);
    },
  );
};
