import { isSealedFrom } from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import { type ErrorCode, errors } from '../../errors.ts';
import { isOpen, mayRate } from './assessment-rules.ts';
import type { AssessmentView, createAssessmentsRepository } from './assessments.repository.ts';

/** The two questions every area asks of an assessment before touching it. */
export function assessmentAccess(assessments: ReturnType<typeof createAssessmentsRepository>) {
  /** The assessment, if the actor may see it (else 404: its existence is not revealed). */
  async function visible(actor: Actor, id: string): Promise<AssessmentView> {
    const found = await assessments.find(actor, id);
    if (!found) throw errors.notFound('assessment.not_found');
    return found;
  }

  /**
   * The assessment, if the actor may read its ratings, notes, evidence and totals: an audit in
   * progress is sealed from the audited center until it is submitted (403, its existence is
   * no secret to the center).
   */
  async function readable(actor: Actor, id: string): Promise<AssessmentView> {
    const row = await visible(actor, id);
    if (isSealedFrom(actor, row)) throw errors.forbidden('assessment.sealed');
    return row;
  }

  /** The assessment, if the actor may see it and change it (ratings, evidence) now. */
  async function writable(
    actor: Actor,
    id: string,
    notRater: ErrorCode = 'assessment.not_rater',
  ): Promise<AssessmentView> {
    const row = await visible(actor, id);
    if (!mayRate(actor, row, await assessments.isAuditor(row.id, actor.userId)))
      throw errors.forbidden(notRater);
    if (!isOpen(row)) throw errors.conflict('assessment.closed', { status: row.status });
    return row;
  }

  return { visible, readable, writable };
}
