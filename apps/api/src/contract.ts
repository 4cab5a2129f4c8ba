// The API's contract for its clients: the zod schemas its routes answer with, and their types.
// The web app imports this file (@ccmm/api/contract) and parses every answer it relies on with
// these schemas, so a route whose answer changes breaks the web's typecheck, not its pages.
// Only zod, @ccmm/engine and the schema files (pure) are reachable from here: no server code.
//
// Timestamps (`timestamp` in http.ts) are ISO strings on the wire and Dates once parsed.
import type { Standard } from '@ccmm/engine';
import { z } from 'zod';
import { apiError } from './http.ts';
import { invitation } from './modules/accounts/accounts.schemas.ts';
import { apiKey, createdApiKey } from './modules/api-keys/api-keys.schemas.ts';
import { application, applicationReceipt } from './modules/applications/applications.schemas.ts';
import {
  assessment,
  assessmentDetail,
  lastAudit,
  moveResult,
} from './modules/assessments/assessments.schemas.ts';
import { eligibility } from './modules/assessments/eligibility.schemas.ts';
import { auditPlan, competence } from './modules/audit-plans/audit-plans.schemas.ts';
import { cohort, comparison, selfVsAudit, trend } from './modules/benchmarks/benchmarks.schemas.ts';
import { auditorCalibrationSchema } from './modules/calibration/calibration.schemas.ts';
import {
  certificate,
  type certificateRevision,
  type certificateStatus,
  certificateSummary,
  issuing,
  type localizedText,
  publicCertificate,
} from './modules/certificates/certificates.schemas.ts';
import { conflict, decision, decisionAnswer } from './modules/certification/certification.schemas.ts';
import { checkInRecord } from './modules/check-ins/check-ins.schemas.ts';
import { centerComplaint, complaintRecord, lodged } from './modules/complaints/complaints.schemas.ts';
import { evidenceRecord } from './modules/evidence/evidence.schemas.ts';
import { actionPlan, finding } from './modules/findings/findings.schemas.ts';
import { grantView } from './modules/grant-views/grant-views.schemas.ts';
import {
  assessmentKpiAttainment,
  kpiAttainment,
  kpiChange,
  kpiCohort,
  type kpiValue,
  organizationKpis,
  savedKpis,
} from './modules/kpis/kpis.schemas.ts';
import { inbox } from './modules/notifications/notifications.schemas.ts';
import { grant, organization } from './modules/organizations/organizations.schemas.ts';
import { outboxView } from './modules/outbox/outbox.schemas.ts';
import { attention, programme } from './modules/programme/programme.schemas.ts';
import { directoryEntry } from './modules/public/public.schemas.ts';
import { agreement, assessmentRatings, rating, teamSettings } from './modules/ratings/ratings.schemas.ts';
import { stage1Review } from './modules/stage1/stage1.schemas.ts';
import {
  mappingResult,
  mappingSummary,
  standardDetail,
  standardSummary,
  transitionResult,
  uploadProblem,
  uploadResult,
} from './modules/standards/standards.schemas.ts';
import { me, session, user } from './modules/users/users.schemas.ts';
import { createdWebhook, delivery, testEvent, webhook } from './modules/webhooks/webhooks.schemas.ts';

/**
 * GET /api/standards/:ref. The API documents the pack only as an object; it is the engine's
 * Standard as the API loaded and checked it (packages/standard), so it is typed as one here.
 */
const standardWithPack = standardDetail.extend({
  pack: standardDetail.shape.pack.transform((pack) => pack as unknown as Standard),
});

