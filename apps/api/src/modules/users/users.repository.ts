import { type Executor, type Role, schema } from '@ccmm/db';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';

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
    async list(actor: Actor, filter: { role?: Role; organizationId?: string }): Promise<UserRow[]> {
      const conditions: SQL[] = [];
      if (actor.role === 'center_admin')
        conditions.push(eq(users.organizationId, actor.organizationId ?? ''));
      if (filter.role) conditions.push(eq(users.role, filter.role));
      if (filter.organizationId) conditions.push(eq(users.organizationId, filter.organizationId));
      return db
        .select()
        .from(users)
        .where(and(...conditions))
        .orderBy(users.name);
    },
  };
}
