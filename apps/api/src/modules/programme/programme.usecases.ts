import type { Executor } from '@ccmm/db';
import { certificateCycle } from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import { clock } from '../../clock.ts';
import { recordGrantViews } from '../../grant-views.ts';
import type { Repositories } from '../../plugins/repositories.ts';
import { visibleOrganization } from '../organizations/organization-access.ts';

export interface ProgrammeDeps {
  readonly db: Executor;
  readonly repositories: Pick<Repositories, 'organizations' | 'programme'>;
  readonly actor: Actor;
}

/**
 * The organization's audit programme: one cycle per certificate, oldest first, each with its
 * planned audits as of today (see certificateCycle in @ccmm/engine for the rules).
 */
export async function programmeOf({ db, repositories, actor }: ProgrammeDeps, organizationId: string) {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  const [certificates, audits] = await Promise.all([
    repositories.programme.certificates(organization.id),
    repositories.programme.audits(organization.id),
  ]);
  const today = clock.today();
  await recordGrantViews(db, actor, [organization.id], 'programme.read');
  return {
    organizationId: organization.id,
    cycles: certificates.map((certificate) => ({
      certificateNumber: certificate.number,
      standard: certificate.standardRef,
      level: certificate.level,
      issuedOn: certificate.issuedOn,
      expiresOn: certificate.expiresOn,
      audits: certificateCycle(
        certificate,
        audits.flatMap((a) =>
          a.standardRef === certificate.standardRef && a.kind !== 'self' ? [{ ...a, kind: a.kind }] : [],
        ),
        today,
      ),
    })),
  };
}
