import { type Executor, rowsOf, schema } from '@ccmm/db';
import { fill, isLocale, type Locale, type Role } from '@ccmm/engine';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { composeMail } from '../outbox/mail-messages.ts';
import { createOutboxRepository } from '../outbox/outbox.repository.ts';
import { NOTIFICATION_TEXTS, type NotificationKind } from './notification-texts.ts';

const { notifications, users } = schema;

export type NotificationRow = typeof notifications.$inferSelect;

export interface NewNotification {
  readonly kind: NotificationKind;
  /** The event, the same for every recipient: "surveillance_due_60:CCMM-OC-2026-0001:2027-06-30". */
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
  /** A path of the web app. */
  readonly link: string;
}

/** A notification's text in `locale` (made when read, so it follows the reader's language). */
export function notificationText(
  kind: string,
  params: Readonly<Record<string, string | number>>,
  locale: Locale,
) {
  const message = (NOTIFICATION_TEXTS as Record<string, Record<Locale, string>>)[kind];
  return message ? fill<string>(message[locale], params) : kind;
}

export function createNotificationsRepository(db: Executor) {
  return {
    /**
     * Notifies each of `userIds` (active ones) of the event once: a user already notified of
     * `key` is skipped (unique index), so a rule evaluated again adds nothing. Those who want
     * e-mail also get one, through the outbox, in the same transaction. Returns how many were new.
     */
    async notify(userIds: readonly string[], n: NewNotification, publicOrigin: string): Promise<number> {
      if (userIds.length === 0) return 0;
      const recipients = await db
        .select({
          id: users.id,
          email: users.email,
          locale: users.locale,
          notifyByEmail: users.notifyByEmail,
        })
        .from(users)
        .where(and(inArray(users.id, [...userIds]), eq(users.active, true)));
      if (recipients.length === 0) return 0;
      const inserted = await db
        .insert(notifications)
        .values(
          recipients.map((r) => ({
            userId: r.id,
            kind: n.kind,
            key: n.key,
            params: { ...n.params },
            link: n.link,
          })),
        )
        .onConflictDoNothing()
        .returning({ userId: notifications.userId });
      const fresh = new Set(inserted.map((r) => r.userId));
      const outbox = createOutboxRepository(db);
      for (const r of recipients) {
        if (!fresh.has(r.id) || !r.notifyByEmail) continue;
        const locale: Locale = isLocale(r.locale) ? r.locale : 'zh-Hans';
        const text = notificationText(n.kind, n.params, locale);
        await outbox.enqueue({
          kind: `notification:${n.kind}`,
          recipient: r.email,
          locale,
          payload: composeMail({
            locale,
            subject: text,
            body: text,
            action: NOTIFICATION_TEXTS['mail.open'][locale],
            footer: NOTIFICATION_TEXTS['mail.preferences'][locale],
            link: `${publicOrigin}${n.link}`,
          }),
        });
      }
      return fresh.size;
    },

    async list(userId: string, limit: number): Promise<{ items: NotificationRow[]; unread: number }> {
      const items = await db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, userId))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit);
      const [count] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
      return { items, unread: count?.n ?? 0 };
    },

    /** Marks one of the user's own notifications read; false when it is not theirs. */
    async markRead(userId: string, id: string): Promise<boolean> {
      const rows = await db
        .update(notifications)
        .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
        .returning({ id: notifications.id });
      return rows.length === 1;
    },

    /** The active users of a center (its admins and members: who may see its certificates and findings). */
    async centerUsers(organizationId: string): Promise<string[]> {
      const rows = await db
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.organizationId, organizationId),
            eq(users.active, true),
            inArray(users.role, ['center_admin', 'center_member']),
          ),
        );
      return rows.map((r) => r.id);
    },

    /** The active users with one of `roles` (the certification body's, say). */
    async usersInRoles(roles: readonly Role[]): Promise<string[]> {
      const rows = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.active, true), inArray(users.role, [...roles])));
      return rows.map((r) => r.id);
    },

    async tryJobLock(): Promise<boolean> {
      const result = await db.execute(
        sql`select pg_try_advisory_xact_lock(hashtext('ccmm.notification_jobs')) as locked`,
      );
      return rowsOf<{ locked: boolean }>(result)[0]?.locked === true;
    },
  };
}
