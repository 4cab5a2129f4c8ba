import type { Database } from '@ccmm/db';
import { SURVEILLANCE_OUTCOMES } from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import { clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { errors, messageFor } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { assessmentEligibility } from '../assessments/assessment-eligibility.ts';
import { type AssessmentView, createAssessmentsRepository } from '../assessments/assessments.repository.ts';
import { issueCertificate } from '../certificates/certificate-issue.ts';
import { appendRevision } from '../certificates/certificate-revisions.ts';
import type { CertificateSigner } from '../certificates/certificate-signing.ts';
import {
  type CertificateView,
  createCertificatesRepository,
} from '../certificates/certificates.repository.ts';
import { findingsDecisionProblem } from '../findings/findings.usecases.ts';
import { notifyDecision } from '../notifications/notification-events.ts';
import { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import { asClauseRating, createRatingsRepository } from '../ratings/ratings.repository.ts';
import { emitWebhookEvent } from '../webhooks/webhook-events.ts';
import {
  DECIDABLE_STATUSES,
  type DecisionBody,
  decisionProblem,
  decisionSnapshot,
  NEXT_STATUS,
  redecisionProblem,
  SURVEILLANCE_CHANGE,
  type SurveillanceOutcome,
  skipsLevels,
  surveillanceProblem,
} from './decision-rules.ts';
import { createDecisionsRepository, type DecisionRow } from './decisions.repository.ts';

export interface SkipWarning {
  readonly code: string;
  readonly message: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Decides a reviewable audit: a certification audit is certified at a level (in the same
 * transaction, renewing the organization's current certificate on the standard — a
 * recertification — or else issuing a new one), returned
 * to the auditors, or refused; a surveillance audit maintains, lowers, suspends or withdraws
 * the organization's current certificate on the standard (a new signed revision of it), or is
 * returned or refused.
 */
export async function decideAudit({
  db,
  standards,
  config,
  signer,
  actor,
  assessment: row,
  decision: body,
}: {
  db: Database;
  standards: StandardRegistry;
  config: Config;
  signer: CertificateSigner;
  actor: Actor;
  assessment: AssessmentView;
  decision: DecisionBody & { readonly scope?: string | undefined };
}): Promise<{
  decision: DecisionRow;
  deciderName: string;
  certificate?: CertificateView;
  warning?: SkipWarning;
}> {
  if (!DECIDABLE_STATUSES.includes(row.status)) {
    throw errors.conflict('certification.not_submitted', { status: row.status });
  }
  const final = redecisionProblem(row.kind, row.status);
  if (final) throw final;
  const certificates = createCertificatesRepository(db);
  const { standard } = standards.get(row.standardRef);
  const stored = await createRatingsRepository(db).list(row.id);
  const eligibility = assessmentEligibility(standard, row, stored.map(asClauseRating));
  if (!eligibility.complete) {
    throw errors.conflict('assessment.incomplete', { count: eligibility.incompleteClauses.length });
  }
  const problem = decisionProblem(body, eligibility.level, row.kind);
  if (problem) throw problem;
  // A positive decision waits for the findings: majors verified, minors with an accepted plan.
  if (body.outcome === 'certify' || body.outcome === 'maintain') {
    const open = await findingsDecisionProblem(db, row, clock.today());
    if (open) throw open;
  }

  const today = clock.today();
  // A surveillance outcome acts on the organization's current certificate on the standard.
  const acting = SURVEILLANCE_OUTCOMES.includes(body.outcome);
  const target = acting ? await certificates.current(row.organizationId, row.standardRef, today) : undefined;
  if (acting) {
    if (!target) throw errors.conflict('decision.no_current_certificate');
    const wrong = surveillanceProblem(body, eligibility.level, target, today);
    if (wrong) throw wrong;
  }
  const { snapshot, snapshotHash } = decisionSnapshot(row, eligibility.operatingYears, stored);
  const current = (await certificates.ofOrganization(row.organizationId, today))
    .filter((c) => c.status === 'active')
    .reduce((level, c) => Math.max(level, c.level), 0);

  const auditorIds = (await createAssessmentsRepository(db).auditors(row.id)).map((a) => a.id);
  const { decided, number } = await db.transaction(async (tx) => {
    // One decision at a time per audit; the status is checked again under the lock.
    const locked = await createAssessmentsRepository(tx).lock(row.id);
    if (!locked || !DECIDABLE_STATUSES.includes(locked.status)) {
      throw errors.conflict('certification.not_submitted', { status: locked?.status ?? row.status });
    }
    const decidedMeanwhile = redecisionProblem(row.kind, locked.status);
    if (decidedMeanwhile) throw decidedMeanwhile;
    if (body.outcome === 'certify') {
      const standing = (await createCertificatesRepository(tx).ofAssessment(row.id, today)).find(
        (c) => c.status === 'active' || c.status === 'suspended',
      );
      if (standing)
        throw errors.conflict('certification.certificate_outstanding', { number: standing.number });
    }
    const level =
      body.outcome === 'certify' || body.outcome === 'lower'
        ? (body.level ?? null)
        : acting
          ? (target?.level ?? null)
          : null;
    const decided = await createDecisionsRepository(tx).insert({
      assessmentId: row.id,
      deciderId: actor.userId,
      decidedOn: today,
      outcome: body.outcome,
      level,
      reason: body.reason ?? null,
      comments: body.comments ?? null,
      eligibleLevel: eligibility.level,
      snapshotHash,
      until: body.outcome === 'suspend' ? (body.until ?? null) : null,
    });
    await createAssessmentsRepository(tx).setStatus(row.id, NEXT_STATUS[body.outcome]);
    if (acting && target) {
      const change = SURVEILLANCE_CHANGE[body.outcome as SurveillanceOutcome];
      const revision = await appendRevision(tx, signer, target.number, {
        ...change,
        level: level ?? target.level,
        effectiveOn: today,
        until: decided.until,
        reasonCode: change.reasonCode,
        reason: body.reason ?? null,
        decisionId: decided.id,
        decidedBy: actor.userId,
      });
      await notifyDecision(tx, config, row, decided, auditorIds, { number: target.number, row: revision });
      return { decided, number: target.number };
    }
    await notifyDecision(tx, config, row, decided, auditorIds);
    if (body.outcome !== 'certify' || body.level === undefined) return { decided, number: null };
    const organization = await createOrganizationsRepository(tx).find(actor, row.organizationId);
    if (!organization) throw errors.notFound('organization.not_found');
    const issued = await issueCertificate(tx, config, signer, {
      decisionId: decided.id,
      decidedOn: decided.decidedOn,
      assessmentId: row.id,
      organization,
      standardRef: row.standardRef,
      scope: body.scope ?? null,
      level: body.level,
      snapshot,
      snapshotHash,
      decidedBy: actor.userId,
    });
    await emitWebhookEvent(tx, {
      type: 'certificate.issued',
      organizationId: row.organizationId,
      key: `certificate_issued:${decided.id}`,
      data: {
        number: issued.number,
        renewed: issued.renewed,
        level: body.level,
        standard: row.standardRef,
        validFrom: decided.decidedOn,
        expiresOn: issued.expiresOn,
        assessmentId: row.id,
        decisionId: decided.id,
      },
    });
    return { decided, number: issued.number };
  });

  const [withName] = (await createDecisionsRepository(db).list(row.id)).filter(
    (d) => d.decision.id === decided.id,
  );
  const issued = number ? await certificates.findAny(number, today) : undefined;
  const level = body.outcome === 'certify' ? issued?.level : undefined;
  const warning =
    level !== undefined && skipsLevels(current, level)
      ? {
          code: 'certification.skips_levels',
          message: messageFor(
            current === 0 ? 'certification.skips_levels_first' : 'certification.skips_levels',
            actor.locale,
            // The levels jumped over: L1 for none → L2, L2–L3 for L1 → L4.
            {
              from: current,
              to: level,
              skipped: level - current === 2 ? current + 1 : `${current + 1}–L${level - 1}`,
            },
          ),
          from: current,
          to: level,
        }
      : undefined;
  return {
    decision: decided,
    deciderName: withName?.deciderName ?? '',
    ...(issued ? { certificate: issued } : {}),
    ...(warning ? { warning } : {}),
  };
}
