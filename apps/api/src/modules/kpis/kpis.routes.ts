import {
  checkKpi,
  format,
  KPI_DEFINITIONS,
  KPI_INDICATORS,
  type KpiIndicator,
  type KpiMethod,
  type KpiMonth,
  type KpiProblem,
  kpiAttainment,
  type Locale,
  MIN_COHORT,
  MIN_COHORT_P90,
  meetsTarget,
} from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { clock } from '../../clock.ts';
import { errors, messageFor } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import { errorResponses } from '../../http.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { BENCHMARK_READERS, bands, hiddenCohort, isShown, peerFilterOf } from '../benchmarks/cohort.ts';
import { KPI_FIELD_NAMES, KPI_UNIT_NAMES } from './kpis.errors.ts';
import type { KpiEntry } from './kpis.repository.ts';
import {
  assessmentKpiAttainment,
  attainmentQuery,
  indicator,
  kpiAttainment as kpiAttainmentSchema,
  kpiChange,
  kpiCohort,
  kpiCohortQuery,
  kpiValue,
  kpiValuesBody,
  month,
  rangeQuery,
} from './kpis.schemas.ts';

const idParams = z.object({ id: z.uuid() });
const WRITERS = ['cb_admin', 'center_admin', 'center_member'] as const;
/** Clauses 127 and 128 of the scoring guide: the share of indicators that met (or improved). */
const CLAUSE_127_SHARE = 50;
const CLAUSE_128_SHARE = 75;

