import type { Executor } from '@ccmm/db';
import {
  addMonths,
  checkKpi,
  cohortBands,
  firstDayOf,
  format,
  isCohortShown,
  KPI_DEFINITIONS,
  KPI_INDICATORS,
  type KpiIndicator,
  type KpiMethod,
  type KpiMonth,
  type KpiProblem,
  kpiAttainment,
  type Locale,
  meetsTarget,
  monthOf,
} from '@ccmm/engine';
import type { z } from 'zod';
import type { Actor } from '../../actor.ts';
import { clock } from '../../clock.ts';
import { errors, messageFor } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import type { Repositories } from '../../plugins/repositories.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { hiddenCohort } from '../benchmarks/benchmarks.usecases.ts';
import { peerFilterOf } from '../benchmarks/cohort.sql.ts';
import { visibleOrganization } from '../organizations/organization-access.ts';
import { KPI_FIELD_NAMES, KPI_UNIT_NAMES } from './kpis.errors.ts';
import type { KpiEntry } from './kpis.repository.ts';
import type { kpiCohortQuery, kpiValuesBody } from './kpis.schemas.ts';

// A center's monthly KPIs: recorded whole or not at all (the engine checks every value and
// method), read against targets (clauses 127/128 of the scoring guide) and against peers
// measured the same way. Every read through a consultant's grant is recorded.

export interface KpiDeps {
  readonly db: Executor;
  readonly repositories: Pick<Repositories, 'organizations' | 'assessments' | 'kpis'>;
  readonly actor: Actor;
}

/** Clauses 127 and 128 of the scoring guide: the share of indicators that met (or improved). */
const CLAUSE_127_SHARE = 50;
const CLAUSE_128_SHARE = 75;

/** A stored month of one indicator as the API gives it. */
export function kpiItem(r: KpiMonth) {
  const definition = KPI_DEFINITIONS[r.indicator];
  return {
    month: monthOf(r.month),
    indicator: r.indicator,
    value: r.value,
    target: r.target,
    method: r.method,
    unit: definition.range(r.method).unit,
    better: definition.better,
    met: r.target === null ? null : meetsTarget(r.indicator, r.value, r.target),
  };
}

type Issue = { path: (string | number)[]; code: string; message: string };

/** One engine problem of entry `i` as a located issue in the reader's language. */
function issueOf(i: number, entry: KpiEntry, problem: KpiProblem, locale: Locale): Issue {
  const indicatorName = KPI_DEFINITIONS[entry.indicator].name[locale];
  const field = format(KPI_FIELD_NAMES[problem.field], locale);
  const path = [
    'values',
    i,
    ...(problem.field === 'value' || problem.field === 'target' ? [] : ['method']),
    problem.field,
  ];
  if (problem.code === 'kpi.out_of_range') {
    const unit =
      problem.field === 'thresholdSeconds'
        ? 'seconds'
        : KPI_DEFINITIONS[entry.indicator].range(entry.method).unit;
    return {
      path,
      code: problem.code,
      message: messageFor(problem.code, locale, {
        indicator: indicatorName,
        field,
        min: problem.min,
        max: problem.max,
        unit: format(KPI_UNIT_NAMES[unit], locale),
      }),
    };
  }
  return {
    path,
    code: problem.code,
    message: messageFor(problem.code, locale, { indicator: indicatorName, field }),
  };
}

/** Every problem of a month's entries: the engine's range and method checks, and repeats. */
function validate(entries: readonly KpiEntry[], locale: Locale): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<KpiIndicator>();
  entries.forEach((entry, i) => {
    if (seen.has(entry.indicator)) {
      issues.push({
        path: ['values', i, 'indicator'],
        code: 'kpi.duplicate_indicator',
        message: messageFor('kpi.duplicate_indicator', locale, {
          indicator: KPI_DEFINITIONS[entry.indicator].name[locale],
        }),
      });
    }
    seen.add(entry.indicator);
    for (const problem of checkKpi(entry.indicator, entry)) issues.push(issueOf(i, entry, problem, locale));
  });
  return issues;
}

/** Whether an indicator is comparable only with its method recorded (service level, CSAT). */
const needsMethod = (i: KpiIndicator) =>
  checkKpi(i, { value: KPI_DEFINITIONS[i].range({}).min, method: {} }).some(
    (p) => p.code === 'kpi.method_required',
  );

/** The organization's recorded months, oldest first (within `from`–`to`, YYYY-MM, when given). */
export async function kpiMonths(
  { db, repositories, actor }: KpiDeps,
  organizationId: string,
  range: { from?: string | undefined; to?: string | undefined },
) {
  const { from, to } = range;
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  if (from && to && from > to) throw errors.badRequest('kpi.range_reversed', { from, to });
  const rows = await repositories.kpis.list(
    organization.id,
    from ? firstDayOf(from) : undefined,
    to ? firstDayOf(to) : undefined,
  );
  await recordGrantViews(db, actor, [organization.id], 'kpis.read');
  return { organizationId: organization.id, values: rows.map(kpiItem) };
}

