import { type Executor, schema } from '@ccmm/db';
import { type AssessmentKind, AUDIT_KINDS } from '@ccmm/engine';
import { and, asc, eq, sql } from 'drizzle-orm';

const { assessmentAuditors, auditTeamMembers, ratings, users } = schema;

/** The raters of an audit and who reconciles their layers into the team rating. */
export interface AuditTeam {
  /** The assigned auditors, in the order they were assigned. */
  readonly raters: readonly { readonly id: string; readonly name: string }[];
  /** The plan's lead auditor; without a plan, the first auditor assigned. */
  readonly leadId: string | null;
  /**
   * More than one rater on a certification or surveillance audit: each rates in their own
   * layer and the lead sets the team rating. Otherwise the one layer is the team rating.
   */
  readonly isTeam: boolean;
}

export async function auditTeamOf(
  db: Executor,
  assessment: { readonly id: string; readonly kind: AssessmentKind },
): Promise<AuditTeam> {
  // One statement: the raters, each row carrying the lead (read apart only without raters).
  const leadOf = sql<string | null>`(select ${auditTeamMembers.userId} from ${auditTeamMembers}
    where ${auditTeamMembers.assessmentId} = ${assessment.id} and ${auditTeamMembers.role} = 'lead' limit 1)`;
  const rows = await db
    .select({ id: users.id, name: users.name, lead: leadOf })
    .from(assessmentAuditors)
    .innerJoin(users, eq(users.id, assessmentAuditors.userId))
    .where(eq(assessmentAuditors.assessmentId, assessment.id))
    .orderBy(asc(assessmentAuditors.assignedAt), asc(users.name));
  const raters = rows.map(({ id, name }) => ({ id, name }));
  const [lead] =
    rows.length > 0
      ? [{ id: rows[0]?.lead ?? null }]
      : await db
          .select({ id: auditTeamMembers.userId })
          .from(auditTeamMembers)
          .where(and(eq(auditTeamMembers.assessmentId, assessment.id), eq(auditTeamMembers.role, 'lead')));
  return {
    raters,
    leadId: lead?.id ?? raters[0]?.id ?? null,
    isTeam: AUDIT_KINDS.includes(assessment.kind) && raters.length > 1,
  };
}

/**
 * The layer an auditor writes on a team audit: their own when they are one of its raters;
 * undefined: the team rating (one rater, a self-assessment, any other role). `auditTeamOf`'s
 * rule, from what the write read with the assessment.
 */
export function writerLayer(
  actor: { readonly role: string; readonly userId: string },
  assessment: { readonly kind: AssessmentKind },
  place: { readonly assigned: boolean; readonly raters: number },
): string | undefined {
  const isTeam = AUDIT_KINDS.includes(assessment.kind) && place.raters > 1;
  return actor.role === 'auditor' && isTeam && place.assigned ? actor.userId : undefined;
}

/** Reconciliation has started once the team has a rating of its own (not one carried over). */
export async function reconciliationStarted(db: Executor, assessmentId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ratings)
    .where(and(eq(ratings.assessmentId, assessmentId), eq(ratings.carried, false)));
  return (row?.n ?? 0) > 0;
}
