import { type Executor, type Role, schema } from '@ccmm/db';
import { and, asc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { contains, type Page, paged, totalOver } from '../../paging.ts';

const { users } = schema;

export type UserRow = typeof users.$inferSelect;

export interface PublicUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly locale: string;
  readonly active: boolean;
  readonly twoFactor: boolean;
}

export function publicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organizationId: row.organizationId,
    locale: row.locale,
    active: row.active,
    twoFactor: row.totpSecret !== null,
  };
}

export function createUsersRepository(db: Executor) {
  return {
    async count(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
      return row?.n ?? 0;
    },

    async findByEmail(email: string): Promise<UserRow | undefined> {
      const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
      return row;
    },

    async findById(id: string): Promise<UserRow | undefined> {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row;
    },

    async insert(values: typeof users.$inferInsert): Promise<UserRow | null> {
      // The unique index on lower(email) decides races; a taken e-mail returns null.
      const [row] = await db.insert(users).values(values).onConflictDoNothing().returning();
      return row ?? null;
    },

    async update(
      id: string,
      values: Partial<Pick<UserRow, 'name' | 'locale' | 'notifyByEmail'>>,
    ): Promise<UserRow | undefined> {
      const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning();
      return row;
    },

    async setPassword(id: string, passwordHash: string): Promise<void> {
      await db.update(users).set({ passwordHash }).where(eq(users.id, id));
    },

    /** Users the actor may list: everyone for the certification body, their own center for a center admin. */
    /** The users the actor may list matching the filter, by name, a page at a time, and how many in all. */
    async list(
      actor: Actor,
      filter: { role?: Role | undefined; organizationId?: string | undefined; q?: string | undefined } & Page,
    ): Promise<{ rows: UserRow[]; total: number }> {
      const conditions: SQL[] = [];
      if (actor.role === 'center_admin')
        conditions.push(eq(users.organizationId, actor.organizationId ?? ''));
      if (filter.role) conditions.push(eq(users.role, filter.role));
      if (filter.organizationId) conditions.push(eq(users.organizationId, filter.organizationId));
      if (filter.q) {
        const either = or(contains(users.name, filter.q), contains(users.email, filter.q));
        if (either) conditions.push(either);
      }
      const where = and(...conditions);
      return paged(
        filter,
        (limit, offset) => {
          // The id breaks ties between equal names: pages never repeat or skip a user.
          const query = db
            .select({ user: users, total: totalOver() })
            .from(users)
            .where(where)
            .orderBy(asc(users.name), asc(users.id))
            .offset(offset);
          return (limit === undefined ? query : query.limit(limit)).then((rows) =>
            rows.map((r) => ({ ...r.user, total: r.total })),
          );
        },
        async () => (await db.select({ n: sql<number>`count(*)::int` }).from(users).where(where))[0]?.n ?? 0,
      );
    },
  };
}
