import type { Database, Executor, Transaction } from '@ccmm/db';
import {
  AUDIT_KINDS,
  blocksDecision,
  CORRECTION_MAX_MONTHS,
  CORRECTION_STATES,
  type FindingState,
  findingsBlockingLevels,
  isNonconformity,
  PLAN_STATES,
  VERDICT_STEPS,
} from '@ccmm/engine';
import type { z } from 'zod';
import type { Actor } from '../../actor.ts';
import { addMonths, clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import type { Page } from '../../paging.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { assessmentEligibility } from '../assessments/assessment-eligibility.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { createAssessmentsRepository } from '../assessments/assessments.repository.ts';
import { createAuditPlansRepository } from '../audit-plans/audit-plans.repository.ts';
import { asClauseRating, createRatingsRepository } from '../ratings/ratings.repository.ts';
import { writeRatings } from '../ratings/ratings.usecases.ts';
import { createFindingsRepository, type FindingFilter, type FindingRow } from './findings.repository.ts';
import type { correctionBody, findingBody, planBody, reviewBody } from './findings.schemas.ts';

// Findings of an audit and the center's corrective actions: the audit team records and reviews,
// the center plans and corrects, each step a locked state change with an appended event.

/** The audit team: the audit's raters (its lead auditor and auditors). */
async function requireTeam(db: Executor, actor: Actor, assessment: AssessmentView): Promise<void> {
  if (!(await createAssessmentsRepository(db).isAuditor(assessment.id, actor.userId)))
    throw errors.forbidden('finding.not_team');
}

async function requireOwnEvidence(db: Executor, assessmentId: string, ids: readonly string[] = []) {
  const found = new Set(await createFindingsRepository(db).evidenceOf(assessmentId, ids));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) throw errors.unprocessable('finding.unknown_evidence', { ids: unknown.join(', ') });
}

/** Changes a finding in one step: locked, checked to be in one of `from`, updated, recorded. */
async function step(
  db: Database,
  findingId: string,
  from: readonly FindingState[],
  apply: (row: FindingRow, tx: Transaction) => Promise<FindingRow>,
): Promise<FindingRow> {
  return db.transaction(async (tx) => {
    const row = await createFindingsRepository(tx).lock(findingId);
    if (!row) throw errors.notFound('finding.not_found');
    if (!from.includes(row.state))
      throw errors.conflict('finding.wrong_state', { state: row.state, expected: from.join(' / ') });
    return apply(row, tx);
  });
}

export async function recordFinding({
  db,
  standards,
  actor,
  assessment,
  finding,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  assessment: AssessmentView;
  finding: z.infer<typeof findingBody>;
}): Promise<FindingRow> {
  if (!AUDIT_KINDS.includes(assessment.kind)) throw errors.unprocessable('finding.not_audit');
  await requireTeam(db, actor, assessment);
  if (assessment.status === 'decided' || assessment.status === 'refused')
    throw errors.conflict('finding.audit_decided', { status: assessment.status });
  const clauses = [...new Set(finding.clauses)].sort((x, y) => x - y);
  const unknown = standards.unknownClauses(assessment.standardRef, clauses);
  if (unknown.length > 0)
    throw errors.unprocessable('finding.unknown_clauses', { clauses: unknown.join(', ') });
  const evidenceIds = [...new Set(finding.evidenceIds ?? [])];
  await requireOwnEvidence(db, assessment.id, evidenceIds);
  return db.transaction(async (tx) => {
    const findings = createFindingsRepository(tx);
    const row = await findings.insert({
      assessmentId: assessment.id,
      number: await findings.nextNumber(assessment.id),
      kind: finding.kind,
      clauses,
      statement: finding.statement,
      evidenceIds,
      recordedBy: actor.userId,
    });
    await findings.addEvent({ findingId: row.id, event: 'recorded', actorId: actor.userId });
    return row;
  });
}

