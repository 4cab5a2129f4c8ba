import { schemas } from '@ccmm/api/contract';
import { redirect } from '@sveltejs/kit';
import { api, TOKEN_COOKIE } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
  default: async ({ cookies, locals }) => {
    // Ends the session on the server too: a copy of the token is worth nothing afterwards.
    if (locals.token) await api(locals, 'POST', '/api/auth/logout', schemas.noContent);
    cookies.delete(TOKEN_COOKIE, { path: '/' });
    redirect(303, '/login');
  },
} satisfies Actions;
