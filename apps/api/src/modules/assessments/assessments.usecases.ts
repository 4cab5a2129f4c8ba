import type { AssessmentKind, Database } from '@ccmm/db';
import { type Actor, CENTER } from '../../actor.ts';
import { errors } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { refreshSummary } from '../benchmarks/summaries.ts';
import { visibleOrganization } from '../organizations/organization-access.ts';
import { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import {
  type AssessmentRow,
  type AssessmentView,
  createAssessmentsRepository,
} from './assessments.repository.ts';

/** Starts an assessment of an organization the actor may see (a center: only self-assessments). */
export async function startAssessment({
  db,
  standards,
  actor,
  input,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  input: { organizationId: string; standard: string; kind: AssessmentKind; assessedOn?: string | undefined };
}): Promise<{ assessment: AssessmentRow }> {
  const organization = await visibleOrganization(
    createOrganizationsRepository(db),
    actor,
    input.organizationId,
  );
  if (CENTER.includes(actor.role) && input.kind !== 'self')
    throw errors.forbidden('assessment.kind_not_allowed');
  if (!standards.find(input.standard)) throw errors.badRequest('standard.not_found', { ref: input.standard });
  const assessedOn = input.assessedOn ?? new Date().toISOString().slice(0, 10);
  if (assessedOn < organization.operatingSince) {
    throw errors.badRequest('assessment.before_opening', {
      assessedOn,
      operatingSince: organization.operatingSince,
    });
  }
  // The assessment and its (empty) summary together: benchmarks never miss an assessment.
  const assessment = await db.transaction(async (tx) => {
    const inserted = await createAssessmentsRepository(tx).insert({
      organizationId: organization.id,
      standardRef: input.standard,
      kind: input.kind,
      assessedOn,
      createdBy: actor.userId,
    });
    await refreshSummary(tx, standards, inserted.id);
    return inserted;
  });
  return { assessment };
}

/** Submits a completely rated assessment: its ratings (and operating years) no longer change. */
export async function submitAssessment({
  assessments,
  standards,
  assessment,
}: {
  assessments: ReturnType<typeof createAssessmentsRepository>;
  standards: StandardRegistry;
  assessment: AssessmentView;
}): Promise<{ assessmentId: string }> {
  const clauses = standards.get(assessment.standardRef).pack.clauses.length;
  const rated = await assessments.ratedCount(assessment.id);
  if (rated < clauses) throw errors.conflict('assessment.incomplete', { count: clauses - rated });
  await assessments.submit(assessment.id);
  return { assessmentId: assessment.id };
}
