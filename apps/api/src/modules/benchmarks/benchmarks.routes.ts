import {
  compileStandard,
  describeCriterion,
  type Locale,
  MIN_COHORT,
  MIN_COHORT_P90,
  type Standard,
  standardLayout,
} from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { requireActor } from '../../actor.ts';
import { errors, messageFor } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import { errorResponses } from '../../http.ts';
import { assessmentEligibility } from '../assessments/assessment-eligibility.ts';
import { asClauseRating } from '../scores/scores.repository.ts';
import {
  type AreaScope,
  AUDIT_KINDS,
  type DifferenceSpread,
  type SummaryRecord,
  valueKey,
} from './benchmarks.repository.ts';
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
import { BENCHMARK_READERS, bands, type Computed, hiddenCohort, isShown, peerFilterOf } from './cohort.ts';

/** The domains and sections of a standard, in its order. */
function layout(standard: Standard) {
  const { domains, sections } = standardLayout(standard);
  return {
    domains: domains.map((d) => d.id),
    sections: sections.map((s) => ({ id: s.id, domain: s.domain })),
  };
}

type Rates = { readonly c: number | null; readonly f: number | null };

/** Each clause the two assessments rated differently: both ratings, and the points apart. */
function clauseDifferences(
  standard: Standard,
  self: readonly ({ clause: number } & Rates)[],
  audit: readonly ({ clause: number } & Rates)[],
) {
  const compiled = compileStandard(standard);
  const unscored = standard.scale.unscoredCountsAs;
  const points = (r: Rates) => (r.c ?? unscored) + (r.f ?? unscored);
  const none: Rates = { c: null, f: null };
  const selfBy = new Map(self.map((r) => [r.clause, { c: r.c, f: r.f }]));
  const auditBy = new Map(audit.map((r) => [r.clause, { c: r.c, f: r.f }]));
  return compiled.clauses.flatMap((clause, i) => {
    const s = selfBy.get(clause.number) ?? none;
    const a = auditBy.get(clause.number) ?? none;
    if (s.c === a.c && s.f === a.f) return [];
    return [
      {
        clause: clause.number,
        domain: compiled.domainIds[compiled.domainOf[i] ?? -1] ?? '',
        section: clause.section,
        self: s,
        audit: a,
        difference: points(s) - points(a),
      },
    ];
  });
}

/**
 * Where the organization stands in a shown cohort: bands of each area's distribution, with
 * the organization's value (null: it has none) placed in them. Areas without a distribution
 * (no member has them) give no bands.
 */
function placer(size: number, distributions: readonly (Computed & { scope: AreaScope; id: string })[]) {
  const by = new Map(distributions.map((d) => [valueKey(d.scope, d.id), d]));
  return (scope: AreaScope, id: string, value: number | null): Partial<ReturnType<typeof bands>> => {
    const d = by.get(valueKey(scope, id));
    return d ? bands(size, d, value) : {};
  };
}

/**
 * The cohort of self − audit differences, withheld (with the reason, without the size) under
 * MIN_COHORT peers; `own` holds the organization's differences (none without a pair).
 */
function differenceCohort(
  standard: string,
  domains: readonly string[],
  stats: { size: number; spreads: readonly DifferenceSpread[] },
  own: ReadonlyMap<string, number>,
  locale: Locale,
) {
  if (!isShown(stats.size)) return { standard, ...hiddenCohort(locale) };
  const place = placer(stats.size, stats.spreads);
  const spread = (scope: AreaScope, id: string) => place(scope, id, own.get(valueKey(scope, id)) ?? null);
  const total = spread('total', '');
  return {
    standard,
    size: stats.size,
    shown: true,
    total,
    domains: domains.map((domain) => ({ domain, ...spread('domain', domain) })),
    ...(total.standing === undefined ? {} : { standing: total.standing }),
  };
}

