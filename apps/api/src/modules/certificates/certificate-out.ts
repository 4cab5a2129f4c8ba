import type { LocalizedText } from '@ccmm/engine';
import type { StandardRegistry } from '../../plugins/context.ts';
import type { CertificateSigner } from './certificate-signing.ts';
import type { CertificateView } from './certificates.repository.ts';

// A certificate as the routes answer it (the `certificate` and `publicCertificate` schemas).

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

export function certificateOut(standards: StandardRegistry, signer: CertificateSigner, row: CertificateView) {
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
    expiresOn: row.expiresOn,
    surveillanceDue: row.surveillanceDue,
    certifyingBody: row.certifyingBody,
    assessmentId: row.assessmentId,
    decisionId: row.decisionId,
    snapshotHash: row.snapshotHash,
    signatureValid: signer.verify(row),
    history: [...row.history],
  };
}
