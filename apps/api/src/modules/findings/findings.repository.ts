import { type Executor, type FindingEvent, type FindingKind, type FindingState, schema } from '@ccmm/db';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';

const { assessmentAuditors, assessments, evidence, findingEvents, findings, organizations, users } = schema;

export type FindingRow = typeof findings.$inferSelect;
export type FindingChange = Partial<
  Pick<
    FindingRow,
    | 'state'
    | 'correction'
    | 'rootCause'
    | 'action'
    | 'owner'
    | 'dueOn'
    | 'correctionNote'
    | 'correctionEvidenceIds'
  >
>;

export interface FindingFilter {
  readonly organizationId?: string | undefined;
  readonly assessmentId?: string | undefined;
  readonly kind?: FindingKind | undefined;
  readonly state?: readonly FindingState[] | undefined;
  /** Only the audits this auditor is on. */
  readonly auditorId?: string | undefined;
}

/** Findings of audits: the current state and plan, and every step as an appended event. */
export function createFindingsRepository(db: Executor) {
  return {
    /** The audit's next finding number, under a transaction-scoped lock on the audit. */
    async nextNumber(assessmentId: string): Promise<number> {
      await db.execute(
        sql`select pg_advisory_xact_lock(hashtext('ccmm.finding_number'), hashtext(${assessmentId}))`,
      );
      const [row] = await db
        .select({ max: sql<number>`coalesce(max(${findings.number}), 0)::int` })
        .from(findings)
        .where(eq(findings.assessmentId, assessmentId));
      return (row?.max ?? 0) + 1;
    },

    async insert(values: typeof findings.$inferInsert): Promise<FindingRow> {
      const [row] = await db.insert(findings).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    async addEvent(values: {
      findingId: string;
      event: FindingEvent;
      actorId: string;
      comment?: string | null;
      detail?: unknown;
    }): Promise<void> {
      await db.insert(findingEvents).values(values);
    },

    /** The row, locked for the rest of the transaction. */
    async lock(id: string): Promise<FindingRow | undefined> {
      const [row] = await db.select().from(findings).where(eq(findings.id, id)).for('update');
      return row;
    },

    async find(id: string): Promise<FindingRow | undefined> {
      const [row] = await db.select().from(findings).where(eq(findings.id, id));
      return row;
    },

    async update(id: string, change: FindingChange): Promise<FindingRow> {
      const [row] = await db
        .update(findings)
        .set({ ...change, updatedAt: sql`now()` })
        .where(eq(findings.id, id))
        .returning();
      if (!row) throw new Error('update returned nothing');
      return row;
    },

    /** Findings with who recorded them and where, in audit then number order. */
    async list(filter: FindingFilter) {
      const where: SQL[] = [];
      if (filter.organizationId) where.push(eq(assessments.organizationId, filter.organizationId));
      if (filter.assessmentId) where.push(eq(findings.assessmentId, filter.assessmentId));
      if (filter.kind) where.push(eq(findings.kind, filter.kind));
      if (filter.state) where.push(inArray(findings.state, [...filter.state]));
      if (filter.auditorId) {
        where.push(
          sql`exists (select 1 from ${assessmentAuditors} where ${assessmentAuditors.assessmentId} = ${findings.assessmentId} and ${assessmentAuditors.userId} = ${filter.auditorId})`,
        );
      }
      return db
        .select({
          finding: findings,
          recordedByName: users.name,
          organizationId: assessments.organizationId,
          organizationName: organizations.name,
        })
        .from(findings)
        .innerJoin(assessments, eq(assessments.id, findings.assessmentId))
        .innerJoin(organizations, eq(organizations.id, assessments.organizationId))
        .innerJoin(users, eq(users.id, findings.recordedBy))
        .where(and(...where))
        .orderBy(asc(assessments.assessedOn), asc(findings.assessmentId), asc(findings.number));
    },

    async events(findingIds: readonly string[]) {
      if (findingIds.length === 0) return [];
      return db
        .select({
          findingId: findingEvents.findingId,
          event: findingEvents.event,
          actorName: users.name,
          comment: findingEvents.comment,
          at: findingEvents.at,
        })
        .from(findingEvents)
        .innerJoin(users, eq(users.id, findingEvents.actorId))
        .where(inArray(findingEvents.findingId, [...findingIds]))
        .orderBy(asc(findingEvents.id));
    },

    /** Which of the ids are evidence of the audit. */
    async evidenceOf(assessmentId: string, ids: readonly string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .select({ id: evidence.id })
        .from(evidence)
        .where(and(eq(evidence.assessmentId, assessmentId), inArray(evidence.id, [...ids])));
      return rows.map((r) => r.id);
    },
  };
}
