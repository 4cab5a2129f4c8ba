import { schemas } from '@ccmm/api/contract';
import { isLocale } from '@ccmm/engine';
import { redirect } from '@sveltejs/kit';
import { api, LOCALE_COOKIE, setSession } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

/** The language switch on every page: remembered on the account when signed in, else in a cookie. */
export const actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const locale = String(form.get('locale') ?? '');
    const back = String(form.get('redirectTo') ?? '/');
    const target = back.startsWith('/') && !back.startsWith('//') ? back : '/';
    if (isLocale(locale)) {
      cookies.set(LOCALE_COOKIE, locale, {
        path: '/',
        sameSite: 'lax',
        httpOnly: false,
        secure: url.protocol === 'https:',
        maxAge: 60 * 60 * 24 * 365,
      });
      if (locals.user) {
        const result = await api(locals, 'PATCH', '/api/me', schemas.session, { locale });
        if (result.ok) setSession(cookies, url, result.body.token);
      }
    }
    redirect(303, target);
  },
} satisfies Actions;
