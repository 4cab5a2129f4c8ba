import type { LocalizedText } from '@ccmm/engine';
import type { StandardRegistry } from '../../plugins/context.ts';
import { certificateVerifies, issuedFieldsOf, revisionFieldsOf } from './certificate-revisions.ts';
import type { CertificateSigner } from './certificate-signing.ts';
import type { CertificateView } from './certificates.repository.ts';

// A certificate as the routes answer it (the `certificate` and `publicCertificate` schemas).

/** The day the current validity began when a renewal set it; null: as issued. */
export function renewedOn(row: Pick<CertificateView, 'issuedOn' | 'validFrom'>): string | null {
  return row.validFrom === row.issuedOn ? null : row.validFrom;
}

/** What every view of a certificate shows of its standard and level, from the pack. */
export function certificateLabels(
  standards: StandardRegistry,
  row: Pick<CertificateView, 'standardRef' | 'level'>,
) {
  const { standard } = standards.get(row.standardRef);
  const levelName: LocalizedText = standard.levels.find((l) => l.level === row.level)?.name ?? {
    'zh-Hans': `L${row.level}`,
    'zh-Hant': `L${row.level}`,
    en: `L${row.level}`,
  };
  return { levelName, standard: { ref: row.standardRef, version: standard.version, title: standard.title } };
}

/** A certificate as the list answers it (the `certificateSummary` schema): nothing verified. */
export function certificateSummaryOut(standards: StandardRegistry, row: CertificateView) {
  return {
    number: row.number,
    status: row.status,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    sites: row.sites,
    scope: row.scope,
    level: row.level,
    ...certificateLabels(standards, row),
    issuedOn: row.issuedOn,
    renewedOn: renewedOn(row),
    expiresOn: row.expiresOn,
    surveillanceDue: row.surveillanceDue,
    certifyingBody: row.certifyingBody,
    assessmentId: row.assessmentId,
    decisionId: row.decisionId,
    snapshotHash: row.snapshotHash,
    issuedLevel: row.issuedLevel,
    revision: row.revision,
    supersededBy: row.supersededBy,
  };
}

export function certificateOut(standards: StandardRegistry, signer: CertificateSigner, row: CertificateView) {
  return {
    ...certificateSummaryOut(standards, row),
    signatureValid: certificateVerifies(signer, row),
    history: row.revisions.map((r) => ({
      revision: r.revision,
      event: r.event,
      level: r.level,
      status: r.status,
      on: r.effectiveOn,
      until: r.until,
      reasonCode: r.reasonCode,
      reason: r.reason,
      supersededBy: r.supersededBy,
      decisionId: r.decisionId,
      decidedBy: r.decidedBy,
      decidedByName: r.decidedByName,
      recordedAt: r.recordedAt,
      signatureValid: signer.verifyRevision(issuedFieldsOf(row), {
        ...revisionFieldsOf(r),
        signature: r.signature,
        keyId: r.keyId,
      }),
    })),
  };
}

/** What anyone may learn of a certificate (public verification). */
export function publicCertificateOut(
  standards: StandardRegistry,
  signer: CertificateSigner,
  row: CertificateView,
) {
  const { levelName, standard } = certificateLabels(standards, row);
  return {
    number: row.number,
    status: row.status,
    level: row.level,
    levelName,
    organization: row.organizationName,
    standard,
    issuedOn: row.issuedOn,
    renewedOn: renewedOn(row),
    expiresOn: row.expiresOn,
    signatureValid: certificateVerifies(signer, row),
    revision: row.revision,
    supersededBy: row.supersededBy,
    history: row.revisions.map((r) => ({
      revision: r.revision,
      on: r.effectiveOn,
      event: r.event,
      level: r.level,
      status: r.status,
    })),
  };
}
