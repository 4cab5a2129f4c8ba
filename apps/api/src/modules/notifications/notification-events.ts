import type { Executor } from '@ccmm/db';
import { CERTIFICATION_BODY_ROLES, type DecisionOutcome } from '@ccmm/engine';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import type { RevisionRow } from '../certificates/certificates.repository.ts';
import { emitWebhookEvent } from '../webhooks/webhook-events.ts';
import type { NotificationKind } from './notification-texts.ts';
import { createNotificationsRepository } from './notifications.repository.ts';

// The notifications an event causes, written in the event's own transaction: an event that
// rolls back notifies nobody, and one that commits has its e-mail in the outbox. The caller
// kicks the outbox worker after the commit. (The passing of time notifies in notification-jobs.ts.)

type Origin = { readonly publicOrigin: string };
type AssessmentNames = Pick<AssessmentView, 'id' | 'organizationName' | 'assessedOn'>;

const assessmentLink = (id: string) => `/assessments/${id}`;

/** Auditors newly assigned to an audit (the ones already on it are not told again). */
export async function notifyAuditAssigned(
  tx: Executor,
  { publicOrigin }: Origin,
  assessment: AssessmentNames,
  userIds: readonly string[],
): Promise<number> {
  return createNotificationsRepository(tx).notify(
    userIds,
    {
      kind: 'audit_assigned',
      key: `audit_assigned:${assessment.id}`,
      params: { organization: assessment.organizationName, on: assessment.assessedOn },
      link: assessmentLink(assessment.id),
    },
    publicOrigin,
  );
}

/** An audit submitted: the certification body reviews and decides it. Each submission is an event. */
export async function notifyAuditSubmitted(
  tx: Executor,
  { publicOrigin }: Origin,
  assessment: AssessmentNames,
  submittedAt: Date,
): Promise<number> {
  const notes = createNotificationsRepository(tx);
  return notes.notify(
    await notes.usersInRoles(CERTIFICATION_BODY_ROLES),
    {
      kind: 'assessment_submitted',
      key: `assessment_submitted:${assessment.id}:${submittedAt.toISOString()}`,
      params: { organization: assessment.organizationName, on: assessment.assessedOn },
      link: assessmentLink(assessment.id),
    },
    publicOrigin,
  );
}

const OUTCOME_KINDS: Partial<Record<DecisionOutcome, NotificationKind>> = {
  certify: 'decision_certify',
  maintain: 'decision_maintain',
  lower: 'decision_lower',
  refuse: 'decision_refuse',
};

/**
 * A decision: the center's users are told the outcome; a return goes to the audit's auditors.
 * A suspension or withdrawal is told as the certificate job tells it (same kind and key), so the
 * job's next run does not tell it again.
 */
export async function notifyDecision(
  tx: Executor,
  { publicOrigin }: Origin,
  assessment: AssessmentNames & Pick<AssessmentView, 'organizationId'>,
  decision: { readonly id: string; readonly outcome: DecisionOutcome; readonly level: number | null },
  auditorIds: readonly string[],
  revision?: { readonly number: string; readonly row: RevisionRow },
): Promise<number> {
  const notes = createNotificationsRepository(tx);
  const organization = assessment.organizationName;
  // Webhooks: a returned audit is open for ratings again, sealed from the center: the body's only.
  await emitWebhookEvent(tx, {
    type: 'decision.made',
    organizationId: assessment.organizationId,
    key: `decision:${decision.id}`,
    data: {
      assessmentId: assessment.id,
      decisionId: decision.id,
      outcome: decision.outcome,
      level: decision.level,
      ...(revision ? { certificate: revision.number } : {}),
    },
    bodyOnly: decision.outcome === 'return',
  });
  if (decision.outcome === 'return') {
    return notes.notify(
      auditorIds,
      {
        kind: 'decision_return',
        key: `decision:${decision.id}`,
        params: { organization },
        link: assessmentLink(assessment.id),
      },
      publicOrigin,
    );
  }
  const center = await notes.centerUsers(assessment.organizationId);
  if ((decision.outcome === 'suspend' || decision.outcome === 'withdraw') && revision) {
    const kind = decision.outcome === 'suspend' ? 'certificate_suspended' : 'certificate_withdrawn';
    await emitCertificateChange(tx, assessment.organizationId, revision.number, revision.row);
    return notes.notify(
      center,
      {
        kind,
        key: `${kind}:${revision.number}:${revision.row.revision}`,
        params: { certificate: revision.number, on: revision.row.effectiveOn },
        link: `/certificates/${encodeURIComponent(revision.number)}`,
      },
      publicOrigin,
    );
  }
  const kind = OUTCOME_KINDS[decision.outcome];
  if (!kind) return 0;
  return notes.notify(
    center,
    {
      kind,
      key: `decision:${decision.id}`,
      params: { organization, level: decision.level ?? '' },
      link: assessmentLink(assessment.id),
    },
    publicOrigin,
  );
}

/** A complaint or an appeal received: the certification body's admins handle it. */
export async function notifyComplaintReceived(
  tx: Executor,
  { publicOrigin }: Origin,
  complaint: {
    readonly id: string;
    readonly kind: 'complaint' | 'appeal';
    readonly reference: string;
    readonly organizationName: string;
  },
): Promise<number> {
  const notes = createNotificationsRepository(tx);
  return notes.notify(
    await notes.usersInRoles(['cb_admin']),
    {
      kind: complaint.kind === 'complaint' ? 'complaint_received' : 'appeal_received',
      key: `complaint:${complaint.id}`,
      params: { organization: complaint.organizationName, reference: complaint.reference },
      link: '/complaints',
    },
    publicOrigin,
  );
}

/** A center applied for certification on the public form: the body's admins decide it. */
export async function notifyApplicationReceived(
  tx: Executor,
  { publicOrigin }: Origin,
  application: { readonly id: string; readonly reference: string; readonly organizationName: string },
): Promise<number> {
  const notes = createNotificationsRepository(tx);
  return notes.notify(
    await notes.usersInRoles(['cb_admin']),
    {
      kind: 'application_received',
      key: `application:${application.id}`,
      params: { organization: application.organizationName, reference: application.reference },
      link: '/applications',
    },
    publicOrigin,
  );
}

/**
 * A certificate suspended or withdrawn, to webhooks: by a decision, or by the certificate job
 * (found by notification-jobs.ts with the same key, so each revision is sent once).
 */
export async function emitCertificateChange(
  tx: Executor,
  organizationId: string,
  number: string,
  revision: Pick<RevisionRow, 'event' | 'revision' | 'effectiveOn' | 'until' | 'reasonCode'>,
): Promise<number> {
  if (revision.event !== 'suspended' && revision.event !== 'withdrawn') return 0;
  const kind = revision.event === 'suspended' ? 'certificate_suspended' : 'certificate_withdrawn';
  return emitWebhookEvent(tx, {
    type: revision.event === 'suspended' ? 'certificate.suspended' : 'certificate.withdrawn',
    organizationId,
    key: `${kind}:${number}:${revision.revision}`,
    data: {
      number,
      revision: revision.revision,
      effectiveOn: revision.effectiveOn,
      until: revision.until,
      reasonCode: revision.reasonCode,
    },
  });
}
