import { error, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import type { SessionUser } from '$lib/session';

export function requireUser(locals: App.Locals): SessionUser {
  if (!locals.user) redirect(303, '/login');
  return locals.user;
}

/** An API refusal as the page's error: 404 for what the caller may not see, never the data. */
export function failPage(locals: App.Locals, result: { status: number }): never {
  const m = t(locals.locale);
  if (result.status === 401) redirect(303, '/login');
  if (result.status === 404 || result.status === 400) error(404, { message: m.errors.notFound });
  if (result.status === 403) error(403, { message: m.errors.forbidden });
  error(result.status >= 500 ? 502 : result.status, { message: m.errors.generic });
}
