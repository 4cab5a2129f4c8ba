import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import {
  evaluate,
  expectBands,
  fixtures,
  type Rated,
  ratingsFor,
  standardOf,
} from './benchmarks.fixtures.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let f: ReturnType<typeof fixtures>;
let admin: Session;

const SINCE = '2016-01-01';
let counter = 100;

const selfVsAudit = (session: Session, query: Record<string, string>) =>
  t.http().get('/api/benchmarks/self-vs-audit').query(query).set(session.auth);

/** An organization with a complete self-assessment and, later, a complete audit. */
async function paired(fields: Record<string, unknown>, optIn = true) {
  const org = await seed.organization({ operatingSince: SINCE, ...fields });
  const self = ratingsFor(++counter);
  const audit = ratingsFor(++counter);
  await f.assessment(org.id, 'self', '2024-02-01', self);
  await f.assessment(org.id, 'certification', '2024-04-01', audit);
  if (optIn) await f.optIn(org.id);
  return { id: org.id, self, audit };
}

/** Points of ratings per domain and in total, by the engine. */
function scores(ratings: readonly Rated[]) {
  const result = evaluate(t, ratings, SINCE, '2024-04-01');
  return {
    total: result.total,
    domains: Object.fromEntries(result.domains.map((d) => [d.id, d.points])),
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  f = fixtures(t, seed);
  admin = await seed.setupAdmin();
});
afterAll(async () => t.close());

