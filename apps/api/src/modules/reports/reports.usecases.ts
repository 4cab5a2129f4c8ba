import type { Database, SignOffParty } from '@ccmm/db';
import { AUDIT_KINDS } from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import { clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { createAssessmentsRepository } from '../assessments/assessments.repository.ts';
import { createAuditPlansRepository } from '../audit-plans/audit-plans.repository.ts';
import { createReportsRepository } from './reports.repository.ts';

/** Once the audit is submitted its report can be signed (until then the ratings may change). */
const SIGNABLE = ['submitted', 'in_review', 'decided', 'refused'];

/**
 * For whom the actor signs the audit's report, if anyone: the lead auditor (the plan's lead, or
 * an assigned auditor when the audit has no plan) or the audited center's admin.
 */
async function partyOf(db: Database, actor: Actor, assessment: AssessmentView): Promise<SignOffParty | null> {
  if (actor.role === 'center_admin' && actor.organizationId === assessment.organizationId) return 'center';
  if (actor.role !== 'auditor') return null;
  const plan = await createAuditPlansRepository(db).find(assessment.id);
  if (plan)
    return plan.team.some((m) => m.userId === actor.userId && m.role === 'lead') ? 'lead_auditor' : null;
  return (await createAssessmentsRepository(db).isAuditor(assessment.id, actor.userId))
    ? 'lead_auditor'
    : null;
}

/** Signs the audit's report off for the actor's party, dated today; each party signs once. */
export async function signOffReport(db: Database, actor: Actor, assessment: AssessmentView) {
  const party = AUDIT_KINDS.includes(assessment.kind) ? await partyOf(db, actor, assessment) : null;
  if (!party) throw errors.forbidden('report.not_signer');
  if (!SIGNABLE.includes(assessment.status))
    throw errors.conflict('report.not_submitted', { status: assessment.status });
  const reports = createReportsRepository(db);
  if (!(await reports.sign(assessment.id, party, actor.userId, clock.today()))) {
    const signed = (await reports.signOffs(assessment.id)).find((s) => s.party === party);
    throw errors.conflict('report.already_signed', { name: signed?.name ?? '', on: signed?.signedOn ?? '' });
  }
  return reports.signOffs(assessment.id);
}
