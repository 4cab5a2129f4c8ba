import { schemas } from '@ccmm/api/contract';
import { FINDING_KINDS, FINDING_STATES } from '@ccmm/engine';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

// The findings register: the body sees every center's, a center its own, an auditor those of
// the audits they are on (their review queue: plans and corrections waiting for them first).
export const load = (async ({ locals, url }) => {
  const user = requireUser(locals);
  if (user.role === 'consultant') error(403, { message: t(locals.locale).errors.forbidden });
  const kind = FINDING_KINDS.find((k) => k === url.searchParams.get('kind'));
  const state = FINDING_STATES.find((s) => s === url.searchParams.get('state'));
  const overdue = url.searchParams.get('overdue') === 'true';
  const query = new URLSearchParams({
    ...(kind ? { kind } : {}),
    ...(state ? { state } : {}),
    ...(overdue ? { overdue: 'true' } : {}),
  }).toString();
  const listed = await api(locals, 'GET', `/api/findings?${query}`, schemas.findings);
  if (!listed.ok) failPage(locals, listed);
  // Awaiting a review (the audit team) or an answer (the center) first, then by audit and number.
  const waiting = (s: string) =>
    user.role === 'auditor'
      ? s === 'plan_submitted' || s === 'correction_submitted'
      : s === 'open' || s === 'plan_accepted';
  const findings = [...listed.body].sort((x, y) => Number(waiting(y.state)) - Number(waiting(x.state)));
  return {
    findings,
    filter: { kind: kind ?? '', state: state ?? '', overdue },
    query,
    waitingCount: findings.filter((f) => waiting(f.state)).length,
  };
}) satisfies PageServerLoad;
