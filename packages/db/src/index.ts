export * from './client.ts';
export { DataDirectoryError, DataDirectoryInUseError, type LockHolder } from './data-dir-lock.ts';
export * as schema from './schema.ts';
export {
  type AccountTokenPurpose,
  type ApplicationStatus,
  type AssessmentKind,
  type AssessmentStatus,
  assessmentKinds,
  assessmentStatuses,
  type CertificateEvent,
  type CertificateRecordedStatus,
  type ComplaintEvent,
  type ComplaintKind,
  type ComplaintOutcome,
  type ComplaintStatus,
  type ConflictKind,
  certificateStatuses,
  conflictKinds,
  type DecisionOutcome,
  decisionOutcomes,
  type FindingEvent,
  type FindingKind,
  type FindingState,
  type Role,
  roles,
  type SignOffParty,
} from './schema.ts';