/** The center's corrective-action plan: written (or rewritten before review) while open. */
export async function submitPlan(
  db: Database,
  actor: Actor,
  current: FindingRow,
  plan: z.infer<typeof planBody>,
): Promise<FindingRow> {
  if (!isNonconformity(current.kind)) throw errors.unprocessable('finding.not_nonconformity');
  const today = clock.today();
  if (plan.dueOn < today) throw errors.unprocessable('finding.due_in_past', { today });
  return step(db, current.id, PLAN_STATES, async (_, tx) => {
    const fields = { ...plan, owner: plan.owner ?? null };
    const row = await createFindingsRepository(tx).update(current.id, { ...fields, state: 'plan_submitted' });
    await createFindingsRepository(tx).addEvent({
      findingId: current.id,
      event: 'plan_submitted',
      actorId: actor.userId,
      detail: fields,
    });
    return row;
  });
}

/** The center reports its correction (with evidence) once the plan is accepted. */
export async function submitCorrection(
  db: Database,
  actor: Actor,
  current: FindingRow,
  correction: z.infer<typeof correctionBody>,
): Promise<FindingRow> {
  const evidenceIds = [...new Set(correction.evidenceIds ?? [])];
  await requireOwnEvidence(db, current.assessmentId, evidenceIds);
  return step(db, current.id, CORRECTION_STATES, async (locked, tx) => {
    const findings = createFindingsRepository(tx);
    const row = await findings.update(current.id, {
      correctionNote: correction.note,
      // A correction sent again (after "not effective") adds its evidence to what was shown before.
      correctionEvidenceIds: [...new Set([...locked.correctionEvidenceIds, ...evidenceIds])],
      state: 'correction_submitted',
    });
    await findings.addEvent({
      findingId: current.id,
      event: 'correction_submitted',
      actorId: actor.userId,
      detail: { note: correction.note, evidenceIds },
    });
    return row;
  });
}

/** The audit team accepts or rejects a plan, and verifies a correction or finds it not effective. */
export async function reviewFinding(
  db: Database,
  standards: StandardRegistry,
  actor: Actor,
  assessment: AssessmentView,
  current: FindingRow,
  review: z.infer<typeof reviewBody>,
): Promise<FindingRow> {
  await requireTeam(db, actor, assessment);
  const ratings = review.ratings ?? [];
  if (
    ratings.length > 0 &&
    (review.verdict !== 'verified' || ratings.some((r) => !current.clauses.includes(r.clause)))
  )
    throw errors.unprocessable('finding.ratings_outside', { clauses: current.clauses.join(', ') });
  if ((review.verdict === 'reject' || review.verdict === 'not_effective') && !review.comment)
    throw errors.badRequest('finding.comment_required');
  const { from, to, event } = VERDICT_STEPS[review.verdict];
  return step(db, current.id, [from], async (_, tx) => {
    const findings = createFindingsRepository(tx);
    const row = await findings.update(current.id, { state: to });
    await findings.addEvent({
      findingId: current.id,
      event,
      actorId: actor.userId,
      comment: review.comment ?? null,
    });
    if (ratings.length > 0) {
      // Through the ratings' own path, in the same transaction: the trail records the change.
      const existing = await createRatingsRepository(tx).ofClauses(
        current.assessmentId,
        ratings.map((r) => r.clause),
      );
      const notes = new Map(existing.map((r) => [r.clause, r.note]));
      await writeRatings({
        db: tx,
        standards,
        actorId: actor.userId,
        assessmentId: current.assessmentId,
        changes: ratings.map((r) => ({ ...r, note: notes.get(r.clause) ?? null })),
        verifiedCorrection: true,
      });
    }
    return row;
  });
}

/** A plan past its due date and not yet verified. */
const isOverdue = (row: FindingRow, today: string) =>
  isNonconformity(row.kind) && row.state !== 'verified' && row.dueOn !== null && row.dueOn < today;

/** Findings as the API shows them, with their history. */
export async function listFindings(db: Executor, filter: FindingFilter & { overdue?: boolean } & Page) {
  return (await pageOfFindings(db, filter)).rows;
}

/**
 * A page of the findings matching the filter and how many match in all. Overdue is a rule of the
 * engine over the due date and state, so the filter applies here, before the page is cut; the
 * history is read for the page's findings only.
 */
