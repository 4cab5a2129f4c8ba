import { schemas } from '@ccmm/api/contract';
import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { loadAssessment } from '$lib/server/assessment';
import { requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

/** A rate as the form sends it: '' for unrated. */
const rateOf = (v: FormDataEntryValue | null): 0 | 5 | 10 | null =>
  v === '0' ? 0 : v === '5' ? 5 : v === '10' ? 10 : null;

// After a move to another edition: the ratings proposed for split and merged clauses, each
// accepted as proposed or changed (the API's write path; submission waits for all of them).
export const load = (async ({ locals, params }) => {
  requireUser(locals);
  const { assessment, pack, ratings } = await loadAssessment(locals, params.id);
  const summaries = new Map(pack.clauses.map((c) => [c.number, c.summary[locals.locale]]));
  // A surveillance audit's carried ratings are its sample's to confirm, not a move's proposals.
  const proposals = assessment.carriedFrom
    ? []
    : ratings
        .filter((r) => r.carried)
        .map((r) => ({ ...r, summary: summaries.get(r.clause) ?? '' }))
        .sort((a, b) => a.clause - b.clause);
  return { assessment, proposals };
}) satisfies PageServerLoad;

export const actions = {
  /** Accept writes the proposal as it stands (its confirmation); change writes the chosen rates. */
  rate: async ({ locals, params, request }) => {
    requireUser(locals);
    const form = await request.formData();
    const clause = Number(form.get('clause'));
    const accept = form.get('intent') === 'accept';
    const note = String(form.get('note') ?? '');
    const res = await api(
      locals,
      'PUT',
      `/api/assessments/${encodeURIComponent(params.id)}/scores/${clause}`,
      schemas.rating,
      {
        c: rateOf(form.get(accept ? 'proposedC' : 'c')),
        f: rateOf(form.get(accept ? 'proposedF' : 'f')),
        note: note === '' ? null : note,
        version: Number(form.get('version') ?? 0),
      },
    );
    if (!res.ok) return fail(res.status, { clause, error: errorMessage(res) });
    return { clause, accepted: accept };
  },
} satisfies Actions;