export const benchmarkRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const organizations = fastify.repositories.organizations;
  const benchmarks = fastify.repositories.benchmarks;
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
      const stats = await benchmarks.cohort({
        ...peerFilterOf(q),
        standardRef,
        kind: q.kind,
        level: q.level,
      });
      await recordGrantViews(fastify.db, actor, [organization.id], 'benchmarks.cohort');
      const value = (scope: AreaScope, id: string): number | null => {
        if (!own) return null;
        if (scope === 'total') return own.total;
        return (scope === 'domain' ? own.areas.domains : own.areas.sections)[id]?.points ?? null;
      };
      const base = {
        standard: standardRef,
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
      if (!isShown(stats.size)) {
        return {
          ...base,
          ...hiddenCohort(actor.locale),
          domains: domains.map((domain) => ({ domain, value: value('domain', domain) })),
          sections: sections.map((x) => ({ section: x.id, domain: x.domain, value: value('section', x.id) })),
        };
      }
      const place = placer(stats.size, stats.distributions);
      const area = (scope: AreaScope, id: string) => {
        const v = value(scope, id);
        return { value: v, ...place(scope, id, v) };
      };
      return {
        ...base,
        size: stats.size,
        shown: true,
        total: area('total', ''),
        domains: domains.map((domain) => ({ domain, ...area('domain', domain) })),
        sections: sections.map((x) => ({ section: x.id, domain: x.domain, ...area('section', x.id) })),
      };
    },
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
    async (request) => {
      const actor = requireActor(request);
      const ids = request.query.organizationIds;
      const requested = request.query.standard;
      if (requested && !fastify.standards.find(requested))
        throw errors.badRequest('standard.not_found', { ref: requested });
      const standardRef = requested ?? defaultStandard();
      const { standard } = fastify.standards.get(standardRef);
      const visible = await benchmarks.visibleOrganizations(actor, ids);
      if (visible.length !== ids.length) throw errors.notFound('organization.not_found');
      const latest = await benchmarks.latestCompleteOf(actor, ids, standardRef);
      const stored = await benchmarks.ratingsOf(
        actor,
        latest.map((l) => l.summary.assessmentId),
      );
      const ratingsBy = new Map<string, typeof stored>();
      for (const r of stored) {
        const list = ratingsBy.get(r.assessmentId);
        if (list) list.push(r);
        else ratingsBy.set(r.assessmentId, [r]);
      }
      const latestBy = new Map(latest.map((l) => [l.summary.organizationId, l.summary]));
      const operatingSinceBy = new Map(latest.map((l) => [l.summary.organizationId, l.operatingSince]));
      const organizationBy = new Map(visible.map((o) => [o.id, o]));
      const out = ids.map((id) => {
        const org = organizationBy.get(id);
        if (!org) throw errors.notFound('organization.not_found');
        const own = latestBy.get(id);
        const base = {
          organizationId: org.id,
          name: org.name,
          industry: org.industry,
          region: org.region,
          seats: org.seats,
        };
        if (!own) return { ...base, assessment: null, domains: [], sections: [], criteria: [] };
        const result = assessmentEligibility(
          standard,
          { operatingSince: operatingSinceBy.get(id) ?? org.operatingSince, assessedOn: own.assessedOn },
          (ratingsBy.get(own.assessmentId) ?? []).map(asClauseRating),
        );
        return {
          ...base,
          assessment: {
            assessmentId: own.assessmentId,
            kind: own.kind,
            assessedOn: own.assessedOn,
            level: result.level,
            total: result.total,
          },
          domains: result.domains.map((d) => ({ domain: d.id, points: d.points, max: d.maxPoints })),
          sections: result.sections.map((s) => ({
            section: s.id,
            domain: s.domain,
            points: s.points,
            max: s.maxPoints,
          })),
          criteria: result.criteria.map((c) => ({
            level: c.level,
            criterion: c.id,
            description: describeCriterion(standard, c, actor.locale),
            unit: c.unit,
            required: c.required,
            actual: c.actual,
            margin: c.margin,
            met: c.met,
          })),
        };
      });
      await recordGrantViews(fastify.db, actor, ids, 'benchmarks.compare');
      return { standard: standardRef, organizations: out };
    },
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
    async (request) => {
      const actor = requireActor(request);
      const organization = await organizations.find(actor, request.query.organizationId);
      if (!organization) throw errors.notFound('organization.not_found');
      const rows = await benchmarks.trend(actor, organization.id);
      await recordGrantViews(fastify.db, actor, [organization.id], 'benchmarks.trend');
      return {
        organizationId: organization.id,
        points: rows.map(({ summary, status }) => ({
          assessmentId: summary.assessmentId,
          kind: summary.kind,
          status,
          assessedOn: summary.assessedOn,
          standard: summary.standardRef,
          complete: summary.complete,
          level: summary.level,
          total: summary.total,
          // A version no longer shipped as a pack: its domains as the summary has them.
          domains: (fastify.standards.find(summary.standardRef)
            ? layoutOf(summary.standardRef).domains
            : Object.keys(summary.areas.domains)
          ).map((domain) => ({
            domain,
            points: summary.areas.domains[domain]?.points ?? 0,
          })),
        })),
      };
    },
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
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const organization = await organizations.find(actor, q.organizationId);
      if (!organization) throw errors.notFound('organization.not_found');
      const chosen = async (id: string | undefined) => {
        if (id === undefined) return undefined;
        const found = await benchmarks.summary(actor, organization.id, id);
        if (!found) throw errors.notFound('assessment.not_found');
        return found;
      };
      let self = await chosen(q.selfAssessmentId);
      let audit = await chosen(q.auditId);
      if (self && self.kind !== 'self')
        throw errors.badRequest('benchmark.not_self_assessment', { id: self.assessmentId });
      if (audit && !AUDIT_KINDS.includes(audit.kind))
        throw errors.badRequest('benchmark.not_an_audit', { id: audit.assessmentId });
      if (self && audit && self.standardRef !== audit.standardRef)
        throw errors.badRequest('benchmark.standards_differ', {
          self: self.standardRef,
          audit: audit.standardRef,
        });
      audit ??= await benchmarks.pick(actor, {
        organizationId: organization.id,
        kinds: AUDIT_KINDS,
        standardRef: self?.standardRef,
        onOrAfter: self?.assessedOn,
      });
      self ??= audit
        ? await benchmarks.pick(actor, {
            organizationId: organization.id,
            kinds: ['self'],
            standardRef: audit.standardRef,
            onOrBefore: audit.assessedOn,
          })
        : undefined;

      const standardRef = audit?.standardRef ?? self?.standardRef ?? null;
      const cohortStandard = standardRef ?? defaultStandard();
      const { domains } = layoutOf(cohortStandard);
      const side = (row: SummaryRecord | undefined) =>
        row
          ? {
              assessmentId: row.assessmentId,
              assessedOn: row.assessedOn,
              level: row.level,
              total: row.total,
              complete: row.complete,
            }
          : null;

      let pair: Omit<z.infer<typeof selfVsAudit>, 'cohort' | 'standard' | 'self' | 'audit'>;
      /** The organization's own differences (valueKey → self − audit points), to place in the cohort. */
      const own = new Map<string, number>();
      if (self && audit) {
        const { standard } = fastify.standards.get(self.standardRef);
        const stored = await benchmarks.ratingsOf(actor, [self.assessmentId, audit.assessmentId]);
        const ratingsOf = (id: string) => stored.filter((r) => r.assessmentId === id);
        const points = (row: SummaryRecord, domain: string) => row.areas.domains[domain]?.points ?? 0;
        const domainRows = domains.map((domain) => ({
          domain,
          self: points(self, domain),
          audit: points(audit, domain),
          difference: points(self, domain) - points(audit, domain),
        }));
        own.set(valueKey('total', ''), self.total - audit.total);
        for (const d of domainRows) own.set(valueKey('domain', d.domain), d.difference);
        pair = {
          total: { self: self.total, audit: audit.total, difference: self.total - audit.total },
          domains: domainRows,
          clauses: clauseDifferences(standard, ratingsOf(self.assessmentId), ratingsOf(audit.assessmentId)),
        };
      } else {
        pair = {
          reasonCode: 'benchmark.no_pair',
          reason: messageFor('benchmark.no_pair', actor.locale),
          total: null,
          domains: [],
          clauses: [],
        };
      }

      const stats = await benchmarks.selfVsAuditCohort({ ...peerFilterOf(q), standardRef: cohortStandard });
      await recordGrantViews(fastify.db, actor, [organization.id], 'benchmarks.self_vs_audit');
      return {
        standard: standardRef,
        self: side(self),
        audit: side(audit),
        ...pair,
        cohort: differenceCohort(cohortStandard, domains, stats, own, actor.locale),
      };
    },
  );

  /** The newest loaded standard: the highest version (numeric parts compared as numbers). */
  function defaultStandard(): string {
    const [newest] = fastify.standards
      .all()
      .sort(
        (x, y) =>
          y.pack.version.localeCompare(x.pack.version, 'en', { numeric: true }) || y.ref.localeCompare(x.ref),
      );
    if (!newest) throw errors.notFound('standard.not_found', { ref: '' });
    return newest.ref;
  }
};
