import { loadAssessment } from '$lib/server/assessment';
import { requireUser } from '$lib/server/guard';
import { isCenterRole } from '$lib/session';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const loaded = await loadAssessment(locals, params.id);
  const { assessment } = loaded;
  // Mirrors the API's rule (it decides anyway): assigned auditors, and center users in a self-assessment.
  const canRate =
    ['draft', 'in_progress', 'returned'].includes(assessment.status) &&
    (user.role === 'auditor' || (isCenterRole(user.role) && assessment.kind === 'self'));
  return { ...loaded, canRate };
}) satisfies PageServerLoad;
