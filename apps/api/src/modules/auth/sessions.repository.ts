import { type Executor, parsedJson, type Role, rowsOf, schema } from '@ccmm/db';
import { and, eq, isNull, sql } from 'drizzle-orm';

const { sessions } = schema;

/** The user behind a live session, as the database says now (not as the token said then). */
export interface SessionUser {
  readonly userId: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly locale: string;
  /** Two-step sign-in is on (an authenticator confirmed). */
  readonly twoFactor: boolean;
}

export type SessionEndReason = 'logout' | 'password_change' | 'deactivation';

export function createSessionsRepository(db: Executor) {
  return {
    async start(userId: string, expiresAt: Date): Promise<string> {
      const [row] = await db.insert(sessions).values({ userId, expiresAt }).returning({ id: sessions.id });
      if (!row) throw new Error('session not stored');
      return row.id;
    },

    /**
     * One indexed read per request: the session must be open and unexpired, and its user must
     * still exist and be active. The conditions are the database's `ccmm_session_user`, which
     * the one-statement rating write checks too.
     */
    async live(sessionId: string, userId: string): Promise<SessionUser | undefined> {
      const [row] = rowsOf<{ user: SessionUser | string | null }>(
        await db.execute(sql`select ccmm_session_user(${sessionId}::uuid, ${userId}::uuid) as user`),
      );
      return parsedJson(row?.user) ?? undefined;
    },

    async end(sessionId: string, reason: SessionEndReason): Promise<void> {
      await db
        .update(sessions)
        .set({ endedAt: sql`now()`, endedReason: reason })
        .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)));
    },

    /** Ends every open session of a user but `keep` (the one that changed the password, say). */
    async endAllOf(userId: string, reason: SessionEndReason, keep?: string): Promise<void> {
      await db
        .update(sessions)
        .set({ endedAt: sql`now()`, endedReason: reason })
        .where(
          and(
            eq(sessions.userId, userId),
            isNull(sessions.endedAt),
            keep ? sql`${sessions.id} <> ${keep}` : undefined,
          ),
        );
    },
  };
}
