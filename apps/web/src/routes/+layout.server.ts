import { schemas } from '@ccmm/api/contract';
import { api } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

export const load = (async ({ locals }) => {
  // The unread count in the header (limit 0: the count only).
  let unread = 0;
  if (locals.user) {
    const notes = await api(locals, 'GET', '/api/me/notifications?limit=0', schemas.inbox);
    if (notes.ok) unread = notes.body.unread;
  }
  return { user: locals.user, locale: locals.locale, unread };
}) satisfies LayoutServerLoad;
