import { redirect } from '@sveltejs/kit';
import { TOKEN_COOKIE } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
  default: ({ cookies }) => {
    cookies.delete(TOKEN_COOKIE, { path: '/' });
    redirect(303, '/login');
  },
} satisfies Actions;