/** Records a month's indicators, all or nothing: any bad entry is a 400 listing every problem. */
export async function recordKpiMonth(
  { repositories, actor }: KpiDeps,
  organizationId: string,
  month: string,
  values: z.infer<typeof kpiValuesBody>['values'],
) {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  if (month > monthOf(clock.today())) throw errors.badRequest('kpi.month_in_future', { month });
  const entries: KpiEntry[] = values.map((e) => ({
    indicator: e.indicator,
    value: e.value,
    target: e.target ?? null,
    method: e.method ?? {},
  }));
  const issues = validate(entries, actor.locale);
  if (issues.length > 0) throw errors.badRequest('kpi.invalid', { count: issues.length }, { issues });
  const day = firstDayOf(month);
  await repositories.kpis.write(organization.id, day, actor.userId, entries, actor.apiKey ?? null);
  const rows = await repositories.kpis.list(organization.id, day, day);
  return { values: rows.map(kpiItem) };
}

/** Removes one indicator of a month (recorded in the history; nothing to remove is no error). */
export async function removeKpi(
  { repositories, actor }: KpiDeps,
  organizationId: string,
  month: string,
  indicator: KpiIndicator,
): Promise<void> {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  await repositories.kpis.remove(
    organization.id,
    firstDayOf(month),
    indicator,
    actor.userId,
    actor.apiKey ?? null,
  );
}

/** The history of the organization's KPIs, newest first. */
export async function kpiChanges({ db, repositories, actor }: KpiDeps, organizationId: string) {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  const rows = await repositories.kpis.changes(organization.id, 500);
  await recordGrantViews(db, actor, [organization.id], 'kpis.changes');
  return rows.map((r) => ({ ...r, month: monthOf(r.month) }));
}

/** Attainment over the `months` months ending `to` (YYYY-MM), from the stored values. */
async function attainmentOver(
  repositories: KpiDeps['repositories'],
  organizationId: string,
  to: string,
  months: number,
) {
  const from = addMonths(to, -(months - 1));
  const records = await repositories.kpis.list(organizationId, firstDayOf(from), firstDayOf(to));
  return { ...kpiAttainment(records, firstDayOf(from), firstDayOf(to)), from, to };
}

/** What share of the organization's KPIs met their targets, or improved, over a period. */
export async function kpiAttainmentOf(
  { db, repositories, actor }: KpiDeps,
  organizationId: string,
  period: { to?: string | undefined; months: number },
) {
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  const result = await attainmentOver(
    repositories,
    organization.id,
    period.to ?? monthOf(clock.today()),
    period.months,
  );
  await recordGrantViews(db, actor, [organization.id], 'kpis.attainment');
  return result;
}

/** Attainment over the 12 months up to an assessment, beside clauses 127 and 128. */
export async function assessmentKpiAttainmentOf({ db, repositories, actor }: KpiDeps, assessmentId: string) {
  const assessment = await assessmentAccess(repositories.assessments).visible(actor, assessmentId);
  const result = await attainmentOver(
    repositories,
    assessment.organizationId,
    monthOf(assessment.assessedOn),
    12,
  );
  const clause = (required: number, share: number | null) => ({
    required,
    share,
    met: share !== null && share >= required,
  });
  await recordGrantViews(db, actor, [assessment.organizationId], 'kpis.attainment');
  return {
    ...result,
    clauses: {
      127: clause(CLAUSE_127_SHARE, result.shareMet),
      128: clause(CLAUSE_128_SHARE, result.shareMetOrImproved),
    },
  };
}

/** The organization's KPIs of a month against the cohort of its opted-in peers, per indicator. */
export async function kpiCohortOf({ db, repositories, actor }: KpiDeps, q: z.infer<typeof kpiCohortQuery>) {
  const organization = await visibleOrganization(repositories.organizations, actor, q.organizationId);
  // A read through a grant, whether or not there is anything to show.
  await recordGrantViews(db, actor, [organization.id], 'benchmarks.kpis');
  const latest = await repositories.kpis.latestMonth(organization.id);
  const m = q.month ?? (latest ? monthOf(latest) : null);
  if (m === null) return { month: null, indicators: [] };
  const own = new Map(
    (await repositories.kpis.list(organization.id, firstDayOf(m), firstDayOf(m))).map((r) => [
      r.indicator,
      r,
    ]),
  );
  // The method a peer's value must share: the organization's, or none for the indicators
  // that take no method; unknown (no cohort) for service level and CSAT not recorded.
  const methods = new Map<KpiIndicator, KpiMethod>();
  for (const i of KPI_INDICATORS) {
    const method = own.get(i)?.method ?? (needsMethod(i) ? null : {});
    if (method !== null) methods.set(i, method);
  }
  const distributions = new Map(
    (await repositories.kpis.cohort(peerFilterOf(q), firstDayOf(m), methods)).map((d) => [d.indicator, d]),
  );
  return {
    month: m,
    indicators: KPI_INDICATORS.map((i) => {
      const definition = KPI_DEFINITIONS[i];
      const mine = own.get(i);
      const value = mine?.value ?? null;
      const method = methods.get(i) ?? null;
      const d = distributions.get(i);
      const base = {
        indicator: i,
        unit: definition.range(method ?? {}).unit,
        better: definition.better,
        value,
        target: mine?.target ?? null,
        method,
      };
      if (method === null) {
        return {
          ...base,
          size: null,
          shown: false,
          reasonCode: 'kpi.method_unknown',
          reason: messageFor('kpi.method_unknown', actor.locale, {
            indicator: definition.name[actor.locale],
          }),
        };
      }
      if (!d || !isCohortShown(d.size)) return { ...base, ...hiddenCohort(actor.locale) };
      return { ...base, size: d.size, shown: true, ...cohortBands(d.size, d, value) };
    }),
  };
}
