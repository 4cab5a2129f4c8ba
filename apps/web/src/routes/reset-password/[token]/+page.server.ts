import { schemas } from '@ccmm/api/contract';
import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => ({})) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, params }) => {
    const form = await request.formData();
    const result = await api(
      locals,
      'POST',
      `/api/auth/password-reset/${encodeURIComponent(params.token)}`,
      schemas.noContent,
      { password: String(form.get('password') ?? '') },
    );
    if (!result.ok) return fail(result.status === 429 ? 429 : 400, { message: errorMessage(result) });
    return { done: true };
  },
} satisfies Actions;
