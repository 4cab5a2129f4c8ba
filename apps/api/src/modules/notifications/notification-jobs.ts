import { type Database, schema } from '@ccmm/db';
import { SURVEILLANCE_OUTCOMES } from '@ccmm/engine';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { addDays } from '../../clock.ts';
import { createCertificatesRepository } from '../certificates/certificates.repository.ts';
import { emitWebhookEvent } from '../webhooks/webhook-events.ts';
import { emitCertificateChange } from './notification-events.ts';
import { createNotificationsRepository, type NewNotification } from './notifications.repository.ts';

// The notifications the passing of time causes, evaluated by a job (at start-up and with the
// certificate job). Each event has a key, so a second run on the same day, or on the next,
// notifies nobody twice.

/** Suspensions and withdrawals older than this are history, not news (a first run on old data). */
const RECENT_DAYS = 30;
const OPEN_FINDING_STATES = ['open', 'plan_submitted', 'plan_accepted'] as const;

export interface NotificationJobResult {
  readonly ran: boolean;
  readonly notified: number;
  /** Webhook deliveries queued. */
  readonly webhooks: number;
}

/**
 * Runs once under an advisory lock (pg_try_advisory_xact_lock; several processes: one runs):
 * - surveillance due within 60 days, within 30 days, and overdue (no surveillance audit decided
 *   since the due date before), to the center's users;
 * - certificate expiring within 90 days; suspended or withdrawn (the last 30 days' revisions);
 * - corrective action (an open finding's plan date) due within 7 days, and overdue.
 */
export async function runNotificationJobs(
  db: Database,
  { publicOrigin }: { publicOrigin: string },
  today: string,
): Promise<NotificationJobResult> {
  return db.transaction(async (tx) => {
    const notes = createNotificationsRepository(tx);
    if (!(await notes.tryJobLock())) return { ran: false, notified: 0, webhooks: 0 };
    const certificates = createCertificatesRepository(tx);
    let notified = 0;
    let webhooks = 0;
    const centerUsers = new Map<string, string[]>();
    const usersOf = async (organizationId: string) => {
      let ids = centerUsers.get(organizationId);
      if (!ids) {
        ids = await notes.centerUsers(organizationId);
        centerUsers.set(organizationId, ids);
      }
      return ids;
    };
    const send = async (organizationId: string, n: NewNotification) => {
      notified += await notes.notify(await usersOf(organizationId), n, publicOrigin);
    };

    for (const c of await certificates.all(today)) {
      const link = `/certificates/${encodeURIComponent(c.number)}`;
      for (const revision of c.revisions) {
        if (revision.effectiveOn < addDays(today, -RECENT_DAYS) || revision.effectiveOn > today) continue;
        if (revision.event !== 'suspended' && revision.event !== 'withdrawn') continue;
        const kind = revision.event === 'suspended' ? 'certificate_suspended' : 'certificate_withdrawn';
        webhooks += await emitCertificateChange(tx, c.organizationId, c.number, revision);
        await send(c.organizationId, {
          kind,
          key: `${kind}:${c.number}:${revision.revision}`,
          params: { certificate: c.number, on: revision.effectiveOn },
          link,
        });
      }
      if (c.status !== 'active') continue;
      if (c.expiresOn >= today && c.expiresOn <= addDays(today, 90)) {
        webhooks += await emitWebhookEvent(tx, {
          type: 'certificate.expiring',
          organizationId: c.organizationId,
          key: `certificate_expiring:${c.number}:${c.expiresOn}`,
          data: { number: c.number, level: c.level, standard: c.standardRef, expiresOn: c.expiresOn },
        });
        await send(c.organizationId, {
          kind: 'certificate_expiring',
          key: `certificate_expiring:${c.number}:${c.expiresOn}`,
          params: { certificate: c.number, expires: c.expiresOn },
          link,
        });
      }
      let since = c.validFrom;
      for (const due of [...c.surveillanceDue].sort()) {
        if (due < c.validFrom) continue;
        const previous = since;
        since = due;
        if (due > addDays(today, 60)) break;
        const done = await certificates.surveillanceDecidedSince(
          c.organizationId,
          c.standardRef,
          previous,
          SURVEILLANCE_OUTCOMES,
        );
        if (done) continue;
        const kind =
          due < today
            ? 'surveillance_overdue'
            : due <= addDays(today, 30)
              ? 'surveillance_due_30'
              : 'surveillance_due_60';
        await send(c.organizationId, {
          kind,
          key: `${kind}:${c.number}:${due}`,
          params: { certificate: c.number, due },
          link,
        });
      }
    }

    const { findings, assessments, organizations } = schema;
    const open = await tx
      .select({
        id: findings.id,
        number: findings.number,
        dueOn: findings.dueOn,
        assessmentId: findings.assessmentId,
        organizationId: assessments.organizationId,
        organization: organizations.name,
      })
      .from(findings)
      .innerJoin(assessments, eq(assessments.id, findings.assessmentId))
      .innerJoin(organizations, eq(organizations.id, assessments.organizationId))
      .where(and(isNotNull(findings.dueOn), inArray(findings.state, [...OPEN_FINDING_STATES])));
    for (const f of open) {
      if (!f.dueOn || f.dueOn > addDays(today, 7)) continue;
      const kind = f.dueOn < today ? 'finding_overdue' : 'finding_due_7';
      if (kind === 'finding_overdue') {
        webhooks += await emitWebhookEvent(tx, {
          type: 'finding.overdue',
          organizationId: f.organizationId,
          key: `finding_overdue:${f.id}:${f.dueOn}`,
          data: { findingId: f.id, number: f.number, assessmentId: f.assessmentId, dueOn: f.dueOn },
        });
      }
      await send(f.organizationId, {
        kind,
        key: `${kind}:${f.id}:${f.dueOn}`,
        params: { organization: f.organization, number: f.number, due: f.dueOn },
        link: `/assessments/${f.assessmentId}`,
      });
    }
    return { ran: true, notified, webhooks };
  });
}
