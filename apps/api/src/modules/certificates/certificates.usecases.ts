import type { Database } from '@ccmm/db';
import { SUSPENSION_MAX_MONTHS } from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import { addMonths, clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { appendRevision } from './certificate-revisions.ts';
import type { CertificateSigner } from './certificate-signing.ts';
import type { CertificateView } from './certificates.repository.ts';

// The certification body's own decisions on a certificate, outside an audit: suspend, reinstate
// (lift a suspension, once its cause is resolved and verified), withdraw. Each is a new signed
// revision; withdrawn and superseded are final.

function refuseFinal(row: CertificateView): void {
  if (row.status === 'withdrawn') throw errors.conflict('certificate.withdrawn');
  if (row.status === 'superseded') {
    throw errors.conflict('certificate.superseded', { number: row.supersededBy ?? '' });
  }
}

/** Lifts a suspension: the only way a suspension ends, short of its withdrawal. */
export async function reinstateCertificate({
  db,
  signer,
  actor,
  certificate: row,
  reason,
}: {
  db: Database;
  signer: CertificateSigner;
  actor: Actor;
  certificate: CertificateView;
  reason: string;
}): Promise<void> {
  refuseFinal(row);
  if (row.status !== 'suspended') throw errors.conflict('certificate.not_suspended', { status: row.status });
  await db.transaction((tx) =>
    appendRevision(tx, signer, row.number, {
      event: 'reinstated',
      status: 'active',
      effectiveOn: clock.today(),
      reasonCode: 'reinstated',
      reason,
      decidedBy: actor.userId,
    }),
  );
}

/** Suspends (with a deadline at most six months away), reinstates or withdraws a certificate. */
export async function changeCertificateStatus({
  db,
  signer,
  actor,
  certificate: row,
  change,
}: {
  db: Database;
  signer: CertificateSigner;
  actor: Actor;
  certificate: CertificateView;
  change: { status: 'active' | 'suspended' | 'withdrawn'; reason: string; until?: string | undefined };
}): Promise<void> {
  const today = clock.today();
  refuseFinal(row);
  if (change.status === 'active') {
    await reinstateCertificate({ db, signer, actor, certificate: row, reason: change.reason });
    return;
  }
  if (change.status === 'suspended') {
    const { until } = change;
    if (!until || until <= today || until > addMonths(today, SUSPENSION_MAX_MONTHS)) {
      throw errors.badRequest('certificate.until_required', { months: SUSPENSION_MAX_MONTHS });
    }
    if (row.status === 'suspended') throw errors.conflict('certificate.already_suspended');
  }
  await db.transaction((tx) =>
    appendRevision(tx, signer, row.number, {
      event: change.status === 'suspended' ? 'suspended' : 'withdrawn',
      status: change.status,
      effectiveOn: today,
      until: change.status === 'suspended' ? (change.until ?? null) : null,
      reasonCode: change.status === 'suspended' ? 'suspended' : 'withdrawn',
      reason: change.reason,
      decidedBy: actor.userId,
    }),
  );
}
