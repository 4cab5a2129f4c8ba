import { schemas } from '@ccmm/api/contract';
import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, setSession } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals }) => {
  if (locals.user) redirect(303, '/');
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '');
    const code = String(form.get('code') ?? '').trim();
    const result = await api(locals, 'POST', '/api/auth/login', schemas.session, {
      email,
      password: String(form.get('password') ?? ''),
      ...(code ? { code } : {}),
    });
    if (!result.ok) {
      // The password was right and the account has two-step sign-in: ask for the code.
      const needsCode = result.body.code.startsWith('auth.two_factor_code');
      return fail(result.status === 429 ? 429 : 400, { email, needsCode, message: errorMessage(result) });
    }
    setSession(cookies, url, result.body.token);
    redirect(303, '/');
  },
} satisfies Actions;
