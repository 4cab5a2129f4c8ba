import { type AssessmentKind, type AssessmentStatus, type Executor, parsedJson, schema } from '@ccmm/db';
import { AUDIT_KINDS } from '@ccmm/engine';
import { and, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { contains, paged, totalOver } from '../../paging.ts';
import { assessmentScope, withScope } from '../../tenancy.ts';
import type { SessionUser } from '../auth/sessions.repository.ts';

const { assessments, assessmentAuditors, auditTeamMembers, decisions, organizations, ratings, users } =
  schema;

export type AssessmentRow = typeof assessments.$inferSelect;

/** An assessment with what its pages and checks need of its organization. */
export interface AssessmentView extends AssessmentRow {
  readonly organizationName: string;
  readonly operatingSince: string;
}

/** A team rating's values, as the engine reads them. */
export interface RatedValues {
  readonly clause: number;
  readonly c: number | null;
  readonly f: number | null;
}

/** Where the actor stands on an assessment they would write to. */
export interface RaterPlace {
  /** An assigned auditor (a rater). */
  readonly assigned: boolean;
  /** How many auditors are assigned. */
  readonly raters: number;
  /** The domains the audit plan gives the actor (empty: all); null: not on the planned team. */
  readonly planDomains: readonly string[] | null;
}

const viewColumns = {
  id: assessments.id,
  organizationId: assessments.organizationId,
  standardRef: assessments.standardRef,
  kind: assessments.kind,
  status: assessments.status,
  assessedOn: assessments.assessedOn,
  createdBy: assessments.createdBy,
  createdAt: assessments.createdAt,
  updatedAt: assessments.updatedAt,
  organizationName: organizations.name,
  // The date the operating years count from: frozen when the assessment was submitted, the
  // organization's current one before that.
  operatingSince: sql<string>`coalesce(${assessments.operatingSince}, ${organizations.operatingSince})`,
  carriedFrom: assessments.carriedFrom,
  sample: assessments.sample,
  layersVisible: assessments.layersVisible,
};

export function createAssessmentsRepository(db: Executor) {
  return {
    async insert(values: {
      organizationId: string;
      standardRef: string;
      kind: AssessmentKind;
      assessedOn: string;
      createdBy: string;
      carriedFrom?: string | undefined;
      sample?: { domains: string[]; clauses: number[] } | null | undefined;
    }): Promise<AssessmentRow> {
      const [row] = await db.insert(assessments).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    /** The assessments the actor may see matching the filter, newest first, and how many in all. */
    async list(
      actor: Actor,
      filter: {
        organizationId?: string | undefined;
        status?: readonly AssessmentStatus[] | undefined;
        kind?: readonly AssessmentKind[] | undefined;
        q?: string | undefined;
        from?: string | undefined;
        to?: string | undefined;
        limit?: number | undefined;
        offset?: number | undefined;
      },
    ): Promise<{ rows: AssessmentView[]; total: number }> {
      const conditions: SQL[] = [];
      if (filter.organizationId) conditions.push(eq(assessments.organizationId, filter.organizationId));
      if (filter.status) conditions.push(inArray(assessments.status, [...filter.status]));
      if (filter.kind) conditions.push(inArray(assessments.kind, [...filter.kind]));
      if (filter.q) conditions.push(contains(organizations.name, filter.q));
      if (filter.from) conditions.push(gte(assessments.assessedOn, filter.from));
      if (filter.to) conditions.push(lte(assessments.assessedOn, filter.to));
      const where = withScope(and(...conditions), assessmentScope(actor));
      const from = () =>
        db
          .select({ ...viewColumns, total: totalOver() })
          .from(assessments)
          .innerJoin(organizations, eq(organizations.id, assessments.organizationId));
      return paged(
        filter,
        (limit, offset) => {
          // The id breaks ties so that pages never repeat or skip a row between requests.
          const query = from()
            .where(where)
            .orderBy(desc(assessments.assessedOn), desc(assessments.id))
            .offset(offset);
          return limit === undefined ? query : query.limit(limit);
        },
        async () =>
          (
            await db
              .select({ n: sql<number>`count(*)::int` })
              .from(assessments)
              .innerJoin(organizations, eq(organizations.id, assessments.organizationId))
              .where(where)
          )[0]?.n ?? 0,
      );
    },

    /** The assessment if the actor may see it. */
    async find(actor: Actor, id: string): Promise<AssessmentView | undefined> {
      const [row] = await db
        .select(viewColumns)
        .from(assessments)
        .innerJoin(organizations, eq(organizations.id, assessments.organizationId))
        .where(withScope(eq(assessments.id, id), assessmentScope(actor)));
      return row;
    },

    /** The assessment if the actor may see it, with its team ratings' values: one statement. */
    /**
     * With `session`, the statement also reads that session's user now (`ccmm_session_user`):
     * the caller confirmed in the same round trip (see SessionConfirmation).
     */
    async findWithRatings(
      actor: Actor,
      id: string,
      session?: { readonly sessionId: string; readonly userId: string },
    ): Promise<(AssessmentView & { ratings: RatedValues[]; sessionUser?: SessionUser | null }) | undefined> {
      const [row] = await db
        .select({
          ...viewColumns,
          ratings: sql<RatedValues[] | string>`(select coalesce(json_agg(json_build_object(
              'clause', ${ratings.clause}, 'c', ${ratings.c}, 'f', ${ratings.f}) order by ${ratings.clause}), '[]'::json)
            from ${ratings} where ${ratings.assessmentId} = ${assessments.id})`,
          ...(session
            ? {
                sessionUser: sql<
                  SessionUser | string | null
                >`ccmm_session_user(${session.sessionId}::uuid, ${session.userId}::uuid)`,
              }
            : {}),
        })
        .from(assessments)
        .innerJoin(organizations, eq(organizations.id, assessments.organizationId))
        .where(withScope(eq(assessments.id, id), assessmentScope(actor)));
      if (!row) return undefined;
      const { sessionUser, ...view } = row as typeof row & { sessionUser?: SessionUser | string | null };
      const stored = parsedJson(view.ratings) ?? [];
      return { ...view, ratings: stored, ...(session ? { sessionUser: parsedJson(sessionUser) } : {}) };
    },

    /**
     * The assessment if the actor may see it, with what a write by the actor asks of it, in one
     * statement: whether the actor is an assigned auditor, how many auditors rate it, and the
     * domains the audit plan gives the actor (null: not on the planned team).
     */
    async findForWriting(actor: Actor, id: string): Promise<(AssessmentView & RaterPlace) | undefined> {
      const of = (table: typeof assessmentAuditors | typeof auditTeamMembers) =>
        and(eq(table.assessmentId, assessments.id), eq(table.userId, actor.userId));
      const [row] = await db
        .select({
          ...viewColumns,
          assigned: sql<boolean>`exists (select 1 from ${assessmentAuditors} where ${of(assessmentAuditors)})`,
          raters: sql<number>`(select count(*)::int from ${assessmentAuditors} where ${assessmentAuditors.assessmentId} = ${assessments.id})`,
          planDomains: sql<
            string[] | null
          >`(select ${auditTeamMembers.domains} from ${auditTeamMembers} where ${of(auditTeamMembers)})`,
        })
        .from(assessments)
        .innerJoin(organizations, eq(organizations.id, assessments.organizationId))
        .where(withScope(eq(assessments.id, id), assessmentScope(actor)));
      if (!row) return undefined;
      const { assigned, raters, planDomains, ...view } = row;
      const domains = typeof planDomains === 'string' ? (JSON.parse(planDomains) as string[]) : planDomains;
      return { ...view, assigned, raters: Number(raters), planDomains: domains };
    },

    async auditors(id: string) {
      return db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(assessmentAuditors)
        .innerJoin(users, eq(users.id, assessmentAuditors.userId))
        .where(eq(assessmentAuditors.assessmentId, id))
        .orderBy(users.name);
    },

    async isAuditor(id: string, userId: string): Promise<boolean> {
      const [row] = await db
        .select({ userId: assessmentAuditors.userId })
        .from(assessmentAuditors)
        .where(and(eq(assessmentAuditors.assessmentId, id), eq(assessmentAuditors.userId, userId)));
      return row !== undefined;
    },

    async setAuditors(id: string, userIds: readonly string[]): Promise<void> {
      await db.delete(assessmentAuditors).where(eq(assessmentAuditors.assessmentId, id));
      if (userIds.length > 0) {
        await db.insert(assessmentAuditors).values(userIds.map((userId) => ({ assessmentId: id, userId })));
      }
    },

    async usersWithRole(userIds: readonly string[], role: 'auditor') {
      if (userIds.length === 0) return [];
      return db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(and(inArray(users.id, [...userIds]), eq(users.role, role)));
    },

    /**
     * Submitted: its ratings no longer change, and neither do its operating years (the
     * organization's operatingSince is frozen into it).
     */
    async submit(id: string): Promise<void> {
      await db
        .update(assessments)
        .set({
          status: 'submitted',
          updatedAt: new Date(),
          operatingSince: sql`(select ${organizations.operatingSince} from ${organizations} where ${organizations.id} = ${assessments.organizationId})`,
        })
        .where(eq(assessments.id, id));
    },

    /**
     * Locks the assessment's row for the transaction and reads its status again under the lock:
     * rating writes, summary refreshes and decisions on one assessment are serialized by it.
     */
    async lock(id: string): Promise<{ status: AssessmentStatus } | undefined> {
      const [row] = await db
        .select({ status: assessments.status })
        .from(assessments)
        .where(eq(assessments.id, id))
        .for('update');
      return row;
    },

    async setLayersVisible(id: string, layersVisible: boolean): Promise<void> {
      await db
        .update(assessments)
        .set({ layersVisible, updatedAt: new Date() })
        .where(eq(assessments.id, id));
    },

    async setStatus(id: string, status: AssessmentStatus): Promise<void> {
      await db.update(assessments).set({ status, updatedAt: new Date() }).where(eq(assessments.id, id));
    },

    /**
     * The organization's audit on the standard decided last (certified, or a surveillance
     * decided): the one a surveillance audit carries its ratings over from.
     */
    async lastDecidedAudit(organizationId: string, standardRef: string): Promise<string | undefined> {
      const [row] = await db
        .select({ id: assessments.id })
        .from(assessments)
        .innerJoin(decisions, eq(decisions.assessmentId, assessments.id))
        .where(
          and(
            eq(assessments.organizationId, organizationId),
            eq(assessments.standardRef, standardRef),
            eq(assessments.status, 'decided'),
            inArray(assessments.kind, [...AUDIT_KINDS]),
          ),
        )
        .orderBy(desc(decisions.decidedAt))
        .limit(1);
      return row?.id;
    },

    /**
     * Where a self-assessment may start from, of the organization's own assessments on the
     * standard: its latest self-assessment (`previous`, whatever its status: it is the center's
     * own work), or its latest audit once submitted (`last_audit`: submitted, in review or
     * decided; an audit still being rated is sealed from the center, a returned or refused one
     * is not a result).
     */
    async startingPoint(
      organizationId: string,
      standardRef: string,
      from: 'previous' | 'last_audit',
    ): Promise<{ id: string; kind: AssessmentKind; assessedOn: string } | undefined> {
      const [row] = await db
        .select({ id: assessments.id, kind: assessments.kind, assessedOn: assessments.assessedOn })
        .from(assessments)
        .where(
          and(
            eq(assessments.organizationId, organizationId),
            eq(assessments.standardRef, standardRef),
            from === 'previous'
              ? eq(assessments.kind, 'self')
              : and(
                  inArray(assessments.kind, [...AUDIT_KINDS]),
                  inArray(assessments.status, ['submitted', 'in_review', 'decided']),
                ),
          ),
        )
        .orderBy(desc(assessments.assessedOn), desc(assessments.createdAt))
        .limit(1);
      return row;
    },

    /** Of the given clauses, those whose rating is still carried (neither confirmed nor changed). */
    async carriedCount(id: string, clauses: readonly number[]): Promise<number> {
      if (clauses.length === 0) return 0;
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ratings)
        .where(
          and(eq(ratings.assessmentId, id), eq(ratings.carried, true), inArray(ratings.clause, [...clauses])),
        );
      return row?.n ?? 0;
    },

    /** Clauses with both rates scored. */
    async ratedCount(id: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ratings)
        .where(and(eq(ratings.assessmentId, id), sql`${ratings.c} is not null and ${ratings.f} is not null`));
      return row?.n ?? 0;
    },
  };
}
