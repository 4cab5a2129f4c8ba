import type { Actor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import type { createOrganizationsRepository } from './organizations.repository.ts';

/** The organization, if the actor may see it (else 404: its existence is not revealed). */
export async function visibleOrganization(
  organizations: Pick<ReturnType<typeof createOrganizationsRepository>, 'find'>,
  actor: Actor,
  id: string,
) {
  const found = await organizations.find(actor, id);
  if (!found) throw errors.notFound('organization.not_found');
  return found;
}
