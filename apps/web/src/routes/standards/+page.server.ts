import { schemas } from '@ccmm/api/contract';
import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import { localizedWarnings } from '$lib/server/standards';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
  const user = requireUser(locals);
  const list = await api(locals, 'GET', '/api/standards', schemas.standards);
  if (!list.ok) failPage(locals, list);
  const locale = locals.locale;
  const standards = await Promise.all(
    list.body.map(async (s) => {
      // The pack is only needed to say a warning in the reader's language.
      const whole =
        s.warnings.length > 0
          ? await api(locals, 'GET', `/api/standards/${encodeURIComponent(s.ref)}`, schemas.standard)
          : null;
      return {
        ref: s.ref,
        version: s.version,
        status: s.status,
        title: s.title[locale],
        clauseCount: s.clauseCount,
        warnings: localizedWarnings(s, whole?.ok ? whole.body.pack : null, locale),
      };
    }),
  );
  return {
    standards,
    mayUpload: user.role === 'cb_admin',
    mayReadMappings: user.role === 'cb_admin' || user.role === 'cb_reviewer',
    published: standards.filter((s) => s.status === 'published').map((s) => s.ref),
  };
}) satisfies PageServerLoad;

export const actions = {
  /** A pack (YAML or XLSX) stored as a draft; a refusal lists every problem the API found. */
  upload: async ({ locals, request }) => {
    const user = requireUser(locals);
    const form = await request.formData();
    const file = form.get('file');
    const replaces = String(form.get('replaces') ?? '');
    const reason = String(form.get('reason') ?? '').trim();
    if (user.role !== 'cb_admin')
      return fail(403, {
        message: t(locals.locale).admin.standards.uploadForbidden,
        problems: [],
        replaces,
        reason,
      });
    const body = new FormData();
    if (file instanceof File) body.append('file', file, file.name);
    const query = replaces ? `?${new URLSearchParams({ replaces, reason })}` : '';
    const stored = await api(locals, 'POST', `/api/standards${query}`, schemas.standardUpload, body);
    if (!stored.ok) {
      const problems = schemas.uploadProblems.safeParse((stored.body as { problems?: unknown }).problems);
      return fail(stored.status, {
        message: errorMessage(stored),
        problems: problems.success ? problems.data : [],
        replaces,
        reason,
      });
    }
    redirect(303, `/standards/${encodeURIComponent(stored.body.ref)}`);
  },
} satisfies Actions;
