import type { AssessmentStatus } from '@ccmm/db';
import type { Actor } from '../../actor.ts';
import type { AssessmentView } from './assessments.repository.ts';

// The rules of who may do what to an assessment, as small named checks.

/** Open for ratings until submitted; an audit the reviewer returned is open again. */
export const OPEN_STATUSES: readonly AssessmentStatus[] = ['draft', 'in_progress', 'returned'];

export function isOpen(assessment: Pick<AssessmentView, 'status'>): boolean {
  return OPEN_STATUSES.includes(assessment.status);
}

/**
 * Assigned auditors rate audits; in a self-assessment the center's own users rate. The
 * certification body and consultants read only.
 */
export function mayRate(actor: Actor, assessment: AssessmentView, isAssignedAuditor: boolean): boolean {
  if (actor.role === 'auditor') return isAssignedAuditor;
  if (actor.role === 'center_admin' || actor.role === 'center_member') {
    return assessment.kind === 'self' && actor.organizationId === assessment.organizationId;
  }
  return false;
}
