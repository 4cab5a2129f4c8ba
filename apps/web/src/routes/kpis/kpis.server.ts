// What the KPI pages and their CSV exports load: the same API calls for both, so an export
// always holds the figures the page shows.
import { type CsvCell, toCsv } from '@ccmm/ratings-csv';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import {
  type Attainment,
  addMonths,
  currentMonth,
  type KpiChange,
  type KpiCohort,
  type KpiItem,
  MONTH,
} from '$lib/kpi-charts/kpis';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import { isCenterRole, type SessionUser } from '$lib/session';

export interface OrganizationItem {
  id: string;
  name: string;
  industry: string | null;
  businessType: string | null;
  region: string | null;
  seats: number | null;
}

/** The organizations whose KPIs the user may read: the API scopes the list (own, granted, or all). */
async function organizationsFor(locals: App.Locals): Promise<OrganizationItem[]> {
  const listed = await api<OrganizationItem[]>(locals, 'GET', '/api/organizations');
  if (!listed.ok) failPage(locals, listed);
  return listed.body
    .map(({ id, name, industry, businessType, region, seats }) => ({
      id,
      name,
      industry: industry ?? null,
      businessType: businessType ?? null,
      region: region ?? null,
      seats: seats ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/** The user, the organizations they may read and the one the URL chose (404 when not theirs). */
export async function chosenOrganization(locals: App.Locals, url: URL) {
  const user = requireUser(locals);
  const organizations = await organizationsFor(locals);
  const asked = url.searchParams.get('organizationId');
  let organization: OrganizationItem | null;
  if (asked) {
    organization = organizations.find((o) => o.id === asked) ?? null;
    if (!organization) error(404, { message: t(locals.locale).errors.notFound });
  } else {
    organization = organizations.find((o) => o.id === user.organizationId) ?? organizations[0] ?? null;
  }
  return { user, organizations, organization };
}

/** Who records KPIs: the center's own users and the certification-body admin (the API decides anyway). */
export const canRecord = (user: SessionUser, organizationId: string): boolean =>
  user.role === 'cb_admin' || (isCenterRole(user.role) && user.organizationId === organizationId);

/** A YYYY-MM from the URL, else the fallback; never after the current month. */
export function monthFrom(url: URL, key: string, fallback: string): string {
  const asked = url.searchParams.get(key);
  const month = asked && MONTH.test(asked) ? asked : fallback;
  const now = currentMonth();
  // Months compare as text (YYYY-MM).
  if (month > now) return now;
  return month;
}

export const PERIODS = [12, 24, 36] as const;

/** The values of one month, and the latest earlier value of each indicator (its target and method carry over). */
export async function loadMonth(locals: App.Locals, organizationId: string, month: string) {
  const found = await api<{ values: KpiItem[] }>(
    locals,
    'GET',
    `/api/organizations/${organizationId}/kpis?from=${addMonths(month, -36)}&to=${month}`,
  );
  if (!found.ok) failPage(locals, found);
  const values = found.body.values.filter((v) => v.month === month);
  const earlier = new Map<string, KpiItem>();
  for (const v of found.body.values) if (v.month < month) earlier.set(v.indicator, v);
  return { values, earlier: [...earlier.values()] };
}

/** The values of the period ending `to`, and the attainment over the 12 months ending `to`. */
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
    api<{ values: KpiItem[] }>(locals, 'GET', `/api/organizations/${id}/kpis?from=${from}&to=${to}`),
    api<Attainment>(locals, 'GET', `/api/organizations/${id}/kpis/attainment?to=${to}&months=12`),
  ]);
  if (!values.ok) failPage(locals, values);
  if (!attainment.ok) failPage(locals, attainment);
  return { ...chosen, to, from, months, values: values.body.values, attainment: attainment.body };
}

export const COHORT_FILTERS = ['industry', 'businessType', 'region', 'minSeats', 'maxSeats'] as const;
export type CohortFilters = Record<(typeof COHORT_FILTERS)[number], string>;

/** The organization's KPIs of a month against its peers; a filter the API refuses is said beside the form. */
export async function loadCohort(locals: App.Locals, url: URL) {
  const chosen = await chosenOrganization(locals, url);
  const filters = Object.fromEntries(
    COHORT_FILTERS.map((k) => [k, url.searchParams.get(k)?.trim() ?? '']),
  ) as CohortFilters;
  const asked = url.searchParams.get('month');
  const month = asked && MONTH.test(asked) ? asked : null;
  if (!chosen.organization) return { ...chosen, filters, month, cohort: null, problem: null };
  const search = new URLSearchParams({ organizationId: chosen.organization.id });
  if (month) search.set('month', month);
  for (const k of COHORT_FILTERS) if (filters[k]) search.set(k, filters[k]);
  const found = await api<KpiCohort>(locals, 'GET', `/api/benchmarks/kpis?${search}`);
  if (found.status === 400) return { ...chosen, filters, month, cohort: null, problem: errorMessage(found) };
  if (!found.ok) failPage(locals, found);
  return { ...chosen, filters, month: found.body.month, cohort: found.body, problem: null };
}

export async function loadHistory(locals: App.Locals, url: URL) {
  const chosen = await chosenOrganization(locals, url);
  if (!chosen.organization) return { ...chosen, changes: [] as KpiChange[] };
  const found = await api<KpiChange[]>(
    locals,
    'GET',
    `/api/organizations/${chosen.organization.id}/kpis/changes`,
  );
  if (!found.ok) failPage(locals, found);
  return { ...chosen, changes: found.body };
}

/** A CSV download in the product's one CSV format, named in ASCII. */
export function csvResponse(
  filename: string,
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
) {
  return new Response(toCsv(header, rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}
