import type { AssessmentKind, Database, Executor } from '@ccmm/db';
import { type Actor, CENTER } from '../../actor.ts';
import { errors } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { refreshSummary } from '../benchmarks/summaries.ts';
import { createConflictsRepository } from '../certification/impartiality.ts';
import { visibleOrganization } from '../organizations/organization-access.ts';
import { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import { requireStage1 } from '../stage1/stage1.usecases.ts';
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
  // An initial certification audit is stage 2: it needs a stage 1 that found the center ready.
  if (input.kind === 'certification')
    await requireStage1(db, { organizationId: organization.id, standardRef: input.standard, assessedOn });
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

/**
 * The users, if each has the auditor role and none is barred by impartiality from auditing the
 * organization (a declared conflict, or consulting for it in the cooling-off period before the
 * audit date): their ids and names.
 */
export async function impartialAuditors(
  db: Executor,
  assessment: Pick<AssessmentView, 'organizationId' | 'assessedOn'>,
  userIds: readonly string[],
) {
  const unique = [...new Set(userIds)];
  const found = await createAssessmentsRepository(db).usersWithRole(unique, 'auditor');
  const byId = new Map(found.map((u) => [u.id, u]));
  const notAuditor = unique.find((id) => !byId.has(id));
  if (notAuditor) throw errors.badRequest('user.not_auditor', { id: notAuditor });
  const conflicted = await createConflictsRepository(db).blocking(
    assessment.organizationId,
    assessment.assessedOn,
    unique,
  );
  if (conflicted) {
    throw errors.conflict(
      'impartiality.conflict',
      { name: conflicted.name, kind: conflicted.kind },
      { userId: conflicted.auditorId, kind: conflicted.kind },
    );
  }
  return found;
}

/** Sets who rates an audit (replacing the list), each an impartial auditor (see impartialAuditors). */
export async function assignAuditors(
  db: Executor,
  assessment: Pick<AssessmentView, 'id' | 'organizationId' | 'assessedOn'>,
  userIds: readonly string[],
) {
  await impartialAuditors(db, assessment, userIds);
  const assessments = createAssessmentsRepository(db);
  await assessments.setAuditors(assessment.id, [...new Set(userIds)]);
  return assessments.auditors(assessment.id);
}
