import { schemas } from '@ccmm/api/contract';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

// Public: the centers that chose to be listed, with their active certificates.
export const load = (async ({ locals }) => {
  const listed = await api(locals, 'GET', '/api/public/directory', schemas.directory);
  if (!listed.ok) error(listed.status === 429 ? 429 : 502, { message: t(locals.locale).errors.generic });
  return { entries: listed.body };
}) satisfies PageServerLoad;
