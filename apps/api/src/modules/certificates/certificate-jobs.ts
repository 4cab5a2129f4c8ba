import type { Database } from '@ccmm/db';
import { SURVEILLANCE_OUTCOMES, SUSPENSION_MAX_MONTHS } from '@ccmm/engine';
import { addMonths } from '../../clock.ts';
import {
  appendRevision,
  type RevisionChange,
  revisionFieldsOf,
  signedFieldsOf,
} from './certificate-revisions.ts';
import type { CertificateSigner } from './certificate-signing.ts';
import { type CertificateView, createCertificatesRepository } from './certificates.repository.ts';

// The server's scheduled job on certificates (run at start-up and every CERTIFICATE_JOBS_MINUTES):
// what the passing of time decides, each recorded as a signed revision, never computed silently.

export interface CertificateJobResult {
  /** False when another process held the lock (it runs the job instead). */
  readonly ran: boolean;
  readonly signed: number;
  readonly suspended: readonly string[];
  readonly withdrawn: readonly string[];
}

export const OVERDUE_REASON = 'surveillance_overdue';
export const EXPIRED_SUSPENSION_REASON = 'suspension_expired';

/** The job's suspension, on `today`, of a certificate whose surveillance due on `due` was missed. */
export function overdueSuspension(today: string, due: string): RevisionChange {
  return {
    event: 'suspended',
    status: 'suspended',
    effectiveOn: today,
    until: addMonths(today, SUSPENSION_MAX_MONTHS),
    reasonCode: OVERDUE_REASON,
    reason: `no surveillance audit decided for the surveillance due on ${due}`,
    decidedBy: null,
  };
}

/** The job's withdrawal, on `today`, of a suspension past its deadline `until`. */
export function expiredSuspension(today: string, until: string): RevisionChange {
  return {
    event: 'withdrawn',
    status: 'withdrawn',
    effectiveOn: today,
    reasonCode: EXPIRED_SUSPENSION_REASON,
    reason: `the suspension passed its deadline (${until}) without being lifted`,
    decidedBy: null,
  };
}

/**
 * The latest surveillance due date of the term in force passed by `today` and the one before it
 * (the term's first day for the first), or null when none has passed yet.
 */
export function passedDue(
  certificate: CertificateView,
  today: string,
): { due: string; since: string } | null {
  // The term in force: a renewal starts its surveillance dates afresh.
  let since = certificate.validFrom;
  let found: { due: string; since: string } | null = null;
  for (const due of [...certificate.surveillanceDue].sort()) {
    if (due >= today) break;
    found = { due, since };
    since = due;
  }
  return found;
}

/**
 * Runs once, in one transaction under a PostgreSQL advisory lock (pg_try_advisory_xact_lock), so
 * that of several API processes one runs it at a time and the others skip:
 * - signs the revisions migrated from the status changes of before (they had no signature);
 * - suspends (reason surveillance_overdue, deadline six months) an active certificate whose
 *   latest surveillance due date passed with no surveillance audit of its organization on its
 *   standard decided since the due date before it, once per due date;
 * - withdraws (reason suspension_expired) a suspended certificate past its deadline.
 * Idempotent: a second run on the same day records nothing.
 */
export async function runCertificateJobs(
  db: Database,
  signer: CertificateSigner,
  today: string,
): Promise<CertificateJobResult> {
  return db.transaction(async (tx) => {
    const certificates = createCertificatesRepository(tx);
    if (!(await certificates.tryJobLock())) return { ran: false, signed: 0, suspended: [], withdrawn: [] };

    const unsigned = await certificates.unsignedRevisions();
    for (const { revision, certificate } of unsigned) {
      const signature = signer.signRevision(signedFieldsOf(certificate), revisionFieldsOf(revision));
      await certificates.signRevision(revision.id, signature, signer.keyId);
    }

    const suspended: string[] = [];
    const withdrawn: string[] = [];
    for (const certificate of await certificates.all(today)) {
      const latest = certificate.revisions.at(-1);
      if (certificate.status === 'suspended' && latest?.until && latest.until < today) {
        await appendRevision(tx, signer, certificate.number, expiredSuspension(today, latest.until));
        withdrawn.push(certificate.number);
        continue;
      }
      if (certificate.status !== 'active') continue;
      const passed = passedDue(certificate, today);
      if (!passed) continue;
      const done = await certificates.surveillanceDecidedSince(
        certificate.organizationId,
        certificate.standardRef,
        passed.since,
        SURVEILLANCE_OUTCOMES,
      );
      if (done || (await certificates.hasRevisionSince(certificate.number, OVERDUE_REASON, passed.due)))
        continue;
      await appendRevision(tx, signer, certificate.number, overdueSuspension(today, passed.due));
      suspended.push(certificate.number);
    }
    return { ran: true, signed: unsigned.length, suspended, withdrawn };
  });
}
