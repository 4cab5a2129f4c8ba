import { schema } from '@ccmm/db';
import { AUDIT_KINDS, isSealedFrom, OPEN_STATUSES } from '@ccmm/engine';
import { type AnyColumn, and, eq, inArray, not, type SQL, sql } from 'drizzle-orm';
import type { Actor } from './actor.ts';

// Who sees what, as SQL conditions every repository adds to its queries: tenancy is enforced
// where the data is read, not only in routes.
//   certification body  everything
//   center users        their own organization
//   auditors            the assessments they are assigned to or on the planned team of (and
//                       those organizations)
//   consultants         the organizations that granted them access and have not revoked it

const { assessments, assessmentAuditors, auditTeamMembers, consultantGrants, organizations } = schema;

const grantedTo = (consultantId: string) =>
  sql`(select ${consultantGrants.organizationId} from ${consultantGrants} where ${consultantGrants.consultantId} = ${consultantId} and ${consultantGrants.revokedAt} is null)`;

/** The assessments an auditor rates or is on the planned team of (a technical expert, an observer). */
const onTeamOf = (auditorId: string) =>
  sql`(select ${assessmentAuditors.assessmentId} from ${assessmentAuditors} where ${assessmentAuditors.userId} = ${auditorId}
       union select ${auditTeamMembers.assessmentId} from ${auditTeamMembers} where ${auditTeamMembers.userId} = ${auditorId})`;

const assignedTo = (auditorId: string) => inArray(assessments.id, onTeamOf(auditorId));

const NOTHING = sql`false`;

/**
 * The scope of rows owned by an organization (column `owner`); auditors see what `assigned`
 * selects. The certification body sees all (undefined: no condition).
 */
function scope(actor: Actor, owner: AnyColumn, assigned: SQL): SQL | undefined {
  const byRole = roleScope(actor, owner, assigned);
  // An organization's API key sees that organization only, whoever made it (the body's admin
  // may make one for any organization); a key of the body's own has no organization.
  if (actor.apiKey !== undefined && actor.organizationId) {
    return withScope(eq(owner, actor.organizationId), byRole);
  }
  return byRole;
}

function roleScope(actor: Actor, owner: AnyColumn, assigned: SQL): SQL | undefined {
  switch (actor.role) {
    case 'cb_admin':
    case 'cb_reviewer':
      return undefined;
    case 'center_admin':
    case 'center_member':
      return actor.organizationId ? eq(owner, actor.organizationId) : NOTHING;
    case 'consultant':
      return inArray(owner, grantedTo(actor.userId));
    case 'auditor':
      return assigned;
  }
}

/** Condition on `organizations` rows the actor may see; undefined means all. */
export function organizationScope(actor: Actor): SQL | undefined {
  return scope(
    actor,
    organizations.id,
    inArray(
      organizations.id,
      sql`(select ${assessments.organizationId} from ${assessments} where ${assessments.id} in ${onTeamOf(actor.userId)})`,
    ),
  );
}

/** Condition on `assessments` rows the actor may see; undefined means all. */
export function assessmentScope(actor: Actor): SQL | undefined {
  return scope(actor, assessments.organizationId, assignedTo(actor.userId));
}

export function withScope(condition: SQL | undefined, scope: SQL | undefined): SQL | undefined {
  return scope ? and(condition, scope) : condition;
}

/**
 * Condition leaving out the audits in progress the actor may not read yet (isSealedFrom: the
 * audited center and its consultants, until the audit is submitted); undefined means none.
 * Serves the trend chart: an audit's partial total is no trend point for its center.
 */
export function unsealedScope(actor: Actor): SQL | undefined {
  const sealedKind = isSealedFrom(actor, { kind: 'certification', status: 'in_progress' });
  if (!sealedKind) return undefined;
  return not(
    and(inArray(assessments.kind, [...AUDIT_KINDS]), inArray(assessments.status, [...OPEN_STATUSES])) as SQL,
  );
}