export async function pageOfFindings(
  db: Executor,
  filter: FindingFilter & { overdue?: boolean; first?: readonly FindingState[] | undefined } & Page,
) {
  const findings = createFindingsRepository(db);
  const today = clock.today();
  const matching = (await findings.list(filter)).filter(
    (r) => !filter.overdue || isOverdue(r.finding, today),
  );
  // What waits for the reader first (a stable sort keeps the register's order within each part).
  const first = new Set(filter.first ?? []);
  if (first.size > 0)
    matching.sort((x, y) => Number(first.has(y.finding.state)) - Number(first.has(x.finding.state)));
  const offset = filter.offset ?? 0;
  const rows = matching.slice(offset, filter.limit === undefined ? undefined : offset + filter.limit);
  const events = await findings.events(rows.map((r) => r.finding.id));
  return {
    total: matching.length,
    rows: rows.map(({ finding: f, recordedByName, organizationId, organizationName }) => ({
      id: f.id,
      number: f.number,
      assessmentId: f.assessmentId,
      organizationId,
      organizationName,
      kind: f.kind,
      clauses: f.clauses,
      statement: f.statement,
      evidenceIds: f.evidenceIds,
      state: f.state,
      plan:
        f.correction !== null && f.rootCause !== null && f.action !== null && f.dueOn !== null
          ? {
              correction: f.correction,
              rootCause: f.rootCause,
              action: f.action,
              owner: f.owner,
              dueOn: f.dueOn,
            }
          : null,
      correction:
        f.correctionNote !== null ? { note: f.correctionNote, evidenceIds: f.correctionEvidenceIds } : null,
      blocksDecision: blocksDecision(f),
      overdue: isOverdue(f, today),
      recordedByName,
      createdAt: f.createdAt,
      history: events
        .filter((e) => e.findingId === f.id)
        .map((e) => ({ event: e.event, actorName: e.actorName, comment: e.comment, at: e.at })),
    })),
  };
}

/**
 * The center's action plan: its open nonconformities, those every way to the nearest level
 * needs corrected first, and for each level above the current one which of them stand in the way.
 */
export async function actionPlanOf(db: Executor, standards: StandardRegistry, assessment: AssessmentView) {
  const { standard } = standards.get(assessment.standardRef);
  const ratings = (await createRatingsRepository(db).list(assessment.id)).map(asClauseRating);
  const eligibility = assessmentEligibility(standard, assessment, ratings);
  const open = (await listFindings(db, { assessmentId: assessment.id })).filter(
    (f) => isNonconformity(f.kind) && f.state !== 'verified',
  );
  const levels = findingsBlockingLevels(
    standard,
    ratings,
    { operatingYears: eligibility.operatingYears },
    open,
  );
  // The nearest level a finding is needed for ranks it (not needed for any: last).
  const rank = (id: string) => {
    const at = levels.findIndex((l) => l.needed.includes(id));
    return at === -1 ? levels.length : at;
  };
  return {
    level: eligibility.level,
    levels: levels.map((l) => ({ ...l, needed: [...l.needed] })),
    findings: [...open].sort((x, y) => rank(x.id) - rank(y.id) || x.number - y.number),
  };
}

/**
 * Why a positive decision (certify, maintain) may not be taken on the audit now, if so: open
 * findings that block it, or a major nonconformity still not verified CORRECTION_MAX_MONTHS after
 * the on-site audit (the on-site audit is then repeated).
 */
export async function findingsDecisionProblem(db: Executor, assessment: AssessmentView, today: string) {
  const findings = (await createFindingsRepository(db).list({ assessmentId: assessment.id })).map(
    (r) => r.finding,
  );
  const plan = await createAuditPlansRepository(db).find(assessment.id);
  const limit = addMonths(plan?.onSiteTo ?? assessment.assessedOn, CORRECTION_MAX_MONTHS);
  if (today > limit && findings.some((f) => f.kind === 'major')) {
    const events = await createFindingsRepository(db).events(findings.map((f) => f.id));
    const lateOrOpen = findings.some(
      (f) =>
        f.kind === 'major' &&
        !events.some(
          (e) => e.findingId === f.id && e.event === 'verified' && e.at.toISOString().slice(0, 10) <= limit,
        ),
    );
    if (lateOrOpen) return errors.unprocessable('decision.onsite_audit_expired', { limit });
  }
  const blocking = findings.filter(blocksDecision);
  return blocking.length > 0
    ? errors.unprocessable(
        'decision.open_findings',
        { count: blocking.length, numbers: blocking.map((f) => f.number).join(', ') },
        { findingIds: blocking.map((f) => f.id) },
      )
    : null;
}
