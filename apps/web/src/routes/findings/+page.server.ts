import { schemas } from '@ccmm/api/contract';
import { FINDING_KINDS, FINDING_STATES } from '@ccmm/engine';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, totalOf } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** Rows per page of the register. */
const PAGE_SIZE = 50;
const AWAITING_TEAM = ['plan_submitted', 'correction_submitted'] as const;
const AWAITING_CENTER = ['open', 'plan_accepted'] as const;

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
  // Awaiting a review (the audit team) or an answer (the center) first, then by audit and number.
  const waiting = user.role === 'auditor' ? AWAITING_TEAM : AWAITING_CENTER;
  const page = Math.max(1, Math.trunc(Number(url.searchParams.get('page'))) || 1);
  const paging = `limit=${PAGE_SIZE}&offset=${(page - 1) * PAGE_SIZE}&first=${waiting.join(',')}`;
  const [listed, waitingList] = await Promise.all([
    api(locals, 'GET', `/api/findings?${query}${query ? '&' : ''}${paging}`, schemas.findings),
    api(locals, 'GET', `/api/findings?state=${waiting.join(',')}&limit=1`, schemas.findings),
  ]);
  if (!listed.ok) failPage(locals, listed);
  return {
    findings: listed.body,
    total: totalOf(listed),
    page,
    pageSize: PAGE_SIZE,
    filter: { kind: kind ?? '', state: state ?? '', overdue },
    query,
    waitingCount: waitingList.ok ? totalOf(waitingList) : 0,
  };
}) satisfies PageServerLoad;
