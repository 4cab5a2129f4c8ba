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
 * Certifies an organization on a standard (run inside the decision's transaction). When it holds
 * a current certificate (active or suspended) on that standard, the decision is its
 * recertification: the same number is renewed by a signed revision (the new level, active, a new
 * validity and surveillance dates from the decision's date). Otherwise a new certificate is
 * numbered, dated and signed with its revision 1 (issued). Any other current certificate on the
 * standard (only one should exist; older data may hold two) is superseded by it.
 */
/** What a certification did: the certificate issued or renewed, and those it superseded. */
export interface Certified {
  readonly number: string;
  readonly renewed: boolean;
  /** The end of the validity it set. */
  readonly expiresOn: string;
  readonly superseded: readonly string[];
}

export async function issueCertificate(
  db: Executor,
  config: Config,
  signer: CertificateSigner,
  input: IssueInput,
): Promise<Certified> {
  const certificates = createCertificatesRepository(db);
  // Newest first: the one renewed is the latest issued.
  const [renewing, ...others] = (
    await certificates.ofOrganization(input.organization.id, input.decidedOn)
  ).filter((c) => c.standardRef === input.standardRef && (c.status === 'active' || c.status === 'suspended'));
  const expiresOn = addYears(input.decidedOn, config.certificateValidityYears);
  const certificate = renewing
    ? await renewCertificate(db, config, signer, renewing, input)
    : await newCertificate(db, config, signer, input);
  for (const old of others) {
    await appendRevision(db, signer, old.number, {
      event: 'superseded',
      status: 'superseded',
      effectiveOn: input.decidedOn,
      reasonCode: 'superseded',
      supersededBy: certificate.number,
      decisionId: input.decisionId,
      decidedBy: input.decidedBy,
    });
  }
  return {
    number: certificate.number,
    renewed: renewing !== undefined,
    expiresOn,
    superseded: others.map((c) => c.number),
  };
}

async function renewCertificate(
  db: Executor,
  config: Config,
  signer: CertificateSigner,
  certificate: CertificateRow,
  input: IssueInput,
): Promise<CertificateRow> {
  await appendRevision(db, signer, certificate.number, {
    event: 'renewed',
    status: 'active',
    level: input.level,
    effectiveOn: input.decidedOn,
    reasonCode: 'renewed',
    expiresOn: addYears(input.decidedOn, config.certificateValidityYears),
    surveillanceDue: surveillanceDates(input.decidedOn, config.certificateValidityYears),
    snapshotHash: input.snapshotHash,
    decisionId: input.decisionId,
    decidedBy: input.decidedBy,
  });
  return certificate;
}

async function newCertificate(
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
  return issued;
}
