import type { Database, Executor } from '@ccmm/db';
import { STAGE1_VALID_MONTHS, stage1For } from '@ccmm/engine';
import type { z } from 'zod';
import type { Actor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import type { Repositories } from '../../plugins/repositories.ts';
import { createCertificatesRepository } from '../certificates/certificates.repository.ts';
import { visibleOrganization } from '../organizations/organization-access.ts';
import { createStage1Repository } from './stage1.repository.ts';
import type { stage1ReviewBody } from './stage1.schemas.ts';

// Stage 1 of an initial certification: the body reviews the center's documents off site and
// records whether it is ready for stage 2 (the rated audit on site). Reviews are appended,
// never edited: a center found not ready is reviewed again.

export interface Stage1Deps {
  readonly db: Database;
  readonly repositories: Pick<Repositories, 'organizations' | 'stage1'>;
  readonly actor: Actor;
}

/** Records a stage 1 review of an organization; the stored review. */
export async function recordStage1Review(
  { repositories, actor, standards }: Stage1Deps & { readonly standards: StandardRegistry },
  organizationId: string,
  review: z.infer<typeof stage1ReviewBody>,
) {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  if (!standards.find(review.standard))
    throw errors.badRequest('standard.not_found', { ref: review.standard });
  const stage1 = repositories.stage1;
  const id = await stage1.insert({
    organizationId: organization.id,
    standardRef: review.standard,
    reviewedOn: review.reviewedOn,
    result: review.result,
    notes: review.notes,
    recordedBy: actor.userId,
  });
  const stored = (await stage1.list([organization.id], review.standard)).find((r) => r.id === id);
  if (!stored) throw new Error('stage 1 review not found after insert');
  return stored;
}

/** The organization's stage 1 reviews, newest first. */
export async function stage1Reviews({ db, repositories, actor }: Stage1Deps, organizationId: string) {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  const reviews = await repositories.stage1.list([organization.id]);
  await recordGrantViews(db, actor, [organization.id], 'stage1.read');
  return reviews;
}

/**
 * Refuses a stage 2 audit (a certification audit of an organization holding no certificate in
 * force on the standard on the audit date: an initial certification) that no stage 1 readied
 * within STAGE1_VALID_MONTHS before it (see stage1For). A recertification needs no stage 1.
 */
export async function requireStage1(
  db: Executor,
  audit: { organizationId: string; standardRef: string; assessedOn: string },
): Promise<void> {
  const { organizationId, standardRef, assessedOn } = audit;
  if (await createCertificatesRepository(db).current(organizationId, standardRef, assessedOn)) return;
  // Listed newest first; the rule reads them in the order recorded.
  const reviews = (await createStage1Repository(db).list([organizationId], standardRef)).reverse();
  const found = stage1For(reviews, assessedOn);
  switch (found.gap) {
    case null:
      return;
    case 'missing':
      throw errors.unprocessable('assessment.stage1_required', { assessedOn });
    case 'not_ready':
      throw errors.unprocessable('assessment.stage1_not_ready', { reviewedOn: found.review.reviewedOn });
    case 'expired':
      throw errors.unprocessable('assessment.stage1_expired', {
        reviewedOn: found.review.reviewedOn,
        assessedOn,
        months: STAGE1_VALID_MONTHS,
      });
  }
}
