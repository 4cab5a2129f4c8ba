import { schemas } from '@ccmm/api/contract';
import { CERTIFICATION_BODY_ROLES } from '@ccmm/engine';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// The stored mappings between editions (the body's), and for its admin the upload of a new one
// (YAML, or the XLSX template) and the template's download.
export const load = (async ({ locals }) => {
  const user = requireUser(locals);
  if (!CERTIFICATION_BODY_ROLES.includes(user.role))
    error(403, { message: t(locals.locale).admin.standards.mappingsForbidden });
  const [mappings, standards] = await Promise.all([
    api(locals, 'GET', '/api/mappings', schemas.mappings),
    api(locals, 'GET', '/api/standards', schemas.standards),
  ]);
  if (!mappings.ok) failPage(locals, mappings);
  if (!standards.ok) failPage(locals, standards);
  return {
    mappings: mappings.body.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() })),
    refs: standards.body.map((s) => s.ref),
    mayUpload: user.role === 'cb_admin',
  };
}) satisfies PageServerLoad;

export const actions = {
  /** A mapping (YAML or XLSX); a refusal lists every problem the API found. */
  upload: async ({ locals, request }) => {
    requireUser(locals);
    const form = await request.formData();
    const file = form.get('file');
    const body = new FormData();
    if (file instanceof File) body.append('file', file, file.name);
    const stored = await api(locals, 'POST', '/api/mappings', schemas.mappingResult, body);
    if (!stored.ok) {
      const problems = schemas.uploadProblems.safeParse((stored.body as { problems?: unknown }).problems);
      return fail(stored.status, {
        message: errorMessage(stored),
        problems: problems.success ? problems.data : [],
      });
    }
    return { stored: stored.body };
  },
} satisfies Actions;
