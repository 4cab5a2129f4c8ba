import { type Kpi, schemas } from '@ccmm/api/contract';
import {
  ABANDON_METHODS,
  addMonths,
  CSAT_SCALES,
  isMonth,
  KPI_INDICATORS,
  type KpiIndicator,
  type KpiMethod,
} from '@ccmm/engine';
import { fail, redirect } from '@sveltejs/kit';
import { fmt, t } from '$lib/i18n';
import { methodFields } from '$lib/kpis/format';
import { readNumber } from '$lib/kpis/number-input';
import { currentMonth } from '$lib/month';
import { type ApiResult, api, errorMessage } from '$lib/server/api';
import { requireUser } from '$lib/server/guard';
import { pickable } from '$lib/server/organizations';
import type { Actions, PageServerLoad } from './$types';
import { canRecord, chosenOrganization, loadMonth, monthFrom } from './kpis.server';

/** The form's fields, one per indicator and input: `service_level.value`, `csat.scale`, … */
const fieldNames = (indicator: KpiIndicator) =>
  ['value', 'target', ...methodFields(indicator)].map((f) => `${indicator}.${f}`);

function fieldsOf(item: Kpi | undefined, withValue: boolean): Record<string, string> {
  if (!item) return {};
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    [`${item.indicator}.value`]: withValue ? text(item.value) : '',
    [`${item.indicator}.target`]: text(item.target),
    [`${item.indicator}.thresholdSeconds`]: text(item.method.thresholdSeconds),
    [`${item.indicator}.abandons`]: text(item.method.abandons),
    [`${item.indicator}.scale`]: text(item.method.scale),
  };
}

export const load = (async ({ locals, url }) => {
  const { user, organizations, organization } = await chosenOrganization(locals, url);
  const now = currentMonth();
  const month = monthFrom(url, 'month', addMonths(now, -1));
  const base = {
    organizations: pickable(organizations),
    organization,
    month,
    maxMonth: now,
    saved: url.searchParams.has('saved'),
    deleted: KPI_INDICATORS.find((i) => i === url.searchParams.get('deleted')) ?? null,
  };
  if (!organization)
    return { ...base, canRecord: false, values: [], fields: {} as Record<string, string>, carriedFrom: null };
  const { values, earlier } = await loadMonth(locals, organization.id, month);
  // A month not yet recorded starts from the latest earlier target and method of each indicator.
  const fields: Record<string, string> = {};
  let carriedFrom: string | null = null;
  for (const indicator of KPI_INDICATORS) {
    const own = values.find((v) => v.indicator === indicator);
    const before = earlier.find((v) => v.indicator === indicator);
    if (!own && before && (!carriedFrom || before.month > carriedFrom)) carriedFrom = before.month;
    Object.assign(fields, own ? fieldsOf(own, true) : fieldsOf(before, false));
  }
  return { ...base, canRecord: canRecord(user, organization.id), values, fields, carriedFrom };
}) satisfies PageServerLoad;

type FieldErrors = Record<string, string[]>;

function addError(errors: FieldErrors, key: string, message: string) {
  errors[key] = [...(errors[key] ?? []), message];
}

/** The API's issues (`values.2.method.scale`, or a path array) beside the fields they are about. */
function placeIssues(result: ApiResult<unknown>, sent: readonly { indicator: KpiIndicator }[]) {
  const errors: FieldErrors = {};
  const general: string[] = [];
  const issues = (result.body as { issues?: { path: unknown; message: string }[] } | null)?.issues ?? [];
  for (const issue of issues) {
    const parts = Array.isArray(issue.path) ? issue.path.map(String) : String(issue.path ?? '').split('.');
    const entry = parts[0] === 'values' ? sent[Number(parts[1])] : undefined;
    const field = parts[parts.length - 1] ?? '';
    const key = entry ? `${entry.indicator}.${field}` : '';
    if (entry && fieldNames(entry.indicator).includes(key)) addError(errors, key, issue.message);
    else general.push(issue.message);
  }
  return { errors, general };
}