/** Each success body by what it is, for `api(locals, method, path, schemas.…)` in the web. */
export const schemas = {
  /** Every error body. */
  apiError,
  /** 204: no body. */
  noContent: z.null(),

  session,
  user,
  me,
  invitation,
  outbox: outboxView,
  apiKeys: z.array(apiKey),
  createdApiKey,
  webhooks: z.array(webhook),
  createdWebhook,
  webhookDeliveries: z.array(delivery),
  webhookTestEvent: testEvent,
  inbox,
  users: z.array(user),

  organization,
  organizations: z.array(organization),
  /** GET /api/organizations/:id/consultants. */
  grants: z.array(grant),
  grantViews: z.array(grantView),

  standard: standardWithPack,
  standards: z.array(standardSummary),
  /** POST /api/standards (a draft), PUT /api/standards/:ref. */
  standardUpload: uploadResult,
  /** POST /api/standards/:ref/publish. */
  standardSummary,
  /** The `problems` of a refused upload (400 standard.invalid). */
  uploadProblems: z.array(uploadProblem),
  /** GET /api/mappings. */
  mappings: z.array(mappingSummary),
  /** POST /api/mappings. */
  mappingResult,
  /** POST /api/assessments/:id/move. */
  moveResult,
  /** GET /api/standards/:ref/transition. */
  transition: transitionResult,

  assessment,
  assessments: z.array(assessment),
  assessmentDetail,
  /** GET /api/assessments/:id/last-audit. */
  lastAudit,
  auditors: assessmentDetail.shape.auditors,
  eligibility,
  ratings: assessmentRatings,
  rating,
  agreement,
  teamSettings,
  auditorCalibration: auditorCalibrationSchema,

  decision,
  decisions: z.array(decision),
  decisionAnswer,
  conflicts: z.array(conflict),
  programme,
  stage1Review,
  stage1Reviews: z.array(stage1Review),
  auditPlan: auditPlan.nullable(),
  competences: z.array(competence),
  attention,

  certificate,
  certificates: z.array(certificateSummary),
  issuing,
  publicCertificate,
  directory: z.array(directoryEntry),

  evidence: evidenceRecord,
  finding,
  findings: z.array(finding),
  checkIns: z.array(checkInRecord),
  actionPlan,

  lodged,
  complaint: complaintRecord,
  complaints: z.array(complaintRecord),
  centerComplaints: z.array(centerComplaint),

  applicationReceipt,
  applications: z.array(application),
  application,

  kpis: organizationKpis,
  savedKpis,
  kpiAttainment,
  assessmentKpiAttainment,
  kpiCohort,
  kpiChanges: z.array(kpiChange),

  cohort,
  trend,
  selfVsAudit,
  comparison,
} as const;

export type ApiError = z.output<typeof apiError>;
export type LocalizedText = z.output<typeof localizedText>;

export type User = z.output<typeof user>;
export type Session = z.output<typeof session>;

export type Organization = z.output<typeof organization>;
export type GrantView = z.output<typeof grantView>;

export type StandardSummary = z.output<typeof standardSummary>;
export type StandardWithPack = z.output<typeof standardWithPack>;

export type Assessment = z.output<typeof assessment>;
export type AssessmentDetail = z.output<typeof assessmentDetail>;
export type Auditor = AssessmentDetail['auditors'][number];
export type Eligibility = z.output<typeof eligibility>;
export type Rating = z.output<typeof rating>;
/** Evidence as the browser fetches it (unparsed JSON: createdAt is the ISO string). */
export type EvidenceJson = z.input<typeof evidenceRecord>;

export type Decision = z.output<typeof decision>;
export type DecisionOutcome = Decision['outcome'];
export type DecisionAnswer = z.output<typeof decisionAnswer>;
export type Conflict = z.output<typeof conflict>;
export type Programme = z.output<typeof programme>;
export type AuditPlan = z.output<typeof auditPlan>;
export type Stage1Review = z.output<typeof stage1Review>;
export type AttentionItem = z.output<typeof attention>[number];
export type PlannedAudit = Programme['cycles'][number]['audits'][number];

export type Finding = z.output<typeof finding>;
export type CheckIn = z.output<typeof checkInRecord>;
/** A check-in as the browser fetches it (unparsed JSON: dates are ISO strings). */
export type CheckInJson = z.input<typeof checkInRecord>;
/** A finding as the browser fetches it (unparsed JSON: dates are ISO strings). */
export type FindingJson = z.input<typeof finding>;
export type ActionPlan = z.output<typeof actionPlan>;

export type Certificate = z.output<typeof certificate>;
export type CertificateSummary = z.output<typeof certificateSummary>;
export type CertificateStatus = z.output<typeof certificateStatus>;
export type CertificateRevision = z.output<typeof certificateRevision>;
export type PublicCertificate = z.output<typeof publicCertificate>;
export type DirectoryEntry = z.output<typeof directoryEntry>;

export type Lodged = z.output<typeof lodged>;
export type ComplaintRecord = z.output<typeof complaintRecord>;
export type CenterComplaint = z.output<typeof centerComplaint>;
export type Application = z.output<typeof application>;

export type Kpi = z.output<typeof kpiValue>;
export type KpiAttainment = z.output<typeof kpiAttainment>;
export type IndicatorAttainment = KpiAttainment['indicators'][number];
export type AssessmentKpiAttainment = z.output<typeof assessmentKpiAttainment>;
export type KpiCohort = z.output<typeof kpiCohort>;
export type KpiCohortIndicator = KpiCohort['indicators'][number];
export type KpiChange = z.output<typeof kpiChange>;

export type Cohort = z.output<typeof cohort>;
export type Trend = z.output<typeof trend>;
export type TrendPoint = Trend['points'][number];
export type SelfVsAudit = z.output<typeof selfVsAudit>;
export type Comparison = z.output<typeof comparison>;
export type ComparedOrganization = Comparison['organizations'][number];
