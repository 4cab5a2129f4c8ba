import type { AssessmentKind, Database, Executor } from '@ccmm/db';
import { AUDIT_KINDS, type Standard, sampledClauses, unknownInSample } from '@ccmm/engine';
import { type Actor, CENTER } from '../../actor.ts';
import { errors } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { refreshSummary } from '../benchmarks/summaries.ts';
import { createConflictsRepository } from '../certification/impartiality.ts';
import { notifyAuditAssigned, notifyAuditSubmitted } from '../notifications/notification-events.ts';
import { visibleOrganization } from '../organizations/organization-access.ts';
import { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import { createRatingsRepository } from '../ratings/ratings.repository.ts';
import { requireStage1 } from '../stage1/stage1.usecases.ts';
import { emitWebhookEvent } from '../webhooks/webhook-events.ts';
import {
  type AssessmentRow,
  type AssessmentView,
  createAssessmentsRepository,
} from './assessments.repository.ts';

/** Where a self-assessment starts: its center's previous self-assessment, or its last audit. */
export type StartFrom = 'previous' | 'last_audit';

/** What the body asks to re-rate in a surveillance audit (both lists optional). */
export interface SampleInput {
  readonly domains?: readonly string[] | undefined;
  readonly clauses?: readonly number[] | undefined;
}

/**
 * Starts an assessment of an organization the actor may see (a center: only self-assessments).
 * A surveillance audit starts from the ratings of the organization's last decided audit on the
 * standard, carried over, and re-rates the sample the body chose (none: the whole standard).
 */
export async function startAssessment({
  db,
  standards,
  actor,
  input,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  input: {
    organizationId: string;
    standard: string;
    kind: AssessmentKind;
    assessedOn?: string | undefined;
    sample?: SampleInput | undefined;
    startFrom?: StartFrom | undefined;
  };
}): Promise<{ assessment: AssessmentRow; startedFrom?: string }> {
  const organization = await visibleOrganization(
    createOrganizationsRepository(db),
    actor,
    input.organizationId,
  );
  if (CENTER.includes(actor.role) && input.kind !== 'self')
    throw errors.forbidden('assessment.kind_not_allowed');
  const loaded = standards.find(input.standard);
  if (!loaded) throw errors.badRequest('standard.not_found', { ref: input.standard });
  if (loaded.pack.status !== 'published')
    throw errors.unprocessable('standard.not_published', { ref: input.standard });
  const assessedOn = input.assessedOn ?? new Date().toISOString().slice(0, 10);
  if (assessedOn < organization.operatingSince) {
    throw errors.badRequest('assessment.before_opening', {
      assessedOn,
      operatingSince: organization.operatingSince,
    });
  }
  const sample = checkedSample(loaded.standard, input.standard, input.kind, input.sample);
  if (input.startFrom && input.kind !== 'self') throw errors.unprocessable('assessment.start_from_not_self');
  // An initial certification audit is stage 2: it needs a stage 1 that found the center ready.
  if (input.kind === 'certification')
    await requireStage1(db, { organizationId: organization.id, standardRef: input.standard, assessedOn });
  // The assessment and its summary together: benchmarks never miss an assessment.
  const assessment = await db.transaction(async (tx) => {
    const assessments = createAssessmentsRepository(tx);
    const carriedFrom =
      input.kind === 'surveillance'
        ? await assessments.lastDecidedAudit(organization.id, input.standard)
        : undefined;
    if (input.kind === 'surveillance' && !carriedFrom) {
      throw errors.unprocessable('assessment.nothing_to_carry', { standard: input.standard });
    }
    // Only the organization's own assessments are looked up: no id comes from the body.
    const startedFrom = input.startFrom
      ? await assessments.startingPoint(organization.id, input.standard, input.startFrom)
      : undefined;
    if (input.startFrom && !startedFrom) {
      throw errors.unprocessable(
        input.startFrom === 'previous' ? 'assessment.no_previous' : 'assessment.no_last_audit',
        { standard: input.standard },
      );
    }
    const inserted = await assessments.insert({
      organizationId: organization.id,
      standardRef: input.standard,
      kind: input.kind,
      assessedOn,
      createdBy: actor.userId,
      carriedFrom,
      sample,
    });
    if (carriedFrom) await carryRatings(tx, carriedFrom, inserted.id, actor.userId);
    if (startedFrom) await carryRatings(tx, startedFrom.id, inserted.id, actor.userId, false);
    await refreshSummary(tx, standards, inserted.id);
    return { inserted, startedFrom: startedFrom?.id };
  });
  return {
    assessment: assessment.inserted,
    ...(assessment.startedFrom ? { startedFrom: assessment.startedFrom } : {}),
  };
}

/** The sample as stored (null: the whole standard), or 422 when it is no sample of the standard. */
function checkedSample(
  standard: Standard,
  ref: string,
  kind: AssessmentKind,
  input: SampleInput | undefined,
): { domains: string[]; clauses: number[] } | null {
  if (!input) return null;
  if (kind !== 'surveillance') throw errors.unprocessable('assessment.sample_not_surveillance');
  const sample = { domains: [...new Set(input.domains ?? [])], clauses: [...new Set(input.clauses ?? [])] };
  const unknown = unknownInSample(standard, sample);
  if (unknown.domains.length > 0 || unknown.clauses.length > 0) {
    throw errors.unprocessable(
      'assessment.sample_unknown',
      {
        standard: ref,
        domains: unknown.domains.join(', ') || '-',
        clauses: unknown.clauses.join(', ') || '-',
      },
      unknown,
    );
  }
  if (sampledClauses(standard, sample).length === 0) throw errors.unprocessable('assessment.sample_empty');
  return sample;
}

/**
 * Copies an assessment's ratings and notes (never its evidence) and records each copy in the
 * trail with the assessment it came from: a surveillance audit's, marked carried (to confirm);
 * a self-assessment's starting point, unmarked (`marked` false).
 */
async function carryRatings(tx: Executor, fromId: string, toId: string, actorId: string, marked = true) {
  const ratings = createRatingsRepository(tx);
  const carried = await ratings.carryOver(fromId, toId, actorId, marked);
  await ratings.appendEvents(
    toId,
    actorId,
    carried.map((r) => ({
      clause: r.clause,
      old: { c: null, f: null, note: null },
      new: { c: r.c, f: r.f, note: r.note },
      carriedFrom: fromId,
    })),
  );
}

/** The sampled clauses of a surveillance audit whose rating is still carried (0 for any other). */
export async function sampledToConfirm(
  standards: StandardRegistry,
  assessments: ReturnType<typeof createAssessmentsRepository>,
  assessment: Pick<AssessmentView, 'id' | 'standardRef' | 'carriedFrom' | 'sample'>,
): Promise<number> {
  if (!assessment.carriedFrom) return 0;
  const sampled = sampledClauses(standards.get(assessment.standardRef).standard, assessment.sample);
  return assessments.carriedCount(assessment.id, sampled);
}

/** Submits a completely rated assessment: its ratings (and operating years) no longer change. */
export async function submitAssessment({
  db,
  origin,
  standards,
  assessment,
}: {
  db: Database;
  origin: { readonly publicOrigin: string };
  standards: StandardRegistry;
  assessment: AssessmentView;
}): Promise<{ assessmentId: string }> {
  return db.transaction(async (tx) => {
    const assessments = createAssessmentsRepository(tx);
    const clauses = standards.get(assessment.standardRef).pack.clauses.length;
    const rated = await assessments.ratedCount(assessment.id);
    if (rated < clauses) throw errors.conflict('assessment.incomplete', { count: clauses - rated });
    // Clauses outside the sample keep their carried ratings; the sampled ones are re-rated.
    const count = await sampledToConfirm(standards, assessments, assessment);
    if (count > 0) throw errors.conflict('assessment.sample_unconfirmed', { count });
    // A moved assessment: the ratings proposed for split and merged clauses are confirmed first.
    if (!assessment.carriedFrom) {
      const numbers = standards.get(assessment.standardRef).pack.clauses.map((c) => c.number);
      const proposals = await assessments.carriedCount(assessment.id, numbers);
      if (proposals > 0) throw errors.conflict('assessment.proposals_unconfirmed', { count: proposals });
    }
    await assessments.submit(assessment.id);
    const submittedAt = new Date();
    // An audit goes to the certification body for review; a self-assessment stays the center's.
    if (AUDIT_KINDS.includes(assessment.kind)) {
      await notifyAuditSubmitted(tx, origin, assessment, submittedAt);
    }
    await emitWebhookEvent(tx, {
      type: 'assessment.submitted',
      organizationId: assessment.organizationId,
      key: `assessment_submitted:${assessment.id}:${submittedAt.toISOString()}`,
      data: {
        assessmentId: assessment.id,
        kind: assessment.kind,
        standard: assessment.standardRef,
        assessedOn: assessment.assessedOn,
      },
    });
    return { assessmentId: assessment.id };
  });
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
  origin: { readonly publicOrigin: string },
  assessment: Pick<AssessmentView, 'id' | 'organizationId' | 'organizationName' | 'assessedOn'>,
  userIds: readonly string[],
) {
  await impartialAuditors(db, assessment, userIds);
  const assessments = createAssessmentsRepository(db);
  const before = new Set((await assessments.auditors(assessment.id)).map((a) => a.id));
  await assessments.setAuditors(assessment.id, [...new Set(userIds)]);
  await notifyAuditAssigned(
    db,
    origin,
    assessment,
    userIds.filter((id) => !before.has(id)),
  );
  return assessments.auditors(assessment.id);
}
