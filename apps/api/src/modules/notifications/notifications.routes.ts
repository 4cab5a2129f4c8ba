import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses, uuidParam } from '../../http.ts';
import { notificationText } from './notifications.repository.ts';
import { inbox } from './notifications.schemas.ts';

export const notificationRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const notifications = fastify.repositories.notifications;
  const users = fastify.repositories.users;

  fastify.get(
    '/me/notifications',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'One’s notifications, newest first, with the unread count',
        tags: ['notifications'],
        querystring: z.object({ limit: z.coerce.number().int().min(0).max(200).default(50) }),
        response: { 200: inbox, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const [{ items, unread }, me] = await Promise.all([
        notifications.list(actor.userId, request.query.limit),
        users.findById(actor.userId),
      ]);
      return {
        unread,
        notifyByEmail: me?.notifyByEmail ?? true,
        items: items.map((n) => ({
          id: n.id,
          kind: n.kind,
          text: notificationText(n.kind, n.params, actor.locale),
          link: n.link,
          createdAt: n.createdAt,
          readAt: n.readAt,
        })),
      };
    },
  );

  fastify.post(
    '/me/notifications/:id/read',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Mark one of one’s notifications read (204)',
        tags: ['notifications'],
        params: z.object({ id: uuidParam }),
        response: { 204: z.null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!(await notifications.markRead(actor.userId, request.params.id))) {
        throw errors.notFound('notification.not_found');
      }
      return reply.status(204).send(null);
    },
  );
};
