import {
  type ComplaintEvent,
  type ComplaintKind,
  type ComplaintOutcome,
  type ComplaintStatus,
  type Executor,
  schema,
} from '@ccmm/db';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

const { assessmentAuditors, complaintEvents, complaints, decisions, organizations, users } = schema;

export type ComplaintRow = typeof complaints.$inferSelect;
export type NewComplaint = Omit<
  typeof complaints.$inferInsert,
  'id' | 'status' | 'handlerId' | 'outcome' | 'outcomeText' | 'closedOn' | 'createdAt'
>;

export interface ComplaintFilter {
  readonly organizationId?: string | undefined;
  readonly kind?: ComplaintKind | undefined;
  readonly status?: ComplaintStatus | undefined;
}

const handlers = alias(users, 'handlers');
const actors = alias(users, 'actors');

/** Complaints and appeals: the current state, and every change as an appended event. */
export function createComplaintsRepository(db: Executor) {
  return {
    /** The next number of the kind and year, under a transaction-scoped lock. */
    async nextSequence(kind: ComplaintKind, year: number): Promise<number> {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`ccmm.${kind}_reference`}), ${year})`);
      const [row] = await db
        .select({ max: sql<number>`coalesce(max(${complaints.sequence}), 0)::int` })
        .from(complaints)
        .where(and(eq(complaints.kind, kind), eq(complaints.year, year)));
      return (row?.max ?? 0) + 1;
    },

    async insert(values: NewComplaint): Promise<ComplaintRow> {
      const [row] = await db.insert(complaints).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    async addEvent(values: {
      complaintId: string;
      event: ComplaintEvent;
      actorId: string | null;
      on: string;
      handlerId?: string | null;
      outcome?: ComplaintOutcome | null;
      text?: string | null;
    }): Promise<void> {
      await db.insert(complaintEvents).values(values);
    },

    /** The row, locked for the rest of the transaction. */
    async lock(id: string): Promise<ComplaintRow | undefined> {
      const [row] = await db.select().from(complaints).where(eq(complaints.id, id)).for('update');
      return row;
    },

    async update(
      id: string,
      values: Partial<Pick<ComplaintRow, 'status' | 'handlerId' | 'outcome' | 'outcomeText' | 'closedOn'>>,
    ): Promise<void> {
      await db.update(complaints).set(values).where(eq(complaints.id, id));
    },

    /** The open appeal against a decision, if any. */
    async openAppeal(decisionId: string): Promise<ComplaintRow | undefined> {
      const [row] = await db
        .select()
        .from(complaints)
        .where(
          and(
            eq(complaints.decisionId, decisionId),
            eq(complaints.kind, 'appeal'),
            sql`${complaints.status} <> 'closed'`,
          ),
        );
      return row;
    },

    /** Complaints and appeals with their organization's and handler's names, newest first. */
    async list(filter: ComplaintFilter = {}, id?: string) {
      const conditions: SQL[] = [];
      if (id) conditions.push(eq(complaints.id, id));
      if (filter.organizationId) conditions.push(eq(complaints.organizationId, filter.organizationId));
      if (filter.kind) conditions.push(eq(complaints.kind, filter.kind));
      if (filter.status) conditions.push(eq(complaints.status, filter.status));
      return db
        .select({
          complaint: complaints,
          organizationName: organizations.name,
          handlerName: handlers.name,
        })
        .from(complaints)
        .innerJoin(organizations, eq(organizations.id, complaints.organizationId))
        .leftJoin(handlers, eq(handlers.id, complaints.handlerId))
        .where(conditions.length > 0 ? and(...conditions) : undefined)
        .orderBy(desc(complaints.createdAt), desc(complaints.reference));
    },

    /** The recorded changes of these complaints, oldest first. */
    async events(complaintIds: readonly string[]) {
      if (complaintIds.length === 0) return [];
      return db
        .select({
          complaintId: complaintEvents.complaintId,
          event: complaintEvents.event,
          actorName: actors.name,
          handlerId: complaintEvents.handlerId,
          outcome: complaintEvents.outcome,
          text: complaintEvents.text,
          on: complaintEvents.on,
          at: complaintEvents.at,
        })
        .from(complaintEvents)
        .leftJoin(actors, eq(actors.id, complaintEvents.actorId))
        .where(inArray(complaintEvents.complaintId, [...complaintIds]))
        .orderBy(asc(complaintEvents.id));
    },

    /** Who took part in an audit: its auditors and everyone who decided on it. */
    async involvedIn(assessmentId: string): Promise<Set<string>> {
      const auditors = await db
        .select({ id: assessmentAuditors.userId })
        .from(assessmentAuditors)
        .where(eq(assessmentAuditors.assessmentId, assessmentId));
      const deciders = await db
        .select({ id: decisions.deciderId })
        .from(decisions)
        .where(eq(decisions.assessmentId, assessmentId));
      return new Set([...auditors, ...deciders].map((row) => row.id));
    },

    /** The latest decision on an assessment. */
    async latestDecision(assessmentId: string) {
      const [row] = await db
        .select()
        .from(decisions)
        .where(eq(decisions.assessmentId, assessmentId))
        .orderBy(desc(decisions.decidedAt))
        .limit(1);
      return row;
    },
  };
}
