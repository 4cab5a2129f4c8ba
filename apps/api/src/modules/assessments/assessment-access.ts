import { isSealedFrom } from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import { type ErrorCode, errors } from '../../errors.ts';
import type { SessionConfirmation } from '../../plugins/auth.ts';
import { isOpen, mayRate } from './assessment-rules.ts';
import type {
  AssessmentView,
  createAssessmentsRepository,
  RatedValues,
  RaterPlace,
} from './assessments.repository.ts';

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

  /**
   * `readable`, and the assessment's team ratings read with it (one statement). With a session to
   * confirm (a caller the auth hook took from memory), that statement confirms it too; read again
   * as the caller now is if they are not who was remembered.
   */
  async function readableWithRatings(
    actor: Actor,
    id: string,
    confirmation?: SessionConfirmation | null,
  ): Promise<{ assessment: AssessmentView; ratings: RatedValues[] }> {
    const found = await assessments.findWithRatings(actor, id, confirmation ?? undefined);
    if (confirmation) {
      const now = await confirmation.settle(found?.sessionUser);
      if (now) return readableWithRatings(now, id);
    }
    if (!found) throw errors.notFound('assessment.not_found');
    const { ratings, sessionUser: _read, ...assessment } = found;
    if (isSealedFrom(actor, assessment)) throw errors.forbidden('assessment.sealed');
    return { assessment, ratings };
  }

  /**
   * The assessment, if the actor may see it and change it (ratings, evidence) now, and where the
   * actor stands on it (rater, team size, planned domains): one read for all of it.
   */
  async function writableWithPlace(
    actor: Actor,
    id: string,
    notRater: ErrorCode = 'assessment.not_rater',
  ): Promise<{ assessment: AssessmentView; place: RaterPlace }> {
    const found = await assessments.findForWriting(actor, id);
    if (!found) throw errors.notFound('assessment.not_found');
    const { assigned, raters, planDomains, ...assessment } = found;
    if (!mayRate(actor, assessment, assigned)) throw errors.forbidden(notRater);
    if (!isOpen(assessment)) throw errors.conflict('assessment.closed', { status: assessment.status });
    return { assessment, place: { assigned, raters, planDomains } };
  }

  /** The assessment, if the actor may see it and change it (ratings, evidence) now. */
  async function writable(
    actor: Actor,
    id: string,
    notRater: ErrorCode = 'assessment.not_rater',
  ): Promise<AssessmentView> {
    return (await writableWithPlace(actor, id, notRater)).assessment;
  }

  return { visible, readable, readableWithRatings, writable, writableWithPlace };
}
