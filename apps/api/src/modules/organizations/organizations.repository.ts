import { type Executor, schema } from '@ccmm/db';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { contains, paged, totalOver } from '../../paging.ts';
import { organizationScope, withScope } from '../../tenancy.ts';

const { organizations, organizationChanges, consultantGrants, users } = schema;

export type OrganizationRow = typeof organizations.$inferSelect;
export type NewOrganization = Omit<typeof organizations.$inferInsert, 'id' | 'createdAt'>;

export function createOrganizationsRepository(db: Executor) {
  return {
    async exists(id: string): Promise<boolean> {
      const [row] = await db
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.id, id));
      return row !== undefined;
    },

    async insert(values: NewOrganization): Promise<OrganizationRow> {
      const [row] = await db.insert(organizations).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    /** The organizations the actor may see, by name (then id: pages never repeat a row), and how many in all. */
    async list(
      actor: Actor,
      filter: { q?: string | undefined; limit?: number | undefined; offset?: number | undefined } = {},
    ): Promise<{ rows: OrganizationRow[]; total: number }> {
      const where = withScope(
        filter.q ? contains(organizations.name, filter.q) : undefined,
        organizationScope(actor),
      );
      const { rows, total } = await paged(
        filter,
        (limit, offset) => {
          const query = db
            .select({ row: organizations, total: totalOver() })
            .from(organizations)
            .where(where)
            .orderBy(organizations.name, organizations.id)
            .offset(offset);
          return limit === undefined ? query : query.limit(limit);
        },
        async () =>
          (await db.select({ n: sql<number>`count(*)::int` }).from(organizations).where(where))[0]?.n ?? 0,
      );
      return { rows: rows.map((r) => r.row), total };
    },

    /** The organization if the actor may see it. */
    async find(actor: Actor, id: string): Promise<OrganizationRow | undefined> {
      const [row] = await db
        .select()
        .from(organizations)
        .where(withScope(eq(organizations.id, id), organizationScope(actor)));
      return row;
    },

    /** The row, locked until the transaction ends (changes to one organization queue up). */
    async lock(id: string): Promise<OrganizationRow | undefined> {
      const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).for('update');
      return row;
    },

    async recordChange(
      organizationId: string,
      changedBy: string,
      changes: Record<string, { from: unknown; to: unknown }>,
    ): Promise<void> {
      await db.insert(organizationChanges).values({ organizationId, changedBy, changes });
    },

    async update(id: string, values: Partial<NewOrganization>): Promise<OrganizationRow | undefined> {
      const [row] = await db.update(organizations).set(values).where(eq(organizations.id, id)).returning();
      return row;
    },

    /** The organization's recorded changes, newest first. */
    async changes(organizationId: string) {
      const rows = await db
        .select({
          changedAt: organizationChanges.changedAt,
          changedById: users.id,
          changedByName: users.name,
          changes: organizationChanges.changes,
        })
        .from(organizationChanges)
        .innerJoin(users, eq(users.id, organizationChanges.changedBy))
        .where(eq(organizationChanges.organizationId, organizationId))
        .orderBy(desc(organizationChanges.changedAt), desc(organizationChanges.id));
      return rows.map((r) => ({
        changedAt: r.changedAt,
        changedBy: { id: r.changedById, name: r.changedByName },
        changes: r.changes,
      }));
    },

    async activeGrants(organizationId: string) {
      return db
        .select({
          consultantId: consultantGrants.consultantId,
          name: users.name,
          email: users.email,
          grantedAt: consultantGrants.grantedAt,
        })
        .from(consultantGrants)
        .innerJoin(users, eq(users.id, consultantGrants.consultantId))
        .where(and(eq(consultantGrants.organizationId, organizationId), isNull(consultantGrants.revokedAt)));
    },

    async grant(organizationId: string, consultantId: string, grantedBy: string): Promise<void> {
      const active = await db
        .select({ id: consultantGrants.id })
        .from(consultantGrants)
        .where(
          and(
            eq(consultantGrants.organizationId, organizationId),
            eq(consultantGrants.consultantId, consultantId),
            isNull(consultantGrants.revokedAt),
          ),
        );
      if (active.length === 0)
        await db.insert(consultantGrants).values({ organizationId, consultantId, grantedBy });
    },

    async revoke(organizationId: string, consultantId: string): Promise<boolean> {
      const revoked = await db
        .update(consultantGrants)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(consultantGrants.organizationId, organizationId),
            eq(consultantGrants.consultantId, consultantId),
            isNull(consultantGrants.revokedAt),
          ),
        )
        .returning({ id: consultantGrants.id });
      return revoked.length > 0;
    },
  };
}
