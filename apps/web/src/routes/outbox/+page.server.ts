import { schemas } from '@ccmm/api/contract';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
  const user = requireUser(locals);
  if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).errors.forbidden });
  const outbox = await api(locals, 'GET', '/api/outbox', schemas.outbox);
  if (!outbox.ok) failPage(locals, outbox);
  return { outbox: outbox.body };
}) satisfies PageServerLoad;
