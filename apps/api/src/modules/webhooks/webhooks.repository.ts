import { type Executor, schema } from '@ccmm/db';
import type { WebhookEvent } from '@ccmm/engine';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { type Page, paged, totalOver } from '../../paging.ts';

const { webhooks, webhookDeliveries, organizations, users } = schema;

/** The last attempt of each webhook, beside it in the list. */
const lastDelivery = sql<{ status: number | null; attemptedAt: string } | null>`(
  select json_build_object('status', d.status, 'attemptedAt', d.attempted_at)
  from ${webhookDeliveries} d where d.webhook_id = ${webhooks.id}
  order by d.attempted_at desc, d.id desc limit 1)`;

export function createWebhooksRepository(db: Executor) {
  return {
    async create(input: {
      organizationId: string | null;
      url: string;
      events: readonly WebhookEvent[];
      secret: string;
      createdBy: string;
    }): Promise<{ id: string }> {
      const [row] = await db
        .insert(webhooks)
        .values({ ...input, events: [...input.events] })
        .returning({ id: webhooks.id });
      if (!row) throw new Error('webhook not stored');
      return row;
    },

    /**
     * The live webhooks, newest first: of one organization, or every one (undefined: the body's
     * admin, who sees the body's and every center's). Never the secret.
     */
    async list(organizationId: string | undefined) {
      const rows = await db
        .select({
          id: webhooks.id,
          url: webhooks.url,
          events: webhooks.events,
          organizationId: webhooks.organizationId,
          organizationName: organizations.name,
          createdAt: webhooks.createdAt,
          createdBy: { id: users.id, name: users.name },
          lastDelivery,
        })
        .from(webhooks)
        .innerJoin(users, eq(users.id, webhooks.createdBy))
        .leftJoin(organizations, eq(organizations.id, webhooks.organizationId))
        .where(
          and(
            isNull(webhooks.deletedAt),
            organizationId === undefined ? undefined : eq(webhooks.organizationId, organizationId),
          ),
        )
        .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
      return rows.map(({ organizationId: orgId, organizationName, lastDelivery: last, ...row }) => ({
        ...row,
        organization: orgId ? { id: orgId, name: organizationName ?? '' } : null,
        lastDelivery: last ? { status: last.status, attemptedAt: new Date(last.attemptedAt) } : null,
      }));
    },

    async find(id: string) {
      const [row] = await db
        .select({
          id: webhooks.id,
          url: webhooks.url,
          organizationId: webhooks.organizationId,
          deleted: sql<boolean>`${webhooks.deletedAt} is not null`,
        })
        .from(webhooks)
        .where(eq(webhooks.id, id));
      return row;
    },

    /** Deletes the webhook: it gets nothing more (what is queued is dropped); its log stays. */
    async delete(id: string): Promise<void> {
      await db
        .update(webhooks)
        .set({ deletedAt: sql`now()` })
        .where(and(eq(webhooks.id, id), isNull(webhooks.deletedAt)));
    },

    /** The attempts to deliver to the webhook, newest first. */
    async deliveries(webhookId: string, page: Page) {
      const where = eq(webhookDeliveries.webhookId, webhookId);
      return paged(
        page,
        (limit, offset) => {
          const query = db
            .select({
              id: webhookDeliveries.id,
              eventId: webhookDeliveries.eventId,
              event: webhookDeliveries.event,
              attempt: webhookDeliveries.attempt,
              status: webhookDeliveries.status,
              error: webhookDeliveries.error,
              durationMs: webhookDeliveries.durationMs,
              attemptedAt: webhookDeliveries.attemptedAt,
              total: totalOver(),
            })
            .from(webhookDeliveries)
            .where(where)
            .orderBy(desc(webhookDeliveries.attemptedAt), desc(webhookDeliveries.id))
            .offset(offset);
          return limit === undefined ? query : query.limit(limit);
        },
        async () =>
          (await db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries).where(where))[0]?.n ??
          0,
      );
    },
  };
}
