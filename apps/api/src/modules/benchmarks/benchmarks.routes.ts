import { evaluateEligibility, type Standard } from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../actor.ts';
import { errors, messageFor } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import {
  type AreaScope,
  createBenchmarksRepository,
  type Distribution,
  valueKey,
} from './benchmarks.repository.ts';
import { cohort, cohortQuery, MIN_COHORT } from './benchmarks.schemas.ts';

/** The domains and sections of a standard, in its order. */
function layout(standard: Standard) {
  const empty = evaluateEligibility(standard, [], { operatingYears: 0 });
  return {
    domains: empty.domains.map((d) => d.id),
    sections: empty.sections.map((s) => ({ id: s.id, domain: s.domain })),
  };
}

export const benchmarkRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const organizations = createOrganizationsRepository(fastify.db);
  const benchmarks = createBenchmarksRepository(fastify.db);
  const layouts = new Map<string, ReturnType<typeof layout>>();
  const layoutOf = (ref: string) => {
    let found = layouts.get(ref);
    if (!found) {
      found = layout(fastify.standards.get(ref).standard);
      layouts.set(ref, found);
    }
    return found;
  };

  fastify.get(
    '/cohort',
    {
      // Center users: their own center; consultants: centers that granted them access;
      // the certification body: any (the organizations scope decides, 404 otherwise).
      config: { access: ['cb_admin', 'cb_reviewer', 'center_admin', 'center_member', 'consultant'] },
      schema: {
        summary:
          'An organization against the cohort of its opted-in peers: percentiles per domain and section',
        description: `The cohort is the latest complete assessment of every organization that opted in to benchmarking and matches the filters (the organization compared is not counted). Percentiles (p25, median, p75, p90; linear interpolation) of points per domain, section and the total. A cohort of fewer than ${MIN_COHORT} organizations is not shown (shown: false, with the reason): no peer can be identified or its ratings inferred.`,
        tags: ['benchmarks'],
        querystring: cohortQuery,
        response: { 200: cohort, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const organization = await organizations.find(actor, q.organizationId);
      if (!organization) throw errors.notFound('organization.not_found');
      if (q.standard && !fastify.standards.find(q.standard))
        throw errors.badRequest('standard.not_found', { ref: q.standard });
      const own = await benchmarks.latestComplete(organization.id, q.standard);
      const standardRef = own?.standardRef ?? q.standard ?? defaultStandard();
      const { domains, sections } = layoutOf(standardRef);

      const values: Record<string, number> = {};
      if (own) {
        values[valueKey('total', '')] = own.total;
        for (const [id, area] of Object.entries(own.areas.domains))
          values[valueKey('domain', id)] = area.points;
        for (const [id, area] of Object.entries(own.areas.sections))
          values[valueKey('section', id)] = area.points;
      }
      const stats = await benchmarks.cohort(
        {
          standardRef,
          organizationId: organization.id,
          industry: q.industry,
          businessType: q.businessType,
          region: q.region,
          kind: q.kind,
          level: q.level,
          minSeats: q.minSeats,
          maxSeats: q.maxSeats,
        },
        values,
      );
      const shown = stats.size >= MIN_COHORT;
      const byKey = new Map(stats.distributions.map((d) => [valueKey(d.scope, d.id), d]));
      const ownValue = (scope: AreaScope, id: string) => values[valueKey(scope, id)] ?? null;
      const percentiles = (scope: AreaScope, id: string) => {
        const d: Distribution | undefined = shown ? byKey.get(valueKey(scope, id)) : undefined;
        if (!d) return {};
        return {
          p25: d.p25,
          p50: d.p50,
          p75: d.p75,
          p90: d.p90,
          ...(d.rank === null ? {} : { rank: d.rank }),
        };
      };
      const base = {
        standard: standardRef,
        size: stats.size,
        shown,
        organization: own
          ? {
              assessmentId: own.assessmentId,
              assessedOn: own.assessedOn,
              total: own.total,
              level: own.level,
              domains: domains.map((domain) => ({ domain, value: own.areas.domains[domain]?.points ?? 0 })),
            }
          : null,
      };
      if (!shown) {
        return {
          ...base,
          reasonCode: 'benchmark.cohort_too_small',
          reason: messageFor('benchmark.cohort_too_small', actor.locale, {
            size: stats.size,
            min: MIN_COHORT,
          }),
          domains: domains.map((domain) => ({ domain, value: ownValue('domain', domain) })),
          sections: sections.map((s) => ({
            section: s.id,
            domain: s.domain,
            value: ownValue('section', s.id),
          })),
        };
      }
      return {
        ...base,
        total: { value: ownValue('total', ''), ...percentiles('total', '') },
        domains: domains.map((domain) => ({
          domain,
          value: ownValue('domain', domain),
          ...percentiles('domain', domain),
        })),
        sections: sections.map((s) => ({
          section: s.id,
          domain: s.domain,
          value: ownValue('section', s.id),
          ...percentiles('section', s.id),
        })),
      };
    },
  );

  function defaultStandard(): string {
    const all = fastify.standards.all();
    const latest = all[all.length - 1];
    if (!latest) throw errors.notFound('standard.not_found', { ref: '' });
    return latest.ref;
  }
};
