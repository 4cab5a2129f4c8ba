import { schemas } from '@ccmm/api/contract';
import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, setSession } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => ({})) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, cookies, url, params }) => {
    const form = await request.formData();
    const result = await api(
      locals,
      'POST',
      `/api/invitations/${encodeURIComponent(params.token)}/accept`,
      schemas.session,
      { password: String(form.get('password') ?? '') },
    );
    if (!result.ok) return fail(result.status === 429 ? 429 : 400, { message: errorMessage(result) });
    setSession(cookies, url, result.body.token);
    redirect(303, '/');
  },
} satisfies Actions;
