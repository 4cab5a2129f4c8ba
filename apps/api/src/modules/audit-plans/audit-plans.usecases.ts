import type { Database } from '@ccmm/db';
import {
  AUDIT_KINDS,
  clausesOutsideDomains,
  isOpenForRatings,
  RATING_TEAM_ROLES,
  standardLayout,
} from '@ccmm/engine';
import type { z } from 'zod';
import type { Actor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { assignAuditors, impartialAuditors } from '../assessments/assessments.usecases.ts';
import type { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import { createAuditPlansRepository } from './audit-plans.repository.ts';
import type { competenceBody, planBody } from './audit-plans.schemas.ts';

// An audit's plan: the days on site, the man-days and the team with its roles. The lead and the
// auditors rate, so saving the plan sets the audit's raters; each rater needs a competence
// record valid on the audit date that covers the organization's industry, and every member is
// checked for impartiality as any assigned auditor is.

/** Saves the plan of an open audit and makes its lead and auditors the audit's raters. */
export async function saveAuditPlan({
  db,
  standards,
  organizations,
  origin,
  actor,
  assessment,
  plan,
}: {
  db: Database;
  origin: { readonly publicOrigin: string };
  standards: StandardRegistry;
  organizations: Pick<ReturnType<typeof createOrganizationsRepository>, 'find'>;
  actor: Actor;
  assessment: AssessmentView;
  plan: z.infer<typeof planBody>;
}) {
  if (!AUDIT_KINDS.includes(assessment.kind)) throw errors.unprocessable('plan.not_an_audit');
  if (!isOpenForRatings(assessment.status))
    throw errors.conflict('plan.closed', { status: assessment.status });
  if (plan.onSiteTo < plan.onSiteFrom)
    throw errors.badRequest('plan.dates_reversed', { from: plan.onSiteFrom, to: plan.onSiteTo });
  if (plan.team.filter((m) => m.role === 'lead').length !== 1) throw errors.badRequest('plan.one_lead');
  const domains = new Set(
    standardLayout(standards.get(assessment.standardRef).standard).domains.map((d) => d.id),
  );
  for (const member of plan.team) {
    const unknown = member.domains.find((d) => !domains.has(d));
    if (unknown !== undefined)
      throw errors.badRequest('plan.unknown_domain', { domain: unknown, standard: assessment.standardRef });
  }
  const raters = plan.team.filter((m) => RATING_TEAM_ROLES.includes(m.role)).map((m) => m.userId);
  const organization = await organizations.find(actor, assessment.organizationId);
  return db.transaction(async (tx) => {
    const members = await impartialAuditors(
      tx,
      assessment,
      plan.team.map((m) => m.userId),
    );
    const names = new Map(members.map((m) => [m.id, m.name]));
    const plans = createAuditPlansRepository(tx);
    const competences = await plans.currentCompetences(raters);
    for (const rater of raters) {
      const name = names.get(rater) ?? rater;
      const record = competences.get(rater);
      if (!record) throw errors.unprocessable('plan.no_competence', { name });
      if (record.validUntil < assessment.assessedOn)
        throw errors.unprocessable('plan.competence_expired', {
          name,
          validUntil: record.validUntil,
          assessedOn: assessment.assessedOn,
        });
      const industry = organization?.industry;
      if (industry && !record.industries.includes(industry))
        throw errors.unprocessable('plan.competence_industry', { name, industry });
    }
    await plans.save(assessment.id, plan, actor.userId);
    await assignAuditors(tx, origin, assessment, raters);
    return plans.find(assessment.id);
  });
}

/** Records an auditor's competence (a new record; the earlier ones stay as its history). */
export async function recordCompetence({
  db,
  actor,
  auditorId,
  competence,
}: {
  db: Database;
  actor: Actor;
  auditorId: string;
  competence: z.infer<typeof competenceBody>;
}) {
  const plans = createAuditPlansRepository(db);
  await plans.recordCompetence({ auditorId, ...competence, recordedBy: actor.userId });
  return plans.competenceHistory(auditorId);
}

/**
 * An auditor rates only the clauses of the domains the audit plan assigns them (403
 * plan.domain_not_assigned); a member with no domains, an audit without a plan and every other
 * role are not limited here (who may write at all is the assessment's access).
 */
export function assertRatesOwnDomains({
  standards,
  actor,
  assessment,
  domains,
  clauses,
}: {
  standards: StandardRegistry;
  actor: Pick<Actor, 'role'>;
  assessment: Pick<AssessmentView, 'standardRef'>;
  /** The domains the plan gives the actor, read with the assessment (null: not on the team). */
  domains: readonly string[] | null;
  clauses: readonly number[];
}): void {
  if (actor.role !== 'auditor' || clauses.length === 0) return;
  if (!domains || domains.length === 0) return;
  const { standard } = standards.get(assessment.standardRef);
  // Unknown clause numbers are the write path's to refuse (400 clause.unknown).
  const known = new Set(standard.clauses.map((c) => c.number));
  const outside = clausesOutsideDomains(
    standard,
    domains,
    clauses.filter((n) => known.has(n)),
  );
  if (outside.length > 0)
    throw errors.forbidden('plan.domain_not_assigned', {
      clauses: outside.slice(0, 10).join(', '),
      domains: domains.join(', '),
    });
}
