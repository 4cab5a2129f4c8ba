import type { ComplaintKind, ComplaintOutcome, Database, Executor } from '@ccmm/db';
import { CERTIFICATION_BODY_ROLES } from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import { addDays, clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { errors } from '../../errors.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { createCertificatesRepository } from '../certificates/certificates.repository.ts';
import { notifyComplaintReceived } from '../notifications/notification-events.ts';
import { createUsersRepository } from '../users/users.repository.ts';
import { type ComplaintRow, createComplaintsRepository, type NewComplaint } from './complaints.repository.ts';

const PREFIX: Record<ComplaintKind, string> = { complaint: 'C', appeal: 'A' };

/** Numbers the complaint or appeal ("C-2026-0001") and records it with its first event. */
async function lodge(
  tx: Executor,
  origin: { readonly publicOrigin: string },
  organizationName: string,
  values: Omit<NewComplaint, 'reference' | 'year' | 'sequence' | 'receivedOn'>,
  today: string,
): Promise<ComplaintRow> {
  const complaints = createComplaintsRepository(tx);
  const year = Number(today.slice(0, 4));
  const sequence = await complaints.nextSequence(values.kind, year);
  const reference = `${PREFIX[values.kind]}-${year}-${String(sequence).padStart(4, '0')}`;
  const row = await complaints.insert({ ...values, reference, year, sequence, receivedOn: today });
  await complaints.addEvent({
    complaintId: row.id,
    event: 'lodged',
    actorId: values.lodgedBy ?? null,
    on: today,
  });
  await notifyComplaintReceived(tx, origin, { ...row, organizationName });
  return row;
}

/**
 * A complaint from anyone about the center holding the certificate `number` (which must exist),
 * traced to the audit and decision behind the certificate.
 */
export async function lodgeComplaint({
  db,
  origin,
  number,
  text,
  contact,
}: {
  db: Database;
  origin: { readonly publicOrigin: string };
  number: string;
  text: string;
  contact: string | undefined;
}): Promise<ComplaintRow> {
  const today = clock.today();
  const certificate = await createCertificatesRepository(db).findAny(number, today);
  if (!certificate) throw errors.notFound('certificate.not_found');
  return db.transaction((tx) =>
    lodge(
      tx,
      origin,
      certificate.organizationName,
      {
        kind: 'complaint',
        organizationId: certificate.organizationId,
        assessmentId: certificate.assessmentId,
        decisionId: certificate.decisionId,
        certificateNumber: certificate.number,
        text,
        contact: contact || null,
        lodgedBy: null,
      },
      today,
    ),
  );
}

/**
 * The center admin's appeal against the latest certification decision on an assessment of
 * their center (the route has checked they see it): within `appealDays` of the decision, one
 * open appeal per decision.
 */
export async function lodgeAppeal({
  db,
  config,
  actor,
  assessment,
  text,
}: {
  db: Database;
  config: Config;
  actor: Actor;
  assessment: AssessmentView;
  text: string;
}): Promise<ComplaintRow> {
  const today = clock.today();
  return db.transaction(async (tx) => {
    const complaints = createComplaintsRepository(tx);
    const decision = await complaints.latestDecision(assessment.id);
    // A return sends the audit back to its auditors: it decides nothing yet.
    if (!decision || decision.outcome === 'return') throw errors.conflict('appeal.no_decision');
    const until = addDays(decision.decidedOn, config.appealDays);
    if (today > until) {
      throw errors.unprocessable('appeal.too_late', {
        decidedOn: decision.decidedOn,
        days: config.appealDays,
        until,
      });
    }
    const open = await complaints.openAppeal(decision.id);
    if (open) throw errors.conflict('appeal.already_open', { reference: open.reference });
    return lodge(
      tx,
      config,
      assessment.organizationName,
      {
        kind: 'appeal',
        organizationId: assessment.organizationId,
        assessmentId: assessment.id,
        decisionId: decision.id,
        certificateNumber: null,
        text,
        contact: null,
        lodgedBy: actor.userId,
      },
      today,
    );
  });
}

/**
 * Refuses a handler who is not of the certification body, or who took part in the audit or the
 * decision concerned (an auditor of the assessment, or anyone who decided on it).
 */
async function checkHandler(tx: Executor, complaint: ComplaintRow, handlerId: string, status: 403 | 422) {
  const user = await createUsersRepository(tx).findById(handlerId);
  if (!user || !CERTIFICATION_BODY_ROLES.includes(user.role)) {
    throw errors.unprocessable('complaint.handler_not_body');
  }
  const involved = await createComplaintsRepository(tx).involvedIn(complaint.assessmentId);
  if (involved.has(handlerId)) {
    throw status === 403
      ? errors.forbidden('complaint.handler_involved', { name: user.name })
      : errors.unprocessable('complaint.handler_involved', { name: user.name });
  }
}

function notClosed(row: ComplaintRow | undefined): ComplaintRow {
  if (!row) throw errors.notFound('complaint.not_found');
  if (row.status === 'closed') {
    throw errors.conflict('complaint.closed', { reference: row.reference, closedOn: row.closedOn ?? '' });
  }
  return row;
}

/** Assigns (or reassigns) the handler of an open complaint or appeal. */
export async function assignHandler({
  db,
  actor,
  id,
  handlerId,
}: {
  db: Database;
  actor: Actor;
  id: string;
  handlerId: string;
}): Promise<void> {
  const today = clock.today();
  await db.transaction(async (tx) => {
    const complaints = createComplaintsRepository(tx);
    const row = notClosed(await complaints.lock(id));
    await checkHandler(tx, row, handlerId, 422);
    await complaints.update(id, { status: 'assigned', handlerId });
    await complaints.addEvent({
      complaintId: id,
      event: 'assigned',
      actorId: actor.userId,
      handlerId,
      on: today,
    });
  });
}

/**
 * The outcome, recorded by the assigned handler (checked again: they may have taken part in a
 * decision on the audit since), dated today; the complaint or appeal is closed.
 */
export async function recordOutcome({
  db,
  actor,
  id,
  outcome,
  text,
}: {
  db: Database;
  actor: Actor;
  id: string;
  outcome: ComplaintOutcome;
  text: string;
}): Promise<void> {
  const today = clock.today();
  await db.transaction(async (tx) => {
    const complaints = createComplaintsRepository(tx);
    const found = await complaints.lock(id);
    if (!found) throw errors.notFound('complaint.not_found');
    if (found.handlerId !== actor.userId) throw errors.forbidden('complaint.not_handler');
    const row = notClosed(found);
    await checkHandler(tx, row, actor.userId, 403);
    await complaints.update(id, { status: 'closed', outcome, outcomeText: text, closedOn: today });
    await complaints.addEvent({
      complaintId: id,
      event: 'closed',
      actorId: actor.userId,
      outcome,
      text,
      on: today,
    });
  });
}
