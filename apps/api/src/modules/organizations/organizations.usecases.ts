import type { Database } from '@ccmm/db';
import type { Actor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import {
  createOrganizationsRepository,
  type NewOrganization,
  type OrganizationRow,
} from './organizations.repository.ts';

/**
 * Fields the level depends on (operating years decide L3–L5): the certification body's to set,
 * never the center's own.
 */
const SET_BY_THE_BODY = ['operatingSince'] as const satisfies readonly (keyof NewOrganization)[];

/**
 * Changes an organization and records, in the same transaction, who changed which field from
 * what to what. Fields whose value does not change are not recorded.
 */
export async function changeOrganization({
  db,
  actor,
  organizationId,
  changes,
}: {
  db: Database;
  actor: Actor;
  organizationId: string;
  changes: Partial<NewOrganization>;
}): Promise<{ organization: OrganizationRow; changed: (keyof NewOrganization)[] }> {
  if (actor.role !== 'cb_admin') {
    const reserved = SET_BY_THE_BODY.filter((field) => changes[field] !== undefined);
    if (reserved.length > 0)
      throw errors.forbidden('organization.field_reserved', { fields: reserved.join(', ') });
  }
  return db.transaction(async (tx) => {
    const organizations = createOrganizationsRepository(tx);
    const before = await organizations.lock(organizationId);
    if (!before) throw errors.notFound('organization.not_found');
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(changes) as [keyof NewOrganization, unknown][]) {
      if (to === undefined) continue;
      const from = before[field];
      if (JSON.stringify(from) !== JSON.stringify(to)) diff[field] = { from: from ?? null, to };
    }
    const changed = Object.keys(diff) as (keyof NewOrganization)[];
    if (changed.length === 0) return { organization: before, changed };
    const organization = await organizations.update(organizationId, changes);
    if (!organization) throw errors.notFound('organization.not_found');
    await organizations.recordChange(organizationId, actor.userId, diff);
    return { organization, changed };
  });
}
