import { type AttentionItem, schemas } from '@ccmm/api/contract';
import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import { isCenterRole } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

async function currentStandard(locals: App.Locals): Promise<string | null> {
  const list = await api(locals, 'GET', '/api/standards', schemas.standards);
  if (!list.ok) return null;
  return (list.body.find((s) => s.status === 'published') ?? list.body[0])?.ref ?? null;
}

export const load = (async ({ locals }) => {
  const user = requireUser(locals);
  const list = await api(locals, 'GET', '/api/assessments', schemas.assessments);
  if (!list.ok) failPage(locals, list);
  const standard = isCenterRole(user.role) ? await currentStandard(locals) : null;
  // The body's home also lists what it must act on: audits overdue or due, suspensions ending.
  let attention: AttentionItem[] = [];
  if (user.role === 'cb_admin' || user.role === 'cb_reviewer') {
    const listed = await api(locals, 'GET', '/api/programme/attention', schemas.attention);
    if (listed.ok) attention = listed.body;
  }
  return { assessments: list.body, standard, attention };
}) satisfies PageServerLoad;

export const actions = {
  startSelf: async ({ locals }) => {
    const user = requireUser(locals);
    const standard = await currentStandard(locals);
    if (!user.organizationId || !standard) return fail(400, { message: 'no organization or standard' });
    const created = await api(locals, 'POST', '/api/assessments', schemas.assessment, {
      organizationId: user.organizationId,
      standard,
      kind: 'self',
    });
    if (!created.ok) return fail(created.status, { message: errorMessage(created) });
    redirect(303, `/assessments/${created.body.id}/score`);
  },
} satisfies Actions;
