import { schemas } from '@ccmm/api/contract';
import { CERTIFICATION_BODY_ROLES } from '@ccmm/engine';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

// The certification body's calibration of its auditors (the API decides the same).
export const load = (async ({ locals }) => {
  const user = requireUser(locals);
  if (!CERTIFICATION_BODY_ROLES.includes(user.role)) error(403, { message: t(locals.locale).team.forbidden });
  const found = await api(locals, 'GET', '/api/calibration/auditors', schemas.auditorCalibration);
  if (!found.ok) failPage(locals, found);
  return { calibration: found.body };
}) satisfies PageServerLoad;
