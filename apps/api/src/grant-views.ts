import { type Executor, schema } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import type { Actor } from './actor.ts';

const { consultantGrants: g, grantViews } = schema;

/**
 * Records that a consultant read these organizations' data (`view` names what, e.g.
 * "benchmarks.compare"), one row per organization through its standing grant, so that a
 * center can see who looked at what. Does nothing for every other role. Call it after the
 * read succeeded, with the organizations whose data the response carries.
 */
export async function recordGrantViews(
  db: Executor,
  actor: Actor,
  organizationIds: readonly string[],
  view: string,
): Promise<void> {
  if (actor.role !== 'consultant' || organizationIds.length === 0) return;
  await db.execute(sql`
    insert into ${grantViews} (grant_id, organization_id, consultant_id, view)
    select ${g.id}, ${g.organizationId}, ${g.consultantId}, ${view}
    from ${g}
    where ${g.consultantId} = ${actor.userId} and ${g.revokedAt} is null
      and ${g.organizationId} in (${sql.join(
        organizationIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`);
}
