import type { Executor } from '@ccmm/db';
import {
  AUDIT_KINDS,
  cohortBands,
  compileStandard,
  describeCriterion,
  isCohortShown,
  type Locale,
  MIN_COHORT,
  type Standard,
  standardLayout,
} from '@ccmm/engine';
import type { z } from 'zod';
import type { Actor } from '../../actor.ts';
import { errors, messageFor } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import type { Repositories } from '../../plugins/repositories.ts';
import { assessmentEligibility } from '../assessments/assessment-eligibility.ts';
import { visibleOrganization } from '../organizations/organization-access.ts';
import { asClauseRating } from '../ratings/ratings.repository.ts';
import {
  type AreaScope,
  type DifferenceSpread,
  type SummaryRecord,
  valueKey,
} from './benchmarks.repository.ts';
import type { cohortQuery, compareQuery, selfVsAudit, selfVsAuditQuery } from './benchmarks.schemas.ts';
import { type Computed, peerFilterOf } from './cohort.sql.ts';

// Every benchmark view reads one organization's data (or several, side by side) against its
// peers: the repository computes the cohort's percentiles, @ccmm/engine decides what a cohort of
// that size may show, and every read through a consultant's grant is recorded.

export interface BenchmarkDeps {
  readonly db: Executor;
  readonly standards: StandardRegistry;
  readonly repositories: Pick<Repositories, 'organizations' | 'benchmarks'>;
  readonly actor: Actor;
}

/**
 * A cohort not shown: no size (with narrow filters the exact count of a small cohort would tell
 * whether a known organization matches them), and why, without the count.
 */
export function hiddenCohort(locale: Locale) {
  return {
    size: null,
    shown: false,
    reasonCode: 'benchmark.cohort_too_small',
    reason: messageFor('benchmark.cohort_too_small', locale, { min: MIN_COHORT }),
  } as const;
}

/** The domains and sections of a standard, in its order. */
function layoutOf(standard: Standard) {
  const { domains, sections } = standardLayout(standard);
  return {
    domains: domains.map((d) => d.id),
    sections: sections.map((s) => ({ id: s.id, domain: s.domain })),
  };
}

/**
 * Where the organization stands in a shown cohort: bands of each area's distribution, with
 * the organization's value (null: it has none) placed in them. Areas without a distribution
 * (no member has them) give no bands.
 */
function placer(size: number, distributions: readonly (Computed & { scope: AreaScope; id: string })[]) {
  const by = new Map(distributions.map((d) => [valueKey(d.scope, d.id), d]));
  return (scope: AreaScope, id: string, value: number | null): Partial<ReturnType<typeof cohortBands>> => {
    const d = by.get(valueKey(scope, id));
    return d ? cohortBands(size, d, value) : {};
  };
}

/** A requested standard version, which must be loaded; none requested: undefined. */
function requestedStandard(standards: StandardRegistry, ref: string | undefined): string | undefined {
  if (ref && !standards.find(ref)) throw errors.badRequest('standard.not_found', { ref });
  return ref;
}

