import { schema } from '@ccmm/db';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Actor } from './actor.ts';

// Who sees what, as SQL conditions every repository adds to its queries: tenancy is enforced
// where the data is read, not only in routes.
//   certification body  everything
//   center users        their own organization
//   auditors            the assessments they are assigned to (and those organizations)
//   consultants         the organizations that granted them access and have not revoked it

const { assessments, assessmentAuditors, consultantGrants, organizations } = schema;

const grantedTo = (consultantId: string) =>
  sql`(select ${consultantGrants.organizationId} from ${consultantGrants} where ${consultantGrants.consultantId} = ${consultantId} and ${consultantGrants.revokedAt} is null)`;

const assignedTo = (auditorId: string) =>
  sql`exists (select 1 from ${assessmentAuditors} where ${assessmentAuditors.assessmentId} = ${assessments.id} and ${assessmentAuditors.userId} = ${auditorId})`;

const NOTHING = sql`false`;

/** Condition on `organizations` rows the actor may see; undefined means all. */
export function organizationScope(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case 'cb_admin':
    case 'cb_reviewer':
      return undefined;
    case 'center_admin':
    case 'center_member':
      return actor.organizationId ? eq(organizations.id, actor.organizationId) : NOTHING;
    case 'consultant':
      return inArray(organizations.id, grantedTo(actor.userId));
    case 'auditor':
      return inArray(
        organizations.id,
        sql`(select ${assessments.organizationId} from ${assessments} join ${assessmentAuditors} on ${assessmentAuditors.assessmentId} = ${assessments.id} where ${assessmentAuditors.userId} = ${actor.userId})`,
      );
  }
}

/** Condition on `assessments` rows the actor may see; undefined means all. */
export function assessmentScope(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case 'cb_admin':
    case 'cb_reviewer':
      return undefined;
    case 'center_admin':
    case 'center_member':
      return actor.organizationId ? eq(assessments.organizationId, actor.organizationId) : NOTHING;
    case 'consultant':
      return inArray(assessments.organizationId, grantedTo(actor.userId));
    case 'auditor':
      return assignedTo(actor.userId);
  }
}

export function withScope(condition: SQL | undefined, scope: SQL | undefined): SQL | undefined {
  return scope ? and(condition, scope) : condition;
}
