import { type Executor, schema } from '@ccmm/db';
import { desc, eq } from 'drizzle-orm';

const { grantViews, users } = schema;

/** How many views a center sees at once: the most recent. */
export const GRANT_VIEWS_LIMIT = 500;

export function createGrantViewsRepository(db: Executor) {
  return {
    /**
     * The consultants' views of the organization's data, newest first. The caller has checked
     * that the actor may see the organization (organizations.find applies the tenancy scope).
     */
    async list(organizationId: string) {
      return (
        db
          .select({
            consultant: { id: users.id, name: users.name, email: users.email },
            view: grantViews.view,
            viewedAt: grantViews.viewedAt,
          })
          .from(grantViews)
          .innerJoin(users, eq(users.id, grantViews.consultantId))
          .where(eq(grantViews.organizationId, organizationId))
          // Served by grant_views_organization (organization_id, id): ids grow with time.
          .orderBy(desc(grantViews.id))
          .limit(GRANT_VIEWS_LIMIT)
      );
    },
  };
}
