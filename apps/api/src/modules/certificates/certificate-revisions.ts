import type { CertificateEvent, CertificateRecordedStatus, Executor } from '@ccmm/db';
import { errors } from '../../errors.ts';
import type { CertificateSigner, RevisionSignedFields, SignedFields } from './certificate-signing.ts';
import {
  type CertificateRow,
  createCertificatesRepository,
  type RevisionRow,
} from './certificates.repository.ts';

// A certificate changes only by a new signed revision, appended under a lock on the certificate.

export interface RevisionChange {
  readonly event: CertificateEvent;
  readonly status: CertificateRecordedStatus;
  /** The new level; unset: the current one. */
  readonly level?: number;
  readonly effectiveOn: string;
  readonly until?: string | null;
  readonly reasonCode?: string | null;
  readonly reason?: string | null;
  readonly supersededBy?: string | null;
  /** Renewed: the new validity's end, the new term's surveillance due dates, the decision's snapshot hash. */
  readonly expiresOn?: string | null;
  readonly surveillanceDue?: readonly string[] | null;
  readonly snapshotHash?: string | null;
  readonly decisionId?: string | null;
  /** Who decided it; null: the scheduled job. */
  readonly decidedBy: string | null;
}

/** The certificate's own signed fields, as issued (its level: the issued level). */
export function signedFieldsOf(row: CertificateRow): SignedFields {
  return {
    number: row.number,
    organizationName: row.organizationName,
    sites: row.sites,
    scope: row.scope,
    level: row.level,
    standardRef: row.standardRef,
    issuedOn: row.issuedOn,
    expiresOn: row.expiresOn,
    certifyingBody: row.certifyingBody,
    snapshotHash: row.snapshotHash,
  };
}

export function revisionFieldsOf(row: RevisionSignedFields): RevisionSignedFields {
  return {
    revision: row.revision,
    event: row.event,
    level: row.level,
    status: row.status,
    effectiveOn: row.effectiveOn,
    until: row.until,
    reasonCode: row.reasonCode,
    reason: row.reason,
    supersededBy: row.supersededBy,
    decidedBy: row.decidedBy,
    expiresOn: row.expiresOn,
    snapshotHash: row.snapshotHash,
  };
}

/** A certificate's signed fields as issued, from its view (whose level and validity are the current ones). */
export function issuedFieldsOf(
  certificate: CertificateRow & { readonly issuedLevel: number; readonly issuedExpiresOn: string },
): SignedFields {
  return signedFieldsOf({
    ...certificate,
    level: certificate.issuedLevel,
    expiresOn: certificate.issuedExpiresOn,
  });
}

/** True only when the certificate's signature and every revision's signature verify. */
export function certificateVerifies(
  signer: CertificateSigner,
  certificate: CertificateRow & {
    readonly issuedLevel: number;
    readonly issuedExpiresOn: string;
    readonly revisions: readonly RevisionRow[];
  },
): boolean {
  const fields = issuedFieldsOf(certificate);
  return (
    signer.verify({
      ...fields,
      signature: certificate.signature,
      snapshot: certificate.snapshot,
      keyId: certificate.keyId,
    }) &&
    certificate.revisions.length > 0 &&
    certificate.revisions.every(
      (r, i) =>
        r.revision === i + 1 &&
        signer.verifyRevision(fields, { ...revisionFieldsOf(r), signature: r.signature, keyId: r.keyId }),
    )
  );
}

/**
 * Appends the next revision of a certificate (run inside a transaction). Withdrawn and
 * superseded are final: nothing follows them.
 */
export async function appendRevision(
  db: Executor,
  signer: CertificateSigner,
  number: string,
  change: RevisionChange,
): Promise<RevisionRow> {
  const certificates = createCertificatesRepository(db);
  const row = await certificates.lock(number);
  if (!row) throw errors.notFound('certificate.not_found');
  const latest = await certificates.latestRevision(number);
  if (latest && (latest.status === 'withdrawn' || latest.status === 'superseded')) {
    throw errors.conflict(
      latest.status === 'withdrawn' ? 'certificate.withdrawn' : 'certificate.superseded',
      {
        number: latest.supersededBy ?? '',
      },
    );
  }
  const fields: RevisionSignedFields = {
    revision: (latest?.revision ?? 0) + 1,
    event: change.event,
    level: change.level ?? latest?.level ?? row.level,
    status: change.status,
    effectiveOn: change.effectiveOn,
    until: change.until ?? null,
    reasonCode: change.reasonCode ?? null,
    reason: change.reason ?? null,
    supersededBy: change.supersededBy ?? null,
    decidedBy: change.decidedBy,
    expiresOn: change.expiresOn ?? null,
    snapshotHash: change.snapshotHash ?? null,
  };
  return certificates.insertRevision({
    ...fields,
    certificateNumber: number,
    event: change.event,
    status: change.status,
    surveillanceDue: change.surveillanceDue ? [...change.surveillanceDue] : null,
    decisionId: change.decisionId ?? null,
    signature: signer.signRevision(signedFieldsOf(row), fields),
    keyId: signer.keyId,
  });
}
