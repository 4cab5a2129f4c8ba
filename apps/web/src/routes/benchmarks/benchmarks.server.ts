// What the benchmark pages and their CSV exports load: the same API calls for both, so an
// export always holds the figures the page shows.
import { type Comparison, schemas, type Trend } from '@ccmm/api/contract';
import { standardLayout } from '@ccmm/engine';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { PEER_FILTERS } from '$lib/peers';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import {
  chosenOrganization as chosenFor,
  filtersFrom,
  type OrganizationItem,
  organizationsFor,
  setFilters,
} from '$lib/server/organizations';
import { canBenchmark, type SessionUser } from '$lib/session';
import { FILTER_KEYS, type Layout } from './benchmarks';

/** Everyone but auditors benchmarks (the API says the same; this gives the page's message). */
export function requireBenchmarkUser(locals: App.Locals): SessionUser {
  const user = requireUser(locals);
  if (!canBenchmark(user.role)) error(403, { message: t(locals.locale).errors.forbidden });
  return user;
}

/** The benchmarking user, the organizations they may benchmark and the one chosen by the URL. */
export const chosenOrganization = (locals: App.Locals, url: URL) =>
  chosenFor(locals, url, requireBenchmarkUser(locals));

const layouts = new Map<string, Layout>();

/** A standard's domains, sections and levels with their titles and maxima, from its pack. */
export async function layoutFor(locals: App.Locals, ref: string): Promise<Layout> {
  const key = `${ref}|${locals.locale}`;
  const cached = layouts.get(key);
  if (cached) return cached;
  const found = await api(locals, 'GET', `/api/standards/${encodeURIComponent(ref)}`, schemas.standard);
  if (!found.ok) failPage(locals, found);
  const pack = found.body.pack;
  const locale = locals.locale;
  const shape = standardLayout(pack);
  const layout: Layout = {
    ref,
    title: pack.title[locale],
    maxTotal: shape.maxTotal,
    domains: shape.domains.map((d) => ({ id: d.id, title: d.title[locale], max: d.maxPoints })),
    sections: shape.sections.map((s) => ({
      id: s.id,
      domain: s.domain,
      title: s.title[locale],
      depth: s.depth,
      max: s.maxPoints,
    })),
    levels: pack.levels.map((l) => ({
      level: l.level,
      code: l.code,
      name: l.name[locale],
      minTotal: l.criteria.find((c) => c.kind === 'totalPoints')?.atLeast ?? null,
    })),
  };
  layouts.set(key, layout);
  return layout;
}

/** The cohort view: the organizations to choose from, the chosen one, its filters and the API's cohort. */
export async function loadCohort(locals: App.Locals, url: URL) {
  const { user, organizations, organization } = await chosenOrganization(locals, url);
  const filters = filtersFrom(url, FILTER_KEYS);
  if (!organization)
    return { user, organizations, organization, filters, cohort: null, problem: null, layout: null };
  const search = setFilters(new URLSearchParams({ organizationId: organization.id }), filters);
  const answer = await api(locals, 'GET', `/api/benchmarks/cohort?${search}`, schemas.cohort);
  // A filter the API refuses (an unknown level or kind) is said beside the form.
  if (answer.status === 400)
    return {
      user,
      organizations,
      organization,
      filters,
      cohort: null,
      problem: errorMessage(answer),
      layout: null,
    };
  if (!answer.ok) failPage(locals, answer);
  const layout = await layoutFor(locals, answer.body.standard);
  return { user, organizations, organization, filters, cohort: answer.body, problem: null, layout };
}

export async function loadTrend(locals: App.Locals, url: URL) {
  const { user, organizations, organization } = await chosenOrganization(locals, url);
  if (!organization)
    return {
      user,
      organizations,
      organization,
      points: [] as Trend['points'],
      layouts: {} as Record<string, Layout>,
    };
  const answer = await api(
    locals,
    'GET',
    `/api/benchmarks/trend?organizationId=${encodeURIComponent(organization.id)}`,
    schemas.trend,
  );
  if (!answer.ok) failPage(locals, answer);
  const points = answer.body.points;
  const refs = [...new Set(points.map((p) => p.standard))];
  const layouts: Record<string, Layout> = {};
  for (const ref of refs) layouts[ref] = await layoutFor(locals, ref);
  return { user, organizations, organization, points, layouts };
}

/** Self-assessment against audit, with the peers' spread under the same peer filters as the cohort view. */
export async function loadSelfVsAudit(locals: App.Locals, url: URL) {
  const { user, organizations, organization } = await chosenOrganization(locals, url);
  const filters = filtersFrom(url, PEER_FILTERS);
  if (!organization)
    return { user, organizations, organization, filters, answer: null, problem: null, layout: null };
  const search = setFilters(new URLSearchParams({ organizationId: organization.id }), filters);
  for (const key of ['selfAssessmentId', 'auditId']) {
    const value = url.searchParams.get(key);
    if (value) search.set(key, value);
  }
  const answer = await api(locals, 'GET', `/api/benchmarks/self-vs-audit?${search}`, schemas.selfVsAudit);
  if (answer.status === 400) {
    const problem = errorMessage(answer);
    return { user, organizations, organization, filters, answer: null, problem, layout: null };
  }
  if (!answer.ok) failPage(locals, answer);
  const layout = answer.body.standard ? await layoutFor(locals, answer.body.standard) : null;
  return { user, organizations, organization, filters, answer: answer.body, problem: null, layout };
}

/** The ids a compare URL names: `organizationIds=a,b` or repeated checkboxes `organizationIds=a&organizationIds=b`. */
export function idsFrom(url: URL): string[] {
  const ids = url.searchParams
    .getAll('organizationIds')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return [...new Set(ids)];
}

export const MAX_COMPARED = 10;

export async function loadCompare(locals: App.Locals, url: URL) {
  const user = requireBenchmarkUser(locals);
  const m = t(locals.locale).benchmarks;
  if (user.role !== 'consultant' && user.role !== 'cb_admin' && user.role !== 'cb_reviewer')
    error(403, { message: m.compare.forbidden });
  const organizations = await organizationsFor(locals);
  // An organization no longer in the user's list (a revoked grant) simply drops out of the choice.
  const listed = new Set(organizations.map((o) => o.id));
  const asked = idsFrom(url);
  const ids = asked.filter((id) => listed.has(id));
  const dropped = asked.length - ids.length;
  let answer: Comparison | null = null;
  let problem: string | null = null;
  // The status that goes with a problem: the CSV export answers with it instead of an empty file.
  let problemStatus = 400;
  if (ids.length > MAX_COMPARED) problem = m.compare.tooMany;
  else if (ids.length >= 2) {
    const found = await api(
      locals,
      'GET',
      `/api/benchmarks/compare?organizationIds=${ids.map(encodeURIComponent).join(',')}`,
      schemas.comparison,
    );
    if (found.status === 400 || found.status === 404) {
      problem = errorMessage(found);
      problemStatus = found.status;
    } else if (!found.ok) failPage(locals, found);
    else answer = found.body;
  } else if (asked.length > 0) problem = m.compare.pickTwo;
  const layout = answer ? await layoutFor(locals, answer.standard) : null;
  return { user, organizations: placed(organizations), ids, dropped, answer, problem, problemStatus, layout };
}

/** The compare page's choices: names, with industry and region beside them. */
const placed = (organizations: readonly OrganizationItem[]) =>
  organizations.map(({ id, name, industry, region }) => ({ id, name, industry, region }));
