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

// An initial certification is two stages: stage 1 reviews the center's documents off site and
// finds it ready (or not) for stage 2, the rated audit on site. A stage 2 held more than
// STAGE1_VALID_MONTHS after stage 1 needs stage 1 again (a recertification needs none).

export const STAGE1_RESULTS = ['ready', 'not_ready'] as const;
export type Stage1Result = (typeof STAGE1_RESULTS)[number];

/** How long a stage 1 review that found the center ready stands for its stage 2, in months. */
export const STAGE1_VALID_MONTHS = 6;

/** A stage 1 review; lists of them are in the order recorded. */
export interface Stage1Review {
  readonly id: string;
  readonly reviewedOn: string;
  readonly result: Stage1Result;
}

/** Why a stage 2 audit on a date may not be held: no stage 1, stage 1 found it not ready, or too old. */
export type Stage1Gap =
  | { readonly gap: 'missing' }
  | { readonly gap: 'not_ready' | 'expired'; readonly review: Stage1Review };

/** The latest stage 1 review on or before `date`; of two on one day, the later recorded. */
function latestReview(reviews: readonly Stage1Review[], date: string): Stage1Review | undefined {
  let latest: Stage1Review | undefined;
  for (const r of reviews)
    if (r.reviewedOn <= date && (!latest || r.reviewedOn >= latest.reviewedOn)) latest = r;
  return latest;
}

/**
 * The stage 1 review a stage 2 audit on `assessedOn` stands on, or why there is none: the latest
 * review up to that day decides (a later "not ready" overrides an earlier "ready"), and it must
 * be at most STAGE1_VALID_MONTHS old.
 */
export function stage1For(
  reviews: readonly Stage1Review[],
  assessedOn: string,
): { readonly gap: null; readonly review: Stage1Review } | Stage1Gap {
  const review = latestReview(reviews, assessedOn);
  if (!review) return { gap: 'missing' };
  if (review.result !== 'ready') return { gap: 'not_ready', review };
  if (addMonthsToDate(review.reviewedOn, STAGE1_VALID_MONTHS) < assessedOn) return { gap: 'expired', review };
  return { gap: null, review };
}

/** Stage 1 as a planned audit of a cycle: done on the review's day (no assessment: it is a review). */
function stage1Done(review: Stage1Review): PlannedAudit {
  return {
    kind: 'stage1',
    dueFrom: review.reviewedOn,
    dueBy: review.reviewedOn,
    status: 'done',
    assessmentId: null,
  };
}

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
 * recertification (surveillance after it belongs to the next cycle). The cycle starts with stage 1
 * when the stage 2 stood on a stage 1 review (an initial certification; see stage1For).
 */
export function certificateCycle(
  certificate: ProgrammeCertificate,
  audits: readonly ProgrammeAssessment[],
  today: string,
  stage1Reviews: readonly Stage1Review[] = [],
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
  const stage1 = stage2 && stage1For(stage1Reviews, stage2.assessedOn);
  const planned: PlannedAudit[] = [
    ...(stage1?.gap === null ? [stage1Done(stage1.review)] : []),
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

/**
 * The cycle under way before a certificate: once the latest stage 1 review found the center
 * ready, stage 2 is due within STAGE1_VALID_MONTHS (overdue past it: stage 1 again). Undefined
 * when there is no such review, or its stage 2 was certified (`certified`: the audits that
 * issued a certificate) and the certificate's own cycle shows it.
 */
export function pendingCycle(
  stage1Reviews: readonly Stage1Review[],
  certificationAudits: readonly Omit<ProgrammeAssessment, 'kind'>[],
  certified: ReadonlySet<string>,
  today: string,
): PlannedAudit[] | undefined {
  const review = latestReview(stage1Reviews, '9999-12-31');
  if (review?.result !== 'ready') return undefined;
  const dueBy = addMonthsToDate(review.reviewedOn, STAGE1_VALID_MONTHS);
  const stage2 = [...certificationAudits]
    .filter((a) => a.assessedOn >= review.reviewedOn && a.assessedOn <= dueBy)
    .sort((x, y) => x.assessedOn.localeCompare(y.assessedOn) || x.id.localeCompare(y.id))[0];
  if (stage2 && certified.has(stage2.id)) return undefined;
  return [
    stage1Done(review),
    {
      kind: 'stage2',
      dueFrom: review.reviewedOn,
      dueBy,
      status: plannedAuditStatus(stage2, dueBy, today),
      assessmentId: stage2?.id ?? null,
    },
  ];
}
