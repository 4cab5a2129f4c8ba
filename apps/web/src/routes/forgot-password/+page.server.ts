import { schemas } from '@ccmm/api/contract';
import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => ({})) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '').trim();
    const result = await api(locals, 'POST', '/api/auth/password-reset', schemas.noContent, { email });
    if (!result.ok) return fail(result.status === 429 ? 429 : 400, { email, message: errorMessage(result) });
    // The same answer whether the address has an account or not.
    return { sent: true };
  },
} satisfies Actions;
