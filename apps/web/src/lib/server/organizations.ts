// The organizations a benchmark or KPI page may show, and the one its URL chose: the API scopes
// the list (own, granted, or all), so a page never offers what the user may not read.
import { schemas } from '@ccmm/api/contract';
import { SEAT_BANDS, type SeatBand } from '@ccmm/engine';
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import type { OrganizationItem } from '$lib/peers';
import type { SessionUser } from '$lib/session';
import { api } from './api';
import { failPage } from './guard';

export type { OrganizationItem };

export async function organizationsFor(locals: App.Locals): Promise<OrganizationItem[]> {
  const listed = await api(locals, 'GET', '/api/organizations', schemas.organizations);
  if (!listed.ok) failPage(locals, listed);
  return listed.body
    .map((o) => ({
      id: o.id,
      name: o.name,
      industry: o.industry ?? null,
      businessType: o.businessType ?? null,
      region: o.region ?? null,
      seats: o.seats ?? null,
      benchmarkingOptIn: o.benchmarkingOptIn ?? false,
      publicListing: o.publicListing ?? false,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/**
 * The organizations `user` may read and the one the URL asks for (404 when not in the list),
 * else the user's own, else the first listed.
 */
export async function chosenOrganization(locals: App.Locals, url: URL, user: SessionUser) {
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

/** Just the names, for a picker: the page hands the client no more than it shows. */
export const pickable = (organizations: readonly OrganizationItem[]) =>
  organizations.map(({ id, name }) => ({ id, name }));

const distinct = (values: readonly (string | null)[]) =>
  [...new Set(values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));

/** What the peer filters suggest as one types: the industries, business types and regions the list holds. */
export const peerSuggestions = (organizations: readonly OrganizationItem[]) => ({
  industry: distinct(organizations.map((o) => o.industry)),
  businessType: distinct(organizations.map((o) => o.businessType)),
  region: distinct(organizations.map((o) => o.region)),
});

/** Each filter as typed (trimmed; '' = no filter); a seat band not among SEAT_BANDS is no filter. */
export function filtersFrom<K extends string>(url: URL, keys: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const value = (url.searchParams.get(key) ?? '').trim();
    out[key] = key === 'seats' && !SEAT_BANDS.includes(value as SeatBand) ? '' : value;
  }
  return out;
}

/** Copies the filters that hold a value into `search`: an empty field is not sent. */
export function setFilters(search: URLSearchParams, filters: Record<string, string>): URLSearchParams {
  for (const [key, value] of Object.entries(filters)) if (value !== '') search.set(key, value);
  return search;
}
