import { schemas } from '@ccmm/api/contract';
import { isLocale, localeFromTag } from '@ccmm/engine';
import type { Handle } from '@sveltejs/kit';
import { api, LOCALE_COOKIE, TOKEN_COOKIE } from '$lib/server/api';

/** What a user who must set up two-step sign-in may open meanwhile. */
const SETUP_PATHS = ['/account', '/logout', '/language', '/_app/', '/favicon'];

/** Who is asking, and in which language: the account's, else the ccmm_locale cookie, else the browser's. */
export const handle: Handle = async ({ event, resolve }) => {
  const chosen = event.cookies.get(LOCALE_COOKIE);
  event.locals.locale = isLocale(chosen)
    ? chosen
    : localeFromTag(event.request.headers.get('accept-language')?.split(',')[0]);
  event.locals.token = event.cookies.get(TOKEN_COOKIE) ?? null;
  // server.ts puts the address the API believes here (overwriting any a browser sent).
  event.locals.clientAddress = event.request.headers.get('x-ccmm-client-address') ?? event.getClientAddress();
  event.locals.requestId = event.request.headers.get('x-request-id') ?? undefined;
  event.locals.user = null;
  if (event.locals.token) {
    const me = await api(event.locals, 'GET', '/api/me', schemas.me);
    if (me.ok) {
      const { locale, ...user } = me.body;
      event.locals.user = {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        organizationId: user.organizationId,
      };
      if (isLocale(locale)) event.locals.locale = locale;
      // A role that must use two-step sign-in goes to set it up before anything else.
      if (
        user.twoFactorRequired &&
        !user.twoFactor &&
        !SETUP_PATHS.some((p) => event.url.pathname.startsWith(p))
      ) {
        return new Response(null, { status: 303, headers: { location: '/account' } });
      }
    } else {
      event.locals.token = null;
      event.cookies.delete(TOKEN_COOKIE, { path: '/' });
    }
  }
  const lang = event.locals.locale;
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('<html lang="zh-Hans">', `<html lang="${lang}">`),
  });
};
