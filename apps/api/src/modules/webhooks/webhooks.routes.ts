import { isWebhookEvent, WEBHOOK_EVENTS, type WebhookEvent } from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses, PAGED_DESCRIPTION, pageQuery, TOTAL_COUNT_HEADER } from '../../http.ts';
import { urlProblem } from './webhook-address.ts';
import { emitTestEvent, REPLAY_WINDOW_SECONDS, randomSecret } from './webhook-events.ts';
import { createdWebhook, delivery, newWebhook, testEvent, webhook } from './webhooks.schemas.ts';

const SIGNING = `Each delivery is a POST of the event as JSON with the headers x-ccmm-timestamp (Unix seconds), x-ccmm-signature ("sha256=" and the hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the webhook's secret), x-ccmm-event and x-ccmm-event-id. A receiver checks the signature in constant time, refuses a timestamp more than ${REPLAY_WINDOW_SECONDS} s from its clock, and answers 2xx; anything else is tried again with back-off. The same event may come twice (after a lost answer): x-ccmm-event-id tells.`;

/**
 * Webhooks (issue 20): the body's admin registers the body's (every organization's events), a
 * center's admin its own organization's. Like API keys: the body's admin sees and deletes every
 * webhook, a center's admin its organization's only. Keys cannot manage webhooks.
 */
export const webhookRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const hooks = fastify.repositories.webhooks;
  const allowLoopbackHttp = fastify.config.webhooksAllowLoopbackHttp;

  /** The webhook, if the actor may manage it (404 otherwise, as for another center's key). */
  async function managed(actor: Actor, id: string) {
    const hook = await hooks.find(id);
    if (!hook || (actor.role !== 'cb_admin' && hook.organizationId !== actor.organizationId)) {
      throw errors.notFound('webhook.not_found');
    }
    return hook;
  }

  fastify.post(
    '/webhooks',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Register a webhook: an HTTPS endpoint for events (the secret is answered once)',
        description: `The body's admin registers the certification body's (every organization's events); a center's admin its organization's. Events: ${WEBHOOK_EVENTS.join(', ')}. ${SIGNING}`,
        tags: ['webhooks'],
        body: newWebhook,
        response: { 201: createdWebhook, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { url: text, events, secret } = request.body;
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw errors.badRequest('webhook.url_invalid', { url: text });
      }
      const problem = urlProblem(url, allowLoopbackHttp);
      if (problem === 'webhook.url_not_public') throw errors.badRequest(problem, { host: url.hostname });
      if (problem) throw errors.badRequest(problem);
      const unknown = events.find((e) => !isWebhookEvent(e));
      if (unknown !== undefined) {
        throw errors.badRequest('webhook.unknown_event', {
          event: unknown,
          events: WEBHOOK_EVENTS.join(', '),
        });
      }
      const chosen = events as WebhookEvent[];
      const key = secret ?? randomSecret();
      const { id } = await hooks.create({
        organizationId: actor.role === 'cb_admin' ? null : actor.organizationId,
        url: url.href,
        events: chosen,
        secret: key,
        createdBy: actor.userId,
      });
      return reply.status(201).send({ id, url: url.href, events: chosen, secret: key });
    },
  );

  fastify.get(
    '/webhooks',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'The webhooks: the body’s admin sees every one, a center’s admin its own (never the secret)',
        tags: ['webhooks'],
        response: { 200: z.array(webhook), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return hooks.list(actor.role === 'cb_admin' ? undefined : (actor.organizationId ?? ''));
    },
  );

  fastify.delete(
    '/webhooks/:id',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Delete a webhook: nothing more is sent to it, what was queued is dropped',
        tags: ['webhooks'],
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const hook = await managed(requireActor(request), request.params.id);
      await hooks.delete(hook.id);
      return reply.status(204).send(null);
    },
  );

  fastify.get(
    '/webhooks/:id/deliveries',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'The webhook’s delivery log: every attempt, with the receiver’s status, newest first',
        description: PAGED_DESCRIPTION,
        tags: ['webhooks'],
        params: z.object({ id: z.uuid() }),
        querystring: z.object(pageQuery),
        response: { 200: z.array(delivery), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const hook = await managed(requireActor(request), request.params.id);
      const { rows, total } = await hooks.deliveries(hook.id, request.query);
      reply.header(TOTAL_COUNT_HEADER, total);
      return rows;
    },
  );

  fastify.post(
    '/webhooks/:id/test',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Send the webhook a test event (webhook.test), signed as every event is',
        description: 'Queued and sent at once; its attempts show in the delivery log.',
        tags: ['webhooks'],
        params: z.object({ id: z.uuid() }),
        response: { 202: testEvent, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const hook = await managed(requireActor(request), request.params.id);
      if (hook.deleted) throw errors.notFound('webhook.not_found');
      const eventId = await emitTestEvent(fastify.db, hook);
      fastify.kickOutbox();
      return reply.status(202).send({ eventId });
    },
  );
};
