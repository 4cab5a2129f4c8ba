import { BENCHMARK_READERS, MIN_COHORT, MIN_COHORT_P90 } from '@ccmm/engine';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { errorResponses } from '../../http.ts';
import {
  assessmentKpiAttainment,
  attainmentQuery,
  indicator,
  kpiAttainment,
  kpiChange,
  kpiCohort,
  kpiCohortQuery,
  kpiValuesBody,
  month,
  organizationKpis,
  rangeQuery,
  savedKpis,
} from './kpis.schemas.ts';
import {
  assessmentKpiAttainmentOf,
  type KpiDeps,
  kpiAttainmentOf,
  kpiChanges,
  kpiCohortOf,
  kpiMonths,
  recordKpiMonth,
  removeKpi,
} from './kpis.usecases.ts';

const idParams = z.object({ id: z.uuid() });
const WRITERS = ['cb_admin', 'center_admin', 'center_member'] as const;

export const kpiRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const deps = (request: FastifyRequest): KpiDeps => ({
    db: fastify.db,
    repositories: fastify.repositories,
    actor: requireActor(request),
  });

  fastify.get(
    '/organizations/:id/kpis',
    {
      config: { access: ALL_ROLES, keyScope: 'kpis:read' },
      schema: {
        summary: 'An organization’s monthly KPIs, against their targets',
        tags: ['kpis'],
        params: idParams,
        querystring: rangeQuery,
        response: {
          200: organizationKpis,
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => kpiMonths(deps(request), request.params.id, request.query),
  );

  fastify.put(
    '/organizations/:id/kpis/:month',
    {
      config: { access: WRITERS, keyScope: 'kpis:write' },
      schema: {
        summary: 'Record a month’s KPIs (the center’s users, or the certification-body admin)',
        description:
          'Upserts the indicators given for the month, all or nothing; every change is kept in the history. An omitted target means none. The method is recorded beside the value: service level needs thresholdSeconds and abandons, CSAT its scale; other indicators take none. Any bad entry: 400 kpi.invalid with every problem in `issues` ({path, code, message}), nothing changed.',
        tags: ['kpis'],
        params: idParams.extend({ month }),
        body: kpiValuesBody,
        response: { 200: savedKpis, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      recordKpiMonth(deps(request), request.params.id, request.params.month, request.body.values),
  );

  fastify.delete(
    '/organizations/:id/kpis/:month/:indicator',
    {
      config: { access: WRITERS, keyScope: 'kpis:write' },
      schema: {
        summary: 'Remove one KPI of a month (recorded in the history)',
        description: 'Idempotent: 204 also when there was no value (nothing is then recorded).',
        tags: ['kpis'],
        params: idParams.extend({ month, indicator }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, month, indicator } = request.params;
      await removeKpi(deps(request), id, month, indicator);
      return reply.status(204).send(null);
    },
  );

  fastify.get(
    '/organizations/:id/kpis/changes',
    {
      config: { access: ALL_ROLES, keyScope: 'kpis:read' },
      schema: {
        summary: 'The history of an organization’s KPIs: who recorded or removed what, newest first',
        tags: ['kpis'],
        params: idParams,
        response: { 200: z.array(kpiChange), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => kpiChanges(deps(request), request.params.id),
  );

  fastify.get(
    '/organizations/:id/kpis/attainment',
    {
      config: { access: ALL_ROLES, keyScope: 'kpis:read' },
      schema: {
        summary: 'What share of the KPIs met their targets, or improved, over a period (clauses 127/128)',
        description:
          'An indicator met its target when it did in at least half of the months that had one; it improved when the least-squares slope over at least 3 months points the better way. Only the months measured with the method of its latest month count.',
        tags: ['kpis'],
        params: idParams,
        querystring: attainmentQuery,
        response: { 200: kpiAttainment, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => kpiAttainmentOf(deps(request), request.params.id, request.query),
  );

  fastify.get(
    '/assessments/:id/kpi-attainment',
    {
      config: { access: ALL_ROLES, keyScope: 'kpis:read' },
      schema: {
        summary: 'KPI attainment over the 12 months up to the assessment, for clauses 127 and 128',
        description:
          'Information for the auditor beside clauses 127 (at least half of the indicators met their targets) and 128 (at least 75% met or improved), from the KPIs the center recorded.',
        tags: ['kpis'],
        params: idParams,
        response: { 200: assessmentKpiAttainment, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => assessmentKpiAttainmentOf(deps(request), request.params.id),
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
    async (request) => kpiCohortOf(deps(request), request.query),
  );
};
