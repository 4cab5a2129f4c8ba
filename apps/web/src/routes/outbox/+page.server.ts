import { schemas } from '@ccmm/api/contract';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** Messages per page of the outbox. */
const PAGE_SIZE = 50;

export const load = (async ({ locals, url }) => {
  const user = requireUser(locals);
  if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).errors.forbidden });
  const page = Math.max(1, Math.trunc(Number(url.searchParams.get('page'))) || 1);
  const unsent = url.searchParams.get('unsent') === 'true';
  const query = new URLSearchParams({
    limit: String(PAGE_SIZE),
    offset: String((page - 1) * PAGE_SIZE),
    unsent: String(unsent),
  });
  const outbox = await api(locals, 'GET', `/api/outbox?${query}`, schemas.outbox);
  if (!outbox.ok) failPage(locals, outbox);
  const { unsent: waiting, sent } = outbox.body;
  return { outbox: outbox.body, unsent, page, pageSize: PAGE_SIZE, total: unsent ? waiting : waiting + sent };
}) satisfies PageServerLoad;
