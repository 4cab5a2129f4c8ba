import { BENCHMARK_READERS, MIN_COHORT, MIN_COHORT_P90 } from '@ccmm/engine';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../actor.ts';
import { errorResponses } from '../../http.ts';
import {
  cohort,
  cohortQuery,
  compareQuery,
  comparison,
  selfVsAudit,
  selfVsAuditQuery,
  trend,
  trendQuery,
} from './benchmarks.schemas.ts';
import { type BenchmarkDeps, cohortOf, compare, selfVsAuditOf, trendOf } from './benchmarks.usecases.ts';

export const benchmarkRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const deps = (request: FastifyRequest): BenchmarkDeps => ({
    db: fastify.db,
    standards: fastify.standards,
    repositories: fastify.repositories,
    actor: requireActor(request),
  });

  fastify.get(
    '/cohort',
    {
      // Center users: their own center; consultants: centers that granted them access;
      // the certification body: any (the organizations scope decides, 404 otherwise).
      config: { access: BENCHMARK_READERS },
      schema: {
        summary:
          'An organization against the cohort of its opted-in peers: percentiles per domain and section',
        description: `The cohort is the latest counted assessment (complete, and submitted, in review, decided or refused: its ratings no longer change) of every organization that opted in to benchmarking and matches the filters (the organization compared, with its latest complete assessment, is not counted). Percentiles (p25, median, p75; p90 from ${MIN_COHORT_P90} organizations; linear interpolation) of points per domain, section and the total, and the band (standing) the organization’s value falls in. A cohort of fewer than ${MIN_COHORT} organizations is not shown (shown: false, size: null, with the reason). No rank, no mean and no exact size of a small cohort: each could be probed or differenced, by changing one’s own value or one filter, to learn one peer’s figures. Empty filter values are no filter.`,
        tags: ['benchmarks'],
        querystring: cohortQuery,
        response: { 200: cohort, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => cohortOf(deps(request), request.query),
  );

  fastify.get(
    '/compare',
    {
      // Consultants compare the centers that granted them access; the certification body any.
      config: { access: ['cb_admin', 'cb_reviewer', 'consultant'] },
      schema: {
        summary: 'Organizations side by side on one standard version: level, points, criteria margins',
        description:
          'Each organization’s latest complete assessment on the standard (default: the newest loaded) whose ratings no longer change (submitted, in review, decided or refused; a returned or open one may still change): level, total, points per domain and section, and every criterion of every level with the engine’s required, actual and margin over the stored ratings. An organization the caller may not see is not found (404), whether or not it exists.',
        tags: ['benchmarks'],
        querystring: compareQuery,
        response: { 200: comparison, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => compare(deps(request), request.query),
  );

  fastify.get(
    '/trend',
    {
      config: { access: BENCHMARK_READERS },
      schema: {
        summary: 'An organization’s assessments over time: level, total and points per domain',
        description:
          'Every assessment of the organization, oldest first, from its summary (kept in step with the ratings); `complete` tells whether every clause was rated.',
        tags: ['benchmarks'],
        querystring: trendQuery,
        response: { 200: trend, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => trendOf(deps(request), request.query.organizationId),
  );

  fastify.get(
    '/self-vs-audit',
    {
      config: { access: BENCHMARK_READERS },
      schema: {
        summary: 'Where the center’s self-assessment and the auditors’ ratings differ, and across peers',
        description: `By default the latest counted audit (certification or surveillance) and the latest counted self-assessment on the same standard version on or before its date; counted: complete, and submitted, in review, decided or refused (its ratings no longer change). Differences per clause (only those rated differently), per domain and in total, as self − audit points. The cohort: every opted-in peer (matching the filters) with such a counted pair, its differences taken from the summaries alone; percentiles (p25, median, p75; p90 from ${MIN_COHORT_P90} peers; linear interpolation) and the band (standing) of the organization’s own difference, shown only for ${MIN_COHORT} peers or more (otherwise size: null). No rank, no mean, no exact size of a small cohort: each could be probed or differenced to learn one peer’s figures. No peer’s ratings are ever returned. Empty filter values are no filter.`,
        tags: ['benchmarks'],
        querystring: selfVsAuditQuery,
        response: { 200: selfVsAudit, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => selfVsAuditOf(deps(request), request.query),
  );
};
