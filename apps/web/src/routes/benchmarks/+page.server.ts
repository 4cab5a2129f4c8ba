import { type GrantView, schemas } from '@ccmm/api/contract';
import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { peerSuggestions, pickable } from '$lib/server/organizations';
import type { Actions, PageServerLoad } from './$types';
import { loadCohort, requireBenchmarkUser } from './benchmarks.server';

export const load = (async ({ locals, url }) => {
  const view = await loadCohort(locals, url);
  const { user, organization, organizations } = view;
  const own = !!organization && user.organizationId === organization.id;
  // Its center admin and the certification-body admin decide the organization's consent.
  const canManage = !!organization && (user.role === 'cb_admin' || (user.role === 'center_admin' && own));
  // Who read the organization's data through a grant: its center admin and the certification body see it.
  let grantViews: GrantView[] | null = null;
  if (
    organization &&
    (user.role === 'cb_admin' || user.role === 'cb_reviewer' || (user.role === 'center_admin' && own))
  ) {
    const found = await api(
      locals,
      'GET',
      `/api/organizations/${organization.id}/grant-views`,
      schemas.grantViews,
    );
    grantViews = found.ok ? found.body : null;
  }
  return {
    ...view,
    organizations: pickable(organizations),
    canManage,
    grantViews,
    suggestions: peerSuggestions(organizations),
  };
}) satisfies PageServerLoad;

export const actions = {
  consent: async ({ locals, request }) => {
    requireBenchmarkUser(locals);
    const form = await request.formData();
    const id = String(form.get('organizationId') ?? '');
    const saved = await api(
      locals,
      'PATCH',
      `/api/organizations/${encodeURIComponent(id)}`,
      schemas.organization,
      {
        benchmarkingOptIn: form.get('benchmarkingOptIn') === 'on',
        publicListing: form.get('publicListing') === 'on',
      },
    );
    if (!saved.ok) return fail(saved.status === 403 ? 403 : 400, { consentError: errorMessage(saved) });
    return { consentSaved: true };
  },
} satisfies Actions;