const backTo = (organizationId: string, month: string, flag: string) =>
  `/kpis?organizationId=${encodeURIComponent(organizationId)}&month=${encodeURIComponent(month)}&${flag}`;

export const actions = {
  save: async ({ locals, request }) => {
    requireUser(locals);
    const m = t(locals.locale).kpis;
    const form = await request.formData();
    const organizationId = String(form.get('organizationId') ?? '');
    const month = String(form.get('month') ?? '');
    const fields: Record<string, string> = {};
    for (const indicator of KPI_INDICATORS)
      for (const key of fieldNames(indicator)) fields[key] = String(form.get(key) ?? '').trim();

    const errors: FieldErrors = {};
    // "1,200" is 1200 and "4,6" is 4.6; a comma that could be either is refused beside its field.
    const numberIn = (key: string): number | undefined => {
      const text = fields[key] ?? '';
      const read = readNumber(text);
      if (read.ok) return read.value;
      addError(
        errors,
        key,
        read.problem === 'ambiguous' ? fmt(m.record.ambiguous, { text }) : m.record.notNumber,
      );
      return undefined;
    };
    const entries: { indicator: KpiIndicator; value: number; target: number | null; method?: KpiMethod }[] =
      [];
    for (const indicator of KPI_INDICATORS) {
      // An indicator without a value is left as it is (deleting is its own button).
      if (!fields[`${indicator}.value`]) continue;
      const value = numberIn(`${indicator}.value`);
      const target = numberIn(`${indicator}.target`) ?? null;
      const method: {
        thresholdSeconds?: number;
        abandons?: KpiMethod['abandons'];
        scale?: KpiMethod['scale'];
      } = {};
      const needs = methodFields(indicator);
      if (needs.includes('thresholdSeconds')) {
        const seconds = numberIn(`${indicator}.thresholdSeconds`);
        if (seconds !== undefined) method.thresholdSeconds = seconds;
      }
      const abandons = ABANDON_METHODS.find((a) => a === fields[`${indicator}.abandons`]);
      if (needs.includes('abandons') && abandons) method.abandons = abandons;
      const scale = CSAT_SCALES.find((s) => s === fields[`${indicator}.scale`]);
      if (needs.includes('scale') && scale) method.scale = scale;
      if (value !== undefined)
        entries.push({ indicator, value, target, ...(needs.length ? { method } : {}) });
    }
    if (Object.keys(errors).length > 0)
      return fail(400, { fields, errors, general: [] as string[], message: m.record.refused });
    if (entries.length === 0)
      return fail(400, { fields, errors, general: [] as string[], message: m.record.nothing });

    const saved = await api(
      locals,
      'PUT',
      `/api/organizations/${encodeURIComponent(organizationId)}/kpis/${encodeURIComponent(month)}`,
      schemas.savedKpis,
      { values: entries },
    );
    if (!saved.ok) {
      const placed = placeIssues(saved, entries);
      const message = Object.keys(placed.errors).length ? m.record.refused : errorMessage(saved);
      return fail(saved.status === 403 || saved.status === 404 ? saved.status : 400, {
        fields,
        ...placed,
        message,
      });
    }
    redirect(303, backTo(organizationId, month, 'saved=1'));
  },

  delete: async ({ locals, request }) => {
    requireUser(locals);
    const form = await request.formData();
    const organizationId = String(form.get('organizationId') ?? '');
    const month = String(form.get('month') ?? '');
    const indicator = KPI_INDICATORS.find((i) => i === form.get('indicator'));
    if (!indicator || !isMonth(month)) return fail(400, { deleteError: t(locals.locale).errors.generic });
    const removed = await api(
      locals,
      'DELETE',
      `/api/organizations/${encodeURIComponent(organizationId)}/kpis/${month}/${indicator}`,
      schemas.noContent,
    );
    if (!removed.ok)
      return fail(removed.status === 403 || removed.status === 404 ? removed.status : 400, {
        deleteError: errorMessage(removed),
      });
    redirect(303, backTo(organizationId, month, `deleted=${indicator}`));
  },
} satisfies Actions;