// Months are YYYY-MM outside and the first day of the month inside.
const firstDay = (m: string) => `${m}-01`;
const monthOf = (date: string) => date.slice(0, 7);
function addMonths(m: string, n: number): string {
  const index = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function asItem(r: KpiMonth) {
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

export const kpiRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const organizations = fastify.repositories.organizations;
  const kpis = fastify.repositories.kpis;
  const { visible: visibleAssessment } = assessmentAccess(fastify.repositories.assessments);

  /** The organization if the actor may see it (404 otherwise: its existence is not revealed). */
  async function visibleOrganization(actor: Parameters<typeof organizations.find>[0], id: string) {
    const found = await organizations.find(actor, id);
    if (!found) throw errors.notFound('organization.not_found');
    return found;
  }

  /** Attainment over the `months` months ending `to` (YYYY-MM), from the stored values. */
  async function attainment(organizationId: string, to: string, months: number) {
    const from = addMonths(to, -(months - 1));
    const records = await kpis.list(organizationId, firstDay(from), firstDay(to));
    const result = kpiAttainment(records, firstDay(from), firstDay(to));
    return { ...result, from, to };
  }

  fastify.get(
    '/organizations/:id/kpis',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'An organization’s monthly KPIs, against their targets',
        tags: ['kpis'],
        params: idParams,
        querystring: rangeQuery,
        response: {
          200: z.object({ organizationId: z.uuid(), values: z.array(kpiValue) }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { from, to } = request.query;
      const organization = await visibleOrganization(actor, request.params.id);
      if (from && to && from > to) throw errors.badRequest('kpi.range_reversed', { from, to });
      const rows = await kpis.list(
        organization.id,
        from ? firstDay(from) : undefined,
        to ? firstDay(to) : undefined,
      );
      await recordGrantViews(fastify.db, actor, [organization.id], 'kpis.read');
      return { organizationId: organization.id, values: rows.map(asItem) };
    },
  );

  fastify.put(
    '/organizations/:id/kpis/:month',
    {
      config: { access: WRITERS },
      schema: {
        summary: 'Record a month’s KPIs (the center’s users, or the certification-body admin)',
        description:
          'Upserts the indicators given for the month, all or nothing; every change is kept in the history. An omitted target means none. The method is recorded beside the value: service level needs thresholdSeconds and abandons, CSAT its scale; other indicators take none. Any bad entry: 400 kpi.invalid with every problem in `issues` ({path, code, message}), nothing changed.',
        tags: ['kpis'],
        params: idParams.extend({ month }),
        body: kpiValuesBody,
        response: { 200: z.object({ values: z.array(kpiValue) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const organization = await visibleOrganization(actor, request.params.id);
      const m = request.params.month;
      if (m > monthOf(clock.today())) throw errors.badRequest('kpi.month_in_future', { month: m });
      const entries: KpiEntry[] = request.body.values.map((e) => ({
        indicator: e.indicator,
        value: e.value,
        target: e.target ?? null,
        method: e.method ?? {},
      }));
      const issues = validate(entries, actor.locale);
      if (issues.length > 0) throw errors.badRequest('kpi.invalid', { count: issues.length }, { issues });
      await kpis.write(organization.id, firstDay(m), actor.userId, entries);
      const rows = await kpis.list(organization.id, firstDay(m), firstDay(m));
      return { values: rows.map(asItem) };
    },
  );

  fastify.delete(
    '/organizations/:id/kpis/:month/:indicator',
    {
      config: { access: WRITERS },
      schema: {
        summary: 'Remove one KPI of a month (recorded in the history)',
        description: 'Idempotent: 204 also when there was no value (nothing is then recorded).',
        tags: ['kpis'],
        params: idParams.extend({ month, indicator }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const organization = await visibleOrganization(actor, request.params.id);
      await kpis.remove(
        organization.id,
        firstDay(request.params.month),
        request.params.indicator,
        actor.userId,
      );
      return reply.status(204).send(null);
    },
  );

  fastify.get(
    '/organizations/:id/kpis/changes',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The history of an organization’s KPIs: who recorded or removed what, newest first',
        tags: ['kpis'],
        params: idParams,
        response: { 200: z.array(kpiChange), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const organization = await visibleOrganization(actor, request.params.id);
      const rows = await kpis.changes(organization.id, 500);
      await recordGrantViews(fastify.db, actor, [organization.id], 'kpis.changes');
      return rows.map((r) => ({ ...r, month: monthOf(r.month) }));
    },
  );

  fastify.get(
    '/organizations/:id/kpis/attainment',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'What share of the KPIs met their targets, or improved, over a period (clauses 127/128)',
        description:
          'An indicator met its target when it did in at least half of the months that had one; it improved when the least-squares slope over at least 3 months points the better way. Only the months measured with the method of its latest month count.',
        tags: ['kpis'],
        params: idParams,
        querystring: attainmentQuery,
        response: { 200: kpiAttainmentSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const organization = await visibleOrganization(actor, request.params.id);
      const to = request.query.to ?? monthOf(clock.today());
      const result = await attainment(organization.id, to, request.query.months);
      await recordGrantViews(fastify.db, actor, [organization.id], 'kpis.attainment');
      return result;
    },
  );

  fastify.get(
    '/assessments/:id/kpi-attainment',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'KPI attainment over the 12 months up to the assessment, for clauses 127 and 128',
        description:
          'Information for the auditor beside clauses 127 (at least half of the indicators met their targets) and 128 (at least 75% met or improved), from the KPIs the center recorded.',
        tags: ['kpis'],
        params: idParams,
        response: { 200: assessmentKpiAttainment, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const assessment = await visibleAssessment(actor, request.params.id);
      const result = await attainment(assessment.organizationId, monthOf(assessment.assessedOn), 12);
      const clause = (required: number, share: number | null) => ({
        required,
        share,
        met: share !== null && share >= required,
      });
      await recordGrantViews(fastify.db, actor, [assessment.organizationId], 'kpis.attainment');
      return {
        ...result,
        clauses: {
          127: clause(CLAUSE_127_SHARE, result.shareMet),
          128: clause(CLAUSE_128_SHARE, result.shareMetOrImproved),
        },
      };
    },
  );

  fastify.get(
    '/benchmarks/kpis',
    {
      // The same readers as the rating cohort (/api/benchmarks/cohort).
      config: { access: BENCHMARK_READERS },
      schema: {
        summary: 'An organization’s KPIs of a month against the cohort of its opted-in peers',
        description: `Per indicator, the cohort is the opted-in peers matching the filters with a value for the month measured the same way (same method: service level threshold and abandons, CSAT scale). Percentiles (p25, median, p75; p90 from ${MIN_COHORT_P90} organizations; linear interpolation) and the band (standing) the organization’s value falls in, on the indicator’s own scale (where lower is better, below_p25 is the best band). A cohort of fewer than ${MIN_COHORT} organizations is not shown (shown: false, size: null, with the reason). No rank, no mean and no exact size of a small cohort: each could be probed or differenced, by changing one’s own value or one filter, to learn one peer’s figure. Service level and CSAT have a cohort only when the organization recorded them that month (their method defines it). Empty filter values are no filter.`,
        tags: ['benchmarks', 'kpis'],
        querystring: kpiCohortQuery,
        response: { 200: kpiCohort, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const organization = await visibleOrganization(actor, q.organizationId);
      // A read through a grant, whether or not there is anything to show.
      await recordGrantViews(fastify.db, actor, [organization.id], 'benchmarks.kpis');
      const latest = await kpis.latestMonth(organization.id);
      const m = q.month ?? (latest ? monthOf(latest) : null);
      if (m === null) return { month: null, indicators: [] };
      const own = new Map(
        (await kpis.list(organization.id, firstDay(m), firstDay(m))).map((r) => [r.indicator, r]),
      );
      // The method a peer's value must share: the organization's, or none for the indicators
      // that take no method; unknown (no cohort) for service level and CSAT not recorded.
      const methods = new Map<KpiIndicator, KpiMethod>();
      for (const i of KPI_INDICATORS) {
        const method = own.get(i)?.method ?? (needsMethod(i) ? null : {});
        if (method !== null) methods.set(i, method);
      }
      const distributions = new Map(
        (await kpis.cohort(peerFilterOf(q), firstDay(m), methods)).map((d) => [d.indicator, d]),
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
          if (!d || !isShown(d.size)) return { ...base, ...hiddenCohort(actor.locale) };
          return { ...base, size: d.size, shown: true, ...bands(d.size, d, value) };
        }),
      };
    },
  );
};
