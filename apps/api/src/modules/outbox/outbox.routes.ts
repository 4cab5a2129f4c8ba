import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http.ts';
import type { EmailPayload } from './outbox.repository.ts';
import { outboxView } from './outbox.schemas.ts';

export const outboxRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const outbox = fastify.repositories.outbox;

  fastify.get(
    '/outbox',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'The outbox: messages to send and sent (certification-body admin)',
        description:
          'Every e-mail the product writes is stored here first. Without SMTP_URL nothing is sent and this is where an admin reads the messages (an invitation’s link, say); with it, the worker sends them and retries with back-off while the mail server is down. Newest first, paged with limit (1–500, default 100) and offset; unsent and sent count every message, so the pages of a list are counted from them.',
        tags: ['outbox'],
        querystring: z.object({
          unsent: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: outboxView,
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { unsent, limit, offset } = request.query;
      const rows = await outbox.list({ unsentOnly: unsent, limit, offset });
      return {
        smtpConfigured: fastify.config.smtpUrl !== undefined,
        ...(await outbox.counts()),
        messages: rows.map((row) => {
          // An e-mail's subject and text; a webhook delivery's event and JSON body.
          const payload = row.payload as Partial<EmailPayload> & { body?: string };
          return {
            id: row.id,
            channel: row.channel,
            kind: row.kind,
            recipient: row.recipient,
            locale: row.locale,
            subject: payload.subject ?? row.kind,
            text: payload.text ?? payload.body ?? '',
            createdAt: row.createdAt,
            sentAt: row.sentAt,
            attempts: row.attempts,
            nextAttemptAt: row.nextAttemptAt,
            lastError: row.lastError,
          };
        }),
      };
    },
  );
};
