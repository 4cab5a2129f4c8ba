import { type ApplicationStatus, type Executor, schema } from '@ccmm/db';
import { and, desc, eq, sql } from 'drizzle-orm';

const { applications, users } = schema;

export type ApplicationRow = typeof applications.$inferSelect;
export type NewApplication = Omit<
  typeof applications.$inferInsert,
  'id' | 'status' | 'reason' | 'decidedBy' | 'decidedAt' | 'organizationId' | 'createdAt'
>;

export function createApplicationsRepository(db: Executor) {
  return {
    async insert(values: NewApplication): Promise<ApplicationRow> {
      const [row] = await db.insert(applications).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    /** Newest first, with the name of whoever handled each. */
    async list(filter: { readonly status?: ApplicationStatus | undefined; readonly id?: string } = {}) {
      return db
        .select({ application: applications, deciderName: users.name })
        .from(applications)
        .leftJoin(users, eq(users.id, applications.decidedBy))
        .where(
          and(
            filter.status ? eq(applications.status, filter.status) : undefined,
            filter.id ? eq(applications.id, filter.id) : undefined,
          ),
        )
        .orderBy(desc(applications.createdAt), desc(applications.id));
    },

    /** The application, its row locked until the transaction ends (one decision at a time). */
    async lock(id: string): Promise<ApplicationRow | undefined> {
      const [row] = await db.select().from(applications).where(eq(applications.id, id)).for('update');
      return row;
    },

    async decide(
      id: string,
      values: Pick<ApplicationRow, 'status' | 'reason' | 'decidedBy' | 'organizationId'>,
    ): Promise<void> {
      await db
        .update(applications)
        .set({ ...values, decidedAt: sql`now()` })
        .where(eq(applications.id, id));
    },
  };
}
