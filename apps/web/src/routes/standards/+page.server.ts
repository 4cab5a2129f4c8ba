import { schemas } from '@ccmm/api/contract';
import { api } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import { localizedWarnings } from '$lib/server/standards';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
  requireUser(locals);
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
  return { standards };
}) satisfies PageServerLoad;
