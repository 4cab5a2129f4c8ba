// What the KPI pages and their CSV exports load: the same API calls for both, so an export
// always holds the figures the page shows.
import { type Kpi, type KpiChange, schemas } from '@ccmm/api/contract';
import { addMonths, isMonth } from '@ccmm/engine';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { currentMonth } from '$lib/month';
import { PEER_FILTERS } from '$lib/peers';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import { chosenOrganization as chosenFor, filtersFrom, setFilters } from '$lib/server/organizations';
import { canBenchmark, isCenterRole, type SessionUser } from '$lib/session';

/** The user and the organizations whose KPIs they may read, and the one the URL chose (404 when not theirs). */
export const chosenOrganization = (locals: App.Locals, url: URL) =>
  chosenFor(locals, url, requireUser(locals));

/** Who records KPIs: the center's own users and the certification-body admin (the API decides anyway). */
export const canRecord = (user: SessionUser, organizationId: string): boolean =>
  user.role === 'cb_admin' || (isCenterRole(user.role) && user.organizationId === organizationId);

/** A YYYY-MM from the URL, else the fallback; never after the current month. */
export function monthFrom(url: URL, key: string, fallback: string): string {
  const asked = url.searchParams.get(key);
  const month = isMonth(asked) ? asked : fallback;
  const now = currentMonth();
  // Months compare as text (YYYY-MM).
  if (month > now) return now;
  return month;
}

export const PERIODS = [12, 24, 36] as const;

/** The values of one month, and the latest earlier value of each indicator (its target and method carry over). */
export async function loadMonth(locals: App.Locals, organizationId: string, month: string) {
  const found = await api(
    locals,
    'GET',
    `/api/organizations/${organizationId}/kpis?from=${addMonths(month, -36)}&to=${month}`,
    schemas.kpis,
  );
  if (!found.ok) failPage(locals, found);
  const values = found.body.values.filter((v) => v.month === month);
  const earlier = new Map<string, Kpi>();
  for (const v of found.body.values) if (v.month < month) earlier.set(v.indicator, v);
  return { values, earlier: [...earlier.values()] };
}

/** The values of the period ending `to`, and the attainment over the same period (12, 24 or 36 months). */
export async function loadTargets(locals: App.Locals, url: URL) {
  const chosen = await chosenOrganization(locals, url);
  // The last full month by default: the current one is still being recorded.
  const to = monthFrom(url, 'to', addMonths(currentMonth(), -1));
  const asked = Number(url.searchParams.get('months'));
  const months = (PERIODS as readonly number[]).includes(asked) ? asked : 12;
  const from = addMonths(to, -(months - 1));
  if (!chosen.organization) return { ...chosen, to, from, months, values: [], attainment: null };
  const id = chosen.organization.id;
  const [values, attainment] = await Promise.all([
    api(locals, 'GET', `/api/organizations/${id}/kpis?from=${from}&to=${to}`, schemas.kpis),
    api(
      locals,
      'GET',
      `/api/organizations/${id}/kpis/attainment?to=${to}&months=${months}`,
      schemas.kpiAttainment,
    ),
  ]);
  if (!values.ok) failPage(locals, values);
  if (!attainment.ok) failPage(locals, attainment);
  return { ...chosen, to, from, months, values: values.body.values, attainment: attainment.body };
}

/** The organization's KPIs of a month against its peers; a filter the API refuses is said beside the form. */
export async function loadCohort(locals: App.Locals, url: URL) {
  const user = requireUser(locals);
  if (!canBenchmark(user.role)) error(403, { message: t(locals.locale).errors.forbidden });
  const chosen = await chosenFor(locals, url, user);
  const filters = filtersFrom(url, PEER_FILTERS);
  const asked = url.searchParams.get('month');
  const month = isMonth(asked) ? asked : null;
  if (!chosen.organization) return { ...chosen, filters, month, cohort: null, problem: null };
  const search = setFilters(new URLSearchParams({ organizationId: chosen.organization.id }), filters);
  if (month) search.set('month', month);
  const found = await api(locals, 'GET', `/api/benchmarks/kpis?${search}`, schemas.kpiCohort);
  if (found.status === 400) return { ...chosen, filters, month, cohort: null, problem: errorMessage(found) };
  if (!found.ok) failPage(locals, found);
  return { ...chosen, filters, month: found.body.month, cohort: found.body, problem: null };
}

export async function loadHistory(locals: App.Locals, url: URL) {
  const chosen = await chosenOrganization(locals, url);
  if (!chosen.organization) return { ...chosen, changes: [] as KpiChange[] };
  const found = await api(
    locals,
    'GET',
    `/api/organizations/${chosen.organization.id}/kpis/changes`,
    schemas.kpiChanges,
  );
  if (!found.ok) failPage(locals, found);
  return { ...chosen, changes: found.body };
}
