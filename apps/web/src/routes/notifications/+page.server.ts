import { schemas } from '@ccmm/api/contract';
import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
  requireUser(locals);
  const inbox = await api(locals, 'GET', '/api/me/notifications?limit=100', schemas.inbox);
  if (!inbox.ok) failPage(locals, inbox);
  return { inbox: inbox.body };
}) satisfies PageServerLoad;

export const actions = {
  read: async ({ locals, request }) => {
    requireUser(locals);
    const id = String((await request.formData()).get('id') ?? '');
    const done = await api(
      locals,
      'POST',
      `/api/me/notifications/${encodeURIComponent(id)}/read`,
      schemas.noContent,
    );
    if (!done.ok) return fail(400, { message: errorMessage(done) });
    return {};
  },
  email: async ({ locals, request }) => {
    requireUser(locals);
    const on = (await request.formData()).get('notifyByEmail') === 'on';
    const done = await api(locals, 'PATCH', '/api/me', schemas.session, { notifyByEmail: on });
    if (!done.ok) return fail(400, { message: errorMessage(done) });
    return {};
  },
} satisfies Actions;