describe('self-assessment against audit', () => {
  it('gives the differences per clause, per domain and in total of the default pair', async () => {
    const org = await seed.organization({ operatingSince: SINCE });
    const self = ratingsFor(1);
    const audit = ratingsFor(2);
    await f.assessment(org.id, 'self', '2023-01-10', ratingsFor(3));
    const selfId = await f.assessment(org.id, 'self', '2024-01-10', self);
    const auditId = await f.assessment(org.id, 'certification', '2024-03-01', audit);
    // After the audit: not its self-assessment. An incomplete audit later is not the latest complete.
    await f.assessment(org.id, 'self', '2024-05-01', ratingsFor(4));
    await f.assessment(org.id, 'surveillance', '2025-03-01', ratingsFor(5).slice(0, 10));
    // Complete but open (not submitted) or returned for revision: their ratings may still change.
    await f.assessment(org.id, 'surveillance', '2025-04-01', ratingsFor(20), { submit: false });
    await f.returnAudit(await f.assessment(org.id, 'surveillance', '2025-05-01', ratingsFor(21)));
    await f.assessment(org.id, 'self', '2024-02-20', ratingsFor(22), { submit: false });

    const res = await selfVsAudit(admin, { organizationId: org.id }).expect(200);
    const standard = standardOf(t);
    const selfScores = evaluate(t, self, SINCE, '2024-01-10');
    const auditScores = evaluate(t, audit, SINCE, '2024-03-01');
    expect(res.body).toMatchObject({
      standard: 'cc-cmm-oc@2017',
      self: {
        assessmentId: selfId,
        assessedOn: '2024-01-10',
        level: selfScores.level,
        total: selfScores.total,
      },
      audit: {
        assessmentId: auditId,
        assessedOn: '2024-03-01',
        level: auditScores.level,
        total: auditScores.total,
      },
      total: {
        self: selfScores.total,
        audit: auditScores.total,
        difference: selfScores.total - auditScores.total,
      },
    });
    expect(res.body.reasonCode).toBeUndefined();

    // Per clause, computed directly from the ratings sent.
    const sectionOf = new Map(standard.clauses.map((c) => [c.number, c.section]));
    const expected = self.flatMap((s, i) => {
      const a = audit[i];
      if (!a || (s.c === a.c && s.f === a.f)) return [];
      return [
        {
          clause: s.clause,
          section: sectionOf.get(s.clause),
          self: { c: s.c, f: s.f },
          audit: { c: a.c, f: a.f },
          difference: s.c + s.f - (a.c + a.f),
        },
      ];
    });
    expect(expected.length).toBeGreaterThan(50);
    expect(res.body.clauses).toEqual(expected.map((e) => expect.objectContaining(e)));

    // Per domain: the engine's points apart, and the sum of the clauses' differences.
    expect(res.body.domains.map((d: { domain: string }) => d.domain)).toEqual(
      standard.domains.map((d) => d.id),
    );
    for (const d of res.body.domains) {
      const selfPoints = selfScores.domains.find((x) => x.id === d.domain)?.points;
      const auditPoints = auditScores.domains.find((x) => x.id === d.domain)?.points;
      expect(d).toEqual({
        domain: d.domain,
        self: selfPoints,
        audit: auditPoints,
        difference: (selfPoints ?? 0) - (auditPoints ?? 0),
      });
      const sum = res.body.clauses
        .filter((c: { domain: string }) => c.domain === d.domain)
        .reduce((acc: number, c: { difference: number }) => acc + c.difference, 0);
      expect(sum, d.domain).toBe(d.difference);
    }
    const domainSum = res.body.domains.reduce(
      (acc: number, d: { difference: number }) => acc + d.difference,
      0,
    );
    expect(domainSum).toBe(res.body.total.difference);

    // Chosen explicitly: the older self-assessment against the same audit.
    const older = await selfVsAudit(admin, {
      organizationId: org.id,
      selfAssessmentId: (await f.assessment(org.id, 'self', '2023-12-01', ratingsFor(6))) as string,
      auditId,
    }).expect(200);
    expect(older.body.self.assessedOn).toBe('2023-12-01');
    expect(older.body.total.difference).toBe(scores(ratingsFor(6)).total - auditScores.total);
  });

  it('says why when there is no pair to compare', async () => {
    const onlySelf = await seed.organization({ operatingSince: SINCE });
    await f.assessment(onlySelf.id, 'self', '2024-01-10', ratingsFor(7));
    const res = await selfVsAudit(admin, { organizationId: onlySelf.id }).expect(200);
    expect(res.body).toMatchObject({
      standard: null,
      self: null,
      audit: null,
      reasonCode: 'benchmark.no_pair',
      total: null,
      domains: [],
      clauses: [],
    });
    expect(res.body.reason).toContain('自评估');

    // A self-assessment only after the latest audit: no pair either (the audit is still named).
    const selfAfter = await seed.organization({ operatingSince: SINCE });
    const auditId = await f.assessment(selfAfter.id, 'certification', '2024-01-10', ratingsFor(8));
    await f.assessment(selfAfter.id, 'self', '2024-02-10', ratingsFor(9));
    const center = await f.inLocale(await f.centerOf(selfAfter.id), 'en');
    const after = await selfVsAudit(center, { organizationId: selfAfter.id }).expect(200);
    expect(after.body).toMatchObject({
      standard: 'cc-cmm-oc@2017',
      self: null,
      audit: { assessmentId: auditId },
      reasonCode: 'benchmark.no_pair',
      total: null,
    });
    expect(after.body.reason).toContain('self-assessment');
  });

  it('takes explicit assessments of the organization and of the right kind only', async () => {
    const org = await seed.organization({ operatingSince: SINCE });
    const selfId = await f.assessment(org.id, 'self', '2024-01-10', ratingsFor(10));
    const auditId = await f.assessment(org.id, 'certification', '2024-03-01', ratingsFor(11));
    const other = await seed.organization({ operatingSince: SINCE });
    const foreignSelf = await f.assessment(other.id, 'self', '2024-01-10', ratingsFor(12));
    const q = { organizationId: org.id };

    const wrongOrg = await selfVsAudit(admin, { ...q, selfAssessmentId: foreignSelf }).expect(404);
    expect(wrongOrg.body.code).toBe('assessment.not_found');
    await selfVsAudit(admin, { ...q, auditId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    const notSelf = await selfVsAudit(admin, { ...q, selfAssessmentId: auditId }).expect(400);
    expect(notSelf.body.code).toBe('benchmark.not_self_assessment');
    const notAudit = await selfVsAudit(admin, { ...q, auditId: selfId }).expect(400);
    expect(notAudit.body).toMatchObject({ code: 'benchmark.not_an_audit' });
    expect(notAudit.body.message).toContain(selfId);
    await selfVsAudit(admin, { ...q, auditId: 'nope' }).expect(400);

    // One given: the other is found for it.
    const bySelf = await selfVsAudit(admin, { ...q, selfAssessmentId: selfId }).expect(200);
    expect(bySelf.body.audit.assessmentId).toBe(auditId);
    const byAudit = await selfVsAudit(admin, { ...q, auditId }).expect(200);
    expect(byAudit.body.self.assessmentId).toBe(selfId);

    // The organization's own center; another center, a consultant without a grant: not found.
    await selfVsAudit(await f.centerOf(org.id), q).expect(200);
    await selfVsAudit(await f.centerOf(other.id), q).expect(404);
    const consultant = await seed.user('consultant');
    await selfVsAudit(consultant, q).expect(404);
    await f.grant(org.id, consultant);
    await selfVsAudit(consultant, { ...q, selfAssessmentId: selfId }).expect(200);
    expect(await f.views(consultant.id)).toEqual([
      { organizationId: org.id, view: 'benchmarks.self_vs_audit' },
    ]);
    await selfVsAudit(await f.auditorOf(), q).expect(403);
  });

  it('counts opted-in peers with a counted pair, shows them from 5 on, with the bands of their differences', async () => {
    const industry = 'self-vs-audit cohort';
    const target = await paired({ industry });
    const peers = [];
    for (let i = 0; i < 4; i++) peers.push(await paired({ industry }));
    const notOptedIn = await paired({ industry }, false);
    // Opted in but without a pair: an audit only, and a self-assessment after the audit.
    const auditOnly = await seed.organization({ operatingSince: SINCE, industry });
    await f.assessment(auditOnly.id, 'certification', '2024-04-01', ratingsFor(900));
    await f.optIn(auditOnly.id);
    const selfLater = await seed.organization({ operatingSince: SINCE, industry });
    await f.assessment(selfLater.id, 'certification', '2024-04-01', ratingsFor(901));
    await f.assessment(selfLater.id, 'self', '2024-05-01', ratingsFor(902));
    await f.optIn(selfLater.id);

    const center = await f.centerOf(target.id);
    const four = await selfVsAudit(center, { organizationId: target.id, industry }).expect(200);
    expect(four.body.cohort).toEqual({
      standard: 'cc-cmm-oc@2017',
      size: null,
      shown: false,
      reasonCode: 'benchmark.cohort_too_small',
      reason: expect.stringContaining('少于 5 家'),
    });
    expect(four.body.cohort.reason).not.toMatch(/4/);

    await f.optIn(notOptedIn.id);
    peers.push(notOptedIn);
    const five = await selfVsAudit(center, { organizationId: target.id, industry }).expect(200);
    expect(five.body.cohort).toMatchObject({ size: 5, shown: true });
    expect(five.body.cohort.reason).toBeUndefined();

    const differences = peers.map((p) => {
      const s = scores(p.self);
      const a = scores(p.audit);
      return {
        total: s.total - a.total,
        domains: Object.fromEntries(
          Object.keys(s.domains).map((d) => [d, (s.domains[d] ?? 0) - (a.domains[d] ?? 0)]),
        ),
      };
    });
    const own = { self: scores(target.self), audit: scores(target.audit) };
    // Five peers: p25 to p75 and the band, no p90.
    expectBands(
      five.body.cohort.total,
      differences.map((d) => d.total),
      own.self.total - own.audit.total,
    );
    expect(five.body.cohort.standing).toBe(five.body.cohort.total.standing);
    expect(five.body.cohort).not.toHaveProperty('rank');
    expect(five.body.cohort.domains).toHaveLength(standardOf(t).domains.length);
    for (const got of five.body.cohort.domains) {
      expectBands(
        got,
        differences.map((d) => d.domains[got.domain] ?? Number.NaN),
        (own.self.domains[got.domain] ?? 0) - (own.audit.domains[got.domain] ?? 0),
      );
    }

    // A peer's newer audit returned for revision, or its newer self-assessment still open: the
    // pair stays the counted one, so the figures do not move.
    const [first, second] = peers;
    if (!first || !second) throw new Error('no peers');
    await f.returnAudit(await f.assessment(first.id, 'surveillance', '2025-04-01', ratingsFor(950)));
    await f.assessment(second.id, 'self', '2024-03-01', ratingsFor(951), { submit: false });
    const same = await selfVsAudit(center, { organizationId: target.id, industry }).expect(200);
    expect(same.body.cohort).toEqual(five.body.cohort);
    // Empty filter values are no filter.
    const empty = await selfVsAudit(center, {
      organizationId: target.id,
      industry,
      region: '',
      businessType: '',
      seats: '',
      selfAssessmentId: '',
      auditId: '',
    }).expect(200);
    expect(empty.body).toEqual(same.body);

    // Filters narrow the cohort; no peer is ever named, nor its ratings shown.
    const north = await selfVsAudit(center, { organizationId: target.id, industry, region: 'north' }).expect(
      200,
    );
    expect(north.body.cohort).toMatchObject({ size: null, shown: false });
    const text = JSON.stringify(five.body);
    for (const p of [...peers, { id: auditOnly.id }, { id: selfLater.id }]) expect(text).not.toContain(p.id);
    expect(five.body.clauses.length).toBeGreaterThan(0);

    // Opting out takes a peer out at once.
    await f.optIn(notOptedIn.id, false);
    const again = await selfVsAudit(center, { organizationId: target.id, industry }).expect(200);
    expect(again.body.cohort).toMatchObject({ size: null, shown: false });
  });
});
