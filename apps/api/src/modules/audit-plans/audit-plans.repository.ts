import { type Executor, schema } from '@ccmm/db';
import type { TeamRole } from '@ccmm/engine';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';

const { auditPlans, auditTeamMembers, auditorCompetences, users } = schema;

export interface PlanValues {
  readonly onSiteFrom: string;
  readonly onSiteTo: string;
  readonly manDays: number;
  readonly team: readonly { userId: string; role: TeamRole; domains: readonly string[] }[];
}

/** Audit plans and the auditors' competence records. */
export function createAuditPlansRepository(db: Executor) {
  return {
    /** The audit's plan with its team (named), or undefined. */
    async find(assessmentId: string) {
      const [plan] = await db
        .select({
          assessmentId: auditPlans.assessmentId,
          onSiteFrom: auditPlans.onSiteFrom,
          onSiteTo: auditPlans.onSiteTo,
          manDays: auditPlans.manDays,
          updatedByName: users.name,
          updatedAt: auditPlans.updatedAt,
        })
        .from(auditPlans)
        .innerJoin(users, eq(users.id, auditPlans.updatedBy))
        .where(eq(auditPlans.assessmentId, assessmentId));
      if (!plan) return undefined;
      const team = await db
        .select({
          userId: auditTeamMembers.userId,
          name: users.name,
          role: auditTeamMembers.role,
          domains: auditTeamMembers.domains,
        })
        .from(auditTeamMembers)
        .innerJoin(users, eq(users.id, auditTeamMembers.userId))
        .where(eq(auditTeamMembers.assessmentId, assessmentId))
        .orderBy(sql`array_position(enum_range(null::team_role), ${auditTeamMembers.role})`, asc(users.name));
      return { ...plan, team };
    },

    /**
     * The domains the audit's plan assigns a member (empty: every domain); undefined where the
     * audit has no plan or the user is not on its team.
     */
    async domainsOf(assessmentId: string, userId: string): Promise<readonly string[] | undefined> {
      const [member] = await db
        .select({ domains: auditTeamMembers.domains })
        .from(auditTeamMembers)
        .where(and(eq(auditTeamMembers.assessmentId, assessmentId), eq(auditTeamMembers.userId, userId)));
      return member?.domains;
    },

    /** Writes the plan and replaces its team. */
    async save(assessmentId: string, values: PlanValues, updatedBy: string): Promise<void> {
      const plan = {
        onSiteFrom: values.onSiteFrom,
        onSiteTo: values.onSiteTo,
        manDays: values.manDays,
        updatedBy,
        updatedAt: new Date(),
      };
      await db
        .insert(auditPlans)
        .values({ assessmentId, ...plan })
        .onConflictDoUpdate({ target: auditPlans.assessmentId, set: plan });
      await db.delete(auditTeamMembers).where(eq(auditTeamMembers.assessmentId, assessmentId));
      await db
        .insert(auditTeamMembers)
        .values(
          values.team.map((m) => ({ assessmentId, userId: m.userId, role: m.role, domains: [...m.domains] })),
        );
    },

    /** Each auditor's current competence record (the latest), by auditor. */
    async currentCompetences(auditorIds: readonly string[]) {
      if (auditorIds.length === 0) return new Map<string, typeof auditorCompetences.$inferSelect>();
      const rows = await db
        .selectDistinctOn([auditorCompetences.auditorId])
        .from(auditorCompetences)
        .where(inArray(auditorCompetences.auditorId, [...auditorIds]))
        .orderBy(auditorCompetences.auditorId, desc(auditorCompetences.id));
      return new Map(rows.map((r) => [r.auditorId, r]));
    },

    async recordCompetence(values: typeof auditorCompetences.$inferInsert): Promise<void> {
      await db.insert(auditorCompetences).values(values);
    },

    /** An auditor's competence history, newest first, with who recorded each. */
    competenceHistory(auditorId: string) {
      return db
        .select({
          auditorId: auditorCompetences.auditorId,
          qualification: auditorCompetences.qualification,
          industries: auditorCompetences.industries,
          validUntil: auditorCompetences.validUntil,
          recordedByName: users.name,
          recordedAt: auditorCompetences.recordedAt,
        })
        .from(auditorCompetences)
        .innerJoin(users, eq(users.id, auditorCompetences.recordedBy))
        .where(eq(auditorCompetences.auditorId, auditorId))
        .orderBy(desc(auditorCompetences.id));
    },
  };
}
