import { schemas } from '@ccmm/api/contract';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

/** A rate as the form sends it: '' for unrated. */
const rateOf = (v: FormDataEntryValue | null): 0 | 5 | 10 | null =>
  v === '0' ? 0 : v === '5' ? 5 : v === '10' ? 10 : null;

// The lead auditor's reconciliation: each rater's layer side by side, disagreements first.
export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  if (user.role !== 'auditor' && user.role !== 'cb_admin' && user.role !== 'cb_reviewer')
    error(403, { message: t(locals.locale).team.notLead });
  const id = encodeURIComponent(params.id);
  const found = await api(locals, 'GET', `/api/assessments/${id}`, schemas.assessmentDetail);
  if (!found.ok) failPage(locals, found);
  const [layers, agreement, standard] = await Promise.all([
    api(locals, 'GET', `/api/assessments/${id}/scores?layer=all`, schemas.ratings),
    api(locals, 'GET', `/api/assessments/${id}/agreement`, schemas.agreement),
    api(locals, 'GET', `/api/standards/${encodeURIComponent(found.body.standard)}`, schemas.standard),
  ]);
  if (!layers.ok) failPage(locals, layers);
  if (!agreement.ok) failPage(locals, agreement);
  if (!standard.ok) failPage(locals, standard);
  const raters = layers.body.layers ?? [];
  const team = new Map(layers.body.ratings.map((r) => [r.clause, r]));
  const changing = new Set(agreement.body.levelChanging);
  const clauses = standard.body.pack.clauses.map((c) => {
    const proposals = raters.map((r) => {
      const own = r.ratings.find((x) => x.clause === c.number);
      return { raterId: r.raterId, c: own?.c ?? null, f: own?.f ?? null };
    });
    const rated = proposals.filter((p) => p.c !== null || p.f !== null);
    const agreed = new Set(rated.map((p) => `${p.c}/${p.f}`)).size <= 1;
    const current = team.get(c.number);
    return {
      number: c.number,
      summary: c.summary[locals.locale],
      proposals,
      agreed,
      levelChanging: changing.has(c.number),
      team: current ? { c: current.c, f: current.f, note: current.note, version: current.version } : null,
    };
  });
  return {
    assessment: found.body,
    raters: raters.map(({ raterId, name }) => ({ raterId, name })),
    isLead: layers.body.team?.leadId === user.id,
    layersVisible: layers.body.team?.layersVisible ?? false,
    // Blind or not is the certification body's admin's to decide (the API refuses the lead).
    maySetVisibility: user.role === 'cb_admin',
    agreement: agreement.body,
    disagreements: clauses
      .filter((c) => !c.agreed)
      .sort((a, b) => Number(b.levelChanging) - Number(a.levelChanging) || a.number - b.number),
    agreements: clauses.filter((c) => c.agreed),
  };
}) satisfies PageServerLoad;

export const actions = {
  settings: async ({ locals, params, request }) => {
    requireUser(locals);
    const form = await request.formData();
    const res = await api(
      locals,
      'PUT',
      `/api/assessments/${encodeURIComponent(params.id)}/team-settings`,
      schemas.teamSettings,
      { layersVisible: form.get('layersVisible') === 'on' },
    );
    if (!res.ok) return fail(res.status, { settingsError: errorMessage(res) });
    return { settingsSaved: true };
  },
  team: async ({ locals, params, request }) => {
    requireUser(locals);
    const form = await request.formData();
    const clause = Number(form.get('clause'));
    const reason = String(form.get('reason') ?? '').trim();
    const res = await api(
      locals,
      'PUT',
      `/api/assessments/${encodeURIComponent(params.id)}/team-scores/${clause}`,
      schemas.rating,
      {
        c: rateOf(form.get('c')),
        f: rateOf(form.get('f')),
        version: Number(form.get('version') ?? 0),
        ...(reason ? { reason } : {}),
      },
    );
    if (!res.ok) return fail(res.status, { clause, error: errorMessage(res) });
    return { clause, saved: true };
  },
} satisfies Actions;
