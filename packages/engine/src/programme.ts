import type { AssessmentStatus } from './domain.ts';
import { addMonthsToDate } from './months.ts';

// A certified organization's audit programme (ISO/IEC 17021-1 §9.1.3): each certificate opens a
// cycle of planned audits — the rated audit that led to it (stage 2), a surveillance audit each
// year of its validity but the last (due on the anniversaries; China's CNCA rules: at most 12
// months apart), and a recertification before it expires. Each planned audit has a window, the
// assessment that fulfils it (if any) and a status worked out from the two and today's date.

export const PROGRAMME_AUDIT_KINDS = ['stage1', 'stage2', 'surveillance', 'recertification'] as const;
export type ProgrammeAuditKind = (typeof PROGRAMME_AUDIT_KINDS)[number];

export const PROGRAMME_AUDIT_STATUSES = ['planned', 'scheduled', 'in_progress', 'done', 'overdue'] as const;
export type ProgrammeAuditStatus = (typeof PROGRAMME_AUDIT_STATUSES)[number];

/** How long before its due date a surveillance audit may be held, in months. */
export const SURVEILLANCE_WINDOW_MONTHS = 3;
/** How long before expiry a recertification audit may be held, in months. */
export const RECERTIFICATION_WINDOW_MONTHS = 6;

export interface ProgrammeCertificate {
  readonly number: string;
  /** The rated audit the certificate was issued on. */
  readonly assessmentId: string;
  readonly issuedOn: string;
  readonly expiresOn: string;
  /** Surveillance due dates, one per year of validity but the last. */
  readonly surveillanceDue: readonly string[];
  /** A term renewed since: the recertification audit that renewed it. */
  readonly renewedBy?: string;
}

/** A recertification decided on a certificate: a new term under the same number. */
export interface CertificateRenewal {
  /** The recertification audit it was decided on. */
  readonly assessmentId: string;
  readonly renewedOn: string;
  /** The level it renewed the certificate at (a recertification may raise, keep or lower it). */
  readonly level: number;
  readonly expiresOn: string;
  readonly surveillanceDue: readonly string[];
}

/** One term of a certificate: its validity, surveillance dates and level, opened by a rated audit. */
export interface CertificateTerm extends ProgrammeCertificate {
  readonly level: number;
}

/**
 * The terms of a certificate under its one number, oldest first: the term it was issued for,
 * then one per renewal (each its own cycle; the last one is in force). A term is read as a
 * certificate issued on the renewal's date on the recertification audit.
 */
export function certificateTerms(
  certificate: CertificateTerm,
  renewals: readonly CertificateRenewal[],
): CertificateTerm[] {
  const issued: CertificateTerm = {
    number: certificate.number,
    assessmentId: certificate.assessmentId,
    level: certificate.level,
    issuedOn: certificate.issuedOn,
    expiresOn: certificate.expiresOn,
    surveillanceDue: certificate.surveillanceDue,
  };
  const sorted = [...renewals].sort((x, y) => x.renewedOn.localeCompare(y.renewedOn));
  const terms: CertificateTerm[] = [
    issued,
    ...sorted.map((r) => ({
      number: certificate.number,
      assessmentId: r.assessmentId,
      level: r.level,
      issuedOn: r.renewedOn,
      expiresOn: r.expiresOn,
      surveillanceDue: r.surveillanceDue,
    })),
  ];
  // Each term but the last was closed by the recertification audit that opened the next.
  return terms.map((term, i) => {
    const next = sorted[i];
    return next ? { ...term, renewedBy: next.assessmentId } : term;
  });
}

/** The term in force: the latest. */
export function currentTerm(
  certificate: CertificateTerm,
  renewals: readonly CertificateRenewal[],
): CertificateTerm {
  return certificateTerms(certificate, renewals).at(-1) ?? certificate;
}

/** An audit of the organization on the certificate's standard. */
export interface ProgrammeAssessment {
  readonly id: string;
  readonly kind: 'certification' | 'surveillance';
  readonly status: AssessmentStatus;
  readonly assessedOn: string;
}

export interface PlannedAudit {
  readonly kind: ProgrammeAuditKind;
  readonly dueFrom: string;
  readonly dueBy: string;
  readonly status: ProgrammeAuditStatus;
  readonly assessmentId: string | null;
}

/** Where a planned audit stands, from the assessment that fulfils it (if any) and today. */
export function plannedAuditStatus(
  assessment: Pick<ProgrammeAssessment, 'status'> | undefined,
  dueBy: string,
  today: string,
): ProgrammeAuditStatus {
  if (!assessment) return today > dueBy ? 'overdue' : 'planned';
  switch (assessment.status) {
    case 'draft':
      return 'scheduled';
    case 'decided':
    case 'refused':
      return 'done';
    default:
      return 'in_progress';
  }
}

/**
 * The cycle a certificate opens. Surveillance audits held after the issue (and by expiry) fill
 * the surveillance slots in date order; the first certification audit after the issue is the
 * recertification (surveillance after it belongs to the next cycle). Stage 1 (the document review) is not recorded as an assessment, so it does
 * not appear.
 */
export function certificateCycle(
  certificate: ProgrammeCertificate,
  audits: readonly ProgrammeAssessment[],
  today: string,
): PlannedAudit[] {
  const after = [...audits]
    .filter((a) => a.id !== certificate.assessmentId && a.assessedOn > certificate.issuedOn)
    .sort((x, y) => x.assessedOn.localeCompare(y.assessedOn) || x.id.localeCompare(y.id));
  // A renewed term: the audit that renewed it (not a refused attempt before it).
  const recertification =
    (certificate.renewedBy ? after.find((a) => a.id === certificate.renewedBy) : undefined) ??
    after.find((a) => a.kind === 'certification');
  // Surveillance after the recertification belongs to the next cycle.
  const end = recertification?.assessedOn ?? certificate.expiresOn;
  const surveillances = after.filter((a) => a.kind === 'surveillance' && a.assessedOn <= end);
  const stage2 = audits.find((a) => a.id === certificate.assessmentId);
  const planned: PlannedAudit[] = [
    {
      kind: 'stage2',
      dueFrom: stage2?.assessedOn ?? certificate.issuedOn,
      dueBy: certificate.issuedOn,
      status: 'done',
      assessmentId: certificate.assessmentId,
    },
  ];
  certificate.surveillanceDue.forEach((dueBy, i) => {
    const fulfilling = surveillances[i];
    planned.push({
      kind: 'surveillance',
      dueFrom: addMonthsToDate(dueBy, -SURVEILLANCE_WINDOW_MONTHS),
      dueBy,
      status: plannedAuditStatus(fulfilling, dueBy, today),
      assessmentId: fulfilling?.id ?? null,
    });
  });
  planned.push({
    kind: 'recertification',
    dueFrom: addMonthsToDate(certificate.expiresOn, -RECERTIFICATION_WINDOW_MONTHS),
    dueBy: certificate.expiresOn,
    status: plannedAuditStatus(recertification, certificate.expiresOn, today),
    assessmentId: recertification?.id ?? null,
  });
  return planned;
}
