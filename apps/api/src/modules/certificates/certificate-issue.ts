import type { Executor } from '@ccmm/db';
import { addYears } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { appendRevision } from './certificate-revisions.ts';
import type { CertificateSigner } from './certificate-signing.ts';
import { type CertificateRow, createCertificatesRepository } from './certificates.repository.ts';

/** Surveillance audits fall due each year of a certificate's validity but the last. */
export function surveillanceDates(issuedOn: string, validityYears: number): string[] {
  return Array.from({ length: Math.max(0, validityYears - 1) }, (_, i) => addYears(issuedOn, i + 1));
}

/** "cc-cmm-oc@2017", 2026, 1 → "CCMM-OC-2026-0001". */
export function certificateNumber(standardRef: string, year: number, sequence: number): string {
  const scheme = (standardRef.split('@')[0] ?? '').replace(/^cc-cmm-?/, '').toUpperCase();
  return `CCMM-${scheme || 'OC'}-${year}-${String(sequence).padStart(4, '0')}`;
}

export interface IssueInput {
  readonly decisionId: string;
  /** Who decided it (recorded on revision 1). */
  readonly decidedBy: string;
  /** The decision's date: the certificate is issued on it. */
  readonly decidedOn: string;
  readonly assessmentId: string;
  readonly organization: { readonly id: string; readonly name: string; readonly sites: readonly string[] };
  readonly standardRef: string;
  readonly scope: string | null;
  readonly level: number;
  readonly snapshot: unknown;
  readonly snapshotHash: string;
}

/**
 * Numbers, dates and signs a certificate with its revision 1 (issued), and supersedes the
 * organization's current certificate on the same standard (a revision naming the new number);
 * run inside the decision's transaction.
 */
export async function issueCertificate(
  db: Executor,
  config: Config,
  signer: CertificateSigner,
  input: IssueInput,
): Promise<CertificateRow> {
  const certificates = createCertificatesRepository(db);
  const issuedOn = input.decidedOn;
  const year = Number(issuedOn.slice(0, 4));
  const sequence = await certificates.nextSequence(year);
  const fields = {
    number: certificateNumber(input.standardRef, year, sequence),
    organizationName: input.organization.name,
    sites: [...input.organization.sites],
    scope: input.scope,
    level: input.level,
    standardRef: input.standardRef,
    issuedOn,
    expiresOn: addYears(issuedOn, config.certificateValidityYears),
    certifyingBody: config.certificationBodyName,
    snapshotHash: input.snapshotHash,
  };
  const previous = (await certificates.ofOrganization(input.organization.id, issuedOn)).filter(
    (c) => c.standardRef === input.standardRef && (c.status === 'active' || c.status === 'suspended'),
  );
  const issued = await certificates.insert({
    ...fields,
    year,
    sequence,
    decisionId: input.decisionId,
    assessmentId: input.assessmentId,
    organizationId: input.organization.id,
    surveillanceDue: surveillanceDates(issuedOn, config.certificateValidityYears),
    snapshot: input.snapshot,
    signature: signer.sign(fields),
    keyId: signer.keyId,
  });
  await appendRevision(db, signer, issued.number, {
    event: 'issued',
    status: 'active',
    level: input.level,
    effectiveOn: issuedOn,
    decisionId: input.decisionId,
    decidedBy: input.decidedBy,
  });
  for (const old of previous) {
    await appendRevision(db, signer, old.number, {
      event: 'superseded',
      status: 'superseded',
      effectiveOn: issuedOn,
      reasonCode: 'superseded',
      supersededBy: issued.number,
      decisionId: input.decisionId,
      decidedBy: input.decidedBy,
    });
  }
  return issued;
}