/** The organization against the cohort of its opted-in peers, per domain, section and in total. */
export async function cohortOf(deps: BenchmarkDeps, q: z.infer<typeof cohortQuery>) {
  const { db, standards, repositories, actor } = deps;
  const organization = await visibleOrganization(repositories.organizations, actor, q.organizationId);
  const requested = requestedStandard(standards, q.standard);
  const own = await repositories.benchmarks.latestComplete(organization.id, requested);
  const standardRef = own?.standardRef ?? requested ?? standards.newest();
  const { domains, sections } = layoutOf(standards.get(standardRef).standard);
  const stats = await repositories.benchmarks.cohort({
    ...peerFilterOf(q),
    standardRef,
    kind: q.kind,
    level: q.level,
  });
  await recordGrantViews(db, actor, [organization.id], 'benchmarks.cohort');
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
  if (!isCohortShown(stats.size)) {
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
}

/** Organizations side by side: each one's latest counted assessment through the engine. */
export async function compare(deps: BenchmarkDeps, q: z.infer<typeof compareQuery>) {
  const { db, standards, repositories, actor } = deps;
  const ids = q.organizationIds;
  const standardRef = requestedStandard(standards, q.standard) ?? standards.newest();
  const { standard } = standards.get(standardRef);
  const visible = await repositories.benchmarks.visibleOrganizations(actor, ids);
  if (visible.length !== ids.length) throw errors.notFound('organization.not_found');
  const latest = await repositories.benchmarks.latestCompleteOf(actor, ids, standardRef);
  const stored = await repositories.benchmarks.ratingsOf(
    actor,
    latest.map((l) => l.summary.assessmentId),
  );
  const ratingsBy = new Map<string, typeof stored>();
  for (const r of stored) ratingsBy.set(r.assessmentId, [...(ratingsBy.get(r.assessmentId) ?? []), r]);
  const latestBy = new Map(latest.map((l) => [l.summary.organizationId, l]));
  const organizationBy = new Map(visible.map((o) => [o.id, o]));
  const organizations = ids.map((id) => {
    const org = organizationBy.get(id);
    if (!org) throw errors.notFound('organization.not_found');
    const base = {
      organizationId: org.id,
      name: org.name,
      industry: org.industry,
      region: org.region,
      seats: org.seats,
    };
    const found = latestBy.get(id);
    if (!found) return { ...base, assessment: null, domains: [], sections: [], criteria: [] };
    const { summary: own, operatingSince } = found;
    const result = assessmentEligibility(
      standard,
      { operatingSince: operatingSince ?? org.operatingSince, assessedOn: own.assessedOn },
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
  await recordGrantViews(db, actor, ids, 'benchmarks.compare');
  return { standard: standardRef, organizations };
}

/** Every assessment of the organization, oldest first, from its summaries. */
export async function trendOf(deps: BenchmarkDeps, organizationId: string) {
  const { db, standards, repositories, actor } = deps;
  const organization = await visibleOrganization(repositories.organizations, actor, organizationId);
  const rows = await repositories.benchmarks.trend(actor, organization.id);
  await recordGrantViews(db, actor, [organization.id], 'benchmarks.trend');
  return {
    organizationId: organization.id,
    points: rows.map(({ summary, status }) => {
      // A version no longer shipped as a pack: its domains as the summary has them.
      const loaded = standards.find(summary.standardRef);
      const domains = loaded ? layoutOf(loaded.standard).domains : Object.keys(summary.areas.domains);
      return {
        assessmentId: summary.assessmentId,
        kind: summary.kind,
        status,
        assessedOn: summary.assessedOn,
        standard: summary.standardRef,
        complete: summary.complete,
        level: summary.level,
        total: summary.total,
        domains: domains.map((domain) => ({ domain, points: summary.areas.domains[domain]?.points ?? 0 })),
      };
    }),
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
  if (!isCohortShown(stats.size)) return { standard, ...hiddenCohort(locale) };
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

/**
 * The self-assessment and the audit compared (chosen, or by default the latest counted audit and
 * the latest counted self-assessment on its standard on or before its date), and the cohort of
 * peers' differences.
 */
export async function selfVsAuditOf(deps: BenchmarkDeps, q: z.infer<typeof selfVsAuditQuery>) {
  const { db, standards, repositories, actor } = deps;
  const { benchmarks } = repositories;
  const organization = await visibleOrganization(repositories.organizations, actor, q.organizationId);
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
  const cohortStandard = standardRef ?? standards.newest();
  const { domains } = layoutOf(standards.get(cohortStandard).standard);
  /** The organization's own differences (valueKey → self − audit points), to place in the cohort. */
  const own = new Map<string, number>();
  const pair = self && audit ? await differences(deps, self, audit, domains, own) : noPair(actor.locale);
  const stats = await benchmarks.selfVsAuditCohort({ ...peerFilterOf(q), standardRef: cohortStandard });
  await recordGrantViews(db, actor, [organization.id], 'benchmarks.self_vs_audit');
  return {
    standard: standardRef,
    self: side(self),
    audit: side(audit),
    ...pair,
    cohort: differenceCohort(cohortStandard, domains, stats, own, actor.locale),
  };
}

type Pair = Omit<z.infer<typeof selfVsAudit>, 'cohort' | 'standard' | 'self' | 'audit'>;

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

const noPair = (locale: Locale): Pair => ({
  reasonCode: 'benchmark.no_pair',
  reason: messageFor('benchmark.no_pair', locale),
  total: null,
  domains: [],
  clauses: [],
});

/** Self − audit in total, per domain and per clause; the organization's own go into `own`. */
async function differences(
  { standards, repositories, actor }: BenchmarkDeps,
  self: SummaryRecord,
  audit: SummaryRecord,
  domains: readonly string[],
  own: Map<string, number>,
): Promise<Pair> {
  const { standard } = standards.get(self.standardRef);
  const stored = await repositories.benchmarks.ratingsOf(actor, [self.assessmentId, audit.assessmentId]);
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
  return {
    total: { self: self.total, audit: audit.total, difference: self.total - audit.total },
    domains: domainRows,
    clauses: clauseDifferences(standard, ratingsOf(self.assessmentId), ratingsOf(audit.assessmentId)),
  };
}
