// The platform's vocabulary: who takes part and where an assessment stands. The database's
// enums, the API's rules and the web's pages all read it from here, so they cannot drift apart.

/** Everyone who signs in; the order is the database enum's (changing it is a migration). */
export const ROLES = [
  'cb_admin',
  'cb_reviewer',
  'auditor',
  'center_admin',
  'center_member',
  'consultant',
] as const;
export type Role = (typeof ROLES)[number];

/** The certification body: sees every organization, reviews audits and decides certificates. */
export const CERTIFICATION_BODY_ROLES: readonly Role[] = ['cb_admin', 'cb_reviewer'];

/** A center's own users: they see only their organization and rate its self-assessments. */
export const CENTER_ROLES: readonly Role[] = ['center_admin', 'center_member'];

export const isCenterRole = (role: Role): boolean => CENTER_ROLES.includes(role);

/**
 * Whoever reads one organization's benchmarks (ratings, self-vs-audit, KPIs): the certification
 * body, the organization's own center, granted consultants (the organizations scope decides
 * which). Auditors have no benchmark view.
 */
export const BENCHMARK_READERS: readonly Role[] = [
  ...CERTIFICATION_BODY_ROLES,
  ...CENTER_ROLES,
  'consultant',
];

/** A center rates itself (self); the certification body's auditors rate the two audits. */
export const ASSESSMENT_KINDS = ['self', 'certification', 'surveillance'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** The kinds an auditor rates and the certification body decides (a certificate can follow). */
export const AUDIT_KINDS: readonly AssessmentKind[] = ['certification', 'surveillance'];

/**
 * draft → in_progress → submitted; an audit then goes to review (in_review) and is decided
 * (a certificate), returned to the auditors (open for ratings again) or refused. The order is
 * the database enum's (changing it is a migration).
 */
export const ASSESSMENT_STATUSES = [
  'draft',
  'in_progress',
  'submitted',
  'in_review',
  'decided',
  'returned',
  'refused',
] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** Open for ratings until submitted; an audit the reviewer returned is open again. */
export const OPEN_STATUSES: readonly AssessmentStatus[] = ['draft', 'in_progress', 'returned'];

/**
 * Counted in a cohort (and a comparison) only once its ratings no longer change: a draft or
 * in-progress one may change, a returned audit is being revised.
 */
export const SETTLED_STATUSES: readonly AssessmentStatus[] = ['submitted', 'in_review', 'decided', 'refused'];

/**
 * A submitted audit is reviewed and decided. A decided or refused one may be decided again: a
 * correction is a new decision, never an edit of the old one.
 */
export const DECIDABLE_STATUSES: readonly AssessmentStatus[] = [
  'submitted',
  'in_review',
  'decided',
  'refused',
];

/** Every status of a submitted audit: from then on the certification body sees its review (decisions, certificate). */
export const REVIEWED_STATUSES: readonly AssessmentStatus[] = [
  'submitted',
  'in_review',
  'decided',
  'returned',
  'refused',
];

export const isOpenForRatings = (status: AssessmentStatus): boolean => OPEN_STATUSES.includes(status);

/** The one who would rate: their role and, for center users, their organization. */
export interface Rater {
  readonly role: Role;
  readonly organizationId: string | null;
}

/**
 * Assigned auditors rate audits; in a self-assessment the center's own users rate. The
 * certification body and consultants read only. Whether the assessment is still open is a
 * separate question (isOpenForRatings): the API answers the two with different errors.
 */
export function mayRate(
  rater: Rater,
  assessment: { readonly kind: AssessmentKind; readonly organizationId: string },
  isAssignedAuditor: boolean,
): boolean {
  if (rater.role === 'auditor') return isAssignedAuditor;
  if (isCenterRole(rater.role)) {
    return assessment.kind === 'self' && rater.organizationId === assessment.organizationId;
  }
  return false;
}

/**
 * An audit in progress belongs to its team: the audited center (and the consultants it grants
 * access) sees its ratings, notes, evidence, running total and trend point only once it is
 * submitted, so the center cannot watch, or lean on, the auditors while they rate. A returned
 * audit is being revised and is sealed again. Self-assessments are never sealed.
 */
export function isSealedFrom(
  reader: { readonly role: Role },
  assessment: { readonly kind: AssessmentKind; readonly status: AssessmentStatus },
): boolean {
  if (!isCenterRole(reader.role) && reader.role !== 'consultant') return false;
  return AUDIT_KINDS.includes(assessment.kind) && isOpenForRatings(assessment.status);
}

/**
 * The eligibility an auditor reads on an audit carries no suggested changes: the "fewest
 * changes" list steers an external auditor toward the pass line. Self-assessments, centers and
 * the certification body keep it.
 */
export function suggestsChanges(
  reader: { readonly role: Role },
  assessment: { readonly kind: AssessmentKind },
): boolean {
  return !(reader.role === 'auditor' && AUDIT_KINDS.includes(assessment.kind));
}

/** What evidence is: an uploaded file, a note, or a link. The order is the database enum's. */
export const EVIDENCE_KINDS = ['file', 'note', 'link'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** An auditor's conflict with an organization: consulted for it, or declared. The database enum's order. */
export const CONFLICT_KINDS = ['consulted', 'declared'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/**
 * The certification body's decision on an audit. The order is the database enum's (new values
 * are added at the end). A certification audit is certified, returned or refused; a surveillance
 * audit acts on the organization's current certificate (maintain, lower, suspend, withdraw) or is
 * returned or refused.
 */
export const DECISION_OUTCOMES = [
  'certify',
  'return',
  'refuse',
  'maintain',
  'lower',
  'suspend',
  'withdraw',
] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** The outcomes each kind of audit may be decided with. */
export const OUTCOMES_OF_KIND: Readonly<
  Record<'certification' | 'surveillance', readonly DecisionOutcome[]>
> = {
  certification: ['certify', 'return', 'refuse'],
  surveillance: ['maintain', 'lower', 'suspend', 'withdraw', 'return', 'refuse'],
};

/** The outcomes of a surveillance audit that act on the existing certificate. */
export const SURVEILLANCE_OUTCOMES: readonly DecisionOutcome[] = ['maintain', 'lower', 'suspend', 'withdraw'];

/**
 * Where a certificate stands as recorded by its latest revision (expired is computed from the
 * date, never recorded). Withdrawn and superseded are final. The order is the database enum's.
 */
export const CERTIFICATE_RECORDED_STATUSES = ['active', 'suspended', 'withdrawn', 'superseded'] as const;
export type CertificateRecordedStatus = (typeof CERTIFICATE_RECORDED_STATUSES)[number];

/** The changes the body's admin makes by hand to a certificate's status. */
export const CERTIFICATE_STATUS_CHANGES = ['suspended', 'active', 'withdrawn'] as const;
export type CertificateStatusChange = (typeof CERTIFICATE_STATUS_CHANGES)[number];

/**
 * The changes that apply to a certificate as it stands (its status as shown, expired included):
 * an active one is suspended or withdrawn, a suspended one reinstated or withdrawn, an expired
 * one only withdrawn; withdrawn and superseded are final.
 */
export function certificateStatusChanges(status: string): readonly CertificateStatusChange[] {
  switch (status) {
    case 'active':
      return ['suspended', 'withdrawn'];
    case 'suspended':
      return ['active', 'withdrawn'];
    case 'expired':
      return ['withdrawn'];
    default:
      return [];
  }
}

/** What a revision of a certificate records. The order is the database enum's. */
export const CERTIFICATE_EVENTS = [
  'issued',
  'maintained',
  'lowered',
  'suspended',
  'reinstated',
  'withdrawn',
  'superseded',
  'renewed',
] as const;
export type CertificateEvent = (typeof CERTIFICATE_EVENTS)[number];

/** A suspension lasts at most this many months; past its deadline it becomes a withdrawal. */
export const SUSPENSION_MAX_MONTHS = 6;

/**
 * The members of an audit team. Only the lead auditor and the auditors rate; a technical expert
 * advises and an observer watches (ISO/IEC 17021-1 §9.2.2).
 */
export const TEAM_ROLES = ['lead', 'auditor', 'technical_expert', 'observer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const RATING_TEAM_ROLES: readonly TeamRole[] = ['lead', 'auditor'];

/**
 * What the certification body handles besides audits (ISO/IEC 17021-1 §9.7, §9.8): a complaint
 * about a certified center, lodged by anyone, or a center's appeal against a decision. The
 * orders are the database enums'.
 */
export const COMPLAINT_KINDS = ['complaint', 'appeal'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

/** received: waiting for a handler; assigned: a handler works on it; closed: it has an outcome. */
export const COMPLAINT_STATUSES = ['received', 'assigned', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/**
 * A center's application for certification, made on the public form: the body accepts it (the
 * organization and its admin's account are created) or declines it with a reason.
 */
export const APPLICATION_STATUSES = ['received', 'accepted', 'declined'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const COMPLAINT_OUTCOMES = ['upheld', 'rejected', 'withdrawn'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** Every recorded change of a complaint or appeal. */
export const COMPLAINT_EVENTS = ['lodged', 'assigned', 'closed'] as const;
export type ComplaintEvent = (typeof COMPLAINT_EVENTS)[number];

/**
 * Who signs an audit's report off in the product: its lead auditor and the center's
 * representative (its admin). The order is the database enum's.
 */
export const SIGN_OFF_PARTIES = ['lead_auditor', 'center'] as const;
export type SignOffParty = (typeof SIGN_OFF_PARTIES)[number];

/**
 * What a machine's API key may do (issue 20): a key acts as the user who made it, only on the
 * routes that accept one of its scopes. Keys never rate, decide or manage users or keys.
 */
export const API_KEY_SCOPES = [
  'kpis:write',
  'kpis:read',
  'assessments:read',
  'evidence:write',
  'certificates:read',
  'findings:read',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The events a webhook may subscribe to (issue 20). A center's webhook gets its own
 * organization's events only; the body's gets every organization's.
 */
export const WEBHOOK_EVENTS = [
  'assessment.submitted',
  'decision.made',
  'certificate.issued',
  'certificate.suspended',
  'certificate.withdrawn',
  'certificate.expiring',
  'finding.overdue',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const isWebhookEvent = (name: string): name is WebhookEvent =>
  (WEBHOOK_EVENTS as readonly string[]).includes(name);
