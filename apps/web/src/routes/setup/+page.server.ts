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
    const fields = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') };
    const result = await api(locals, 'POST', '/api/setup', schemas.session, {
      ...fields,
      password: String(form.get('password') ?? ''),
    });
    if (result.status === 409) redirect(303, '/login');
    if (!result.ok) return fail(result.status, { ...fields, message: errorMessage(result) });
    setSession(cookies, url, result.body.token);
    redirect(303, '/');
  },
} satisfies Actions;
