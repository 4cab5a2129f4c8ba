import { schema } from '@ccmm/db';
import { evaluateEligibility, fullYearsBetween, type RatingValue } from '@ccmm/engine';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { summaryAreas } from './summaries.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let auditor: Session;

const OPERATING_SINCE = '2018-03-01';
const ASSESSED_ON = '2026-06-30';
const VALUES: readonly RatingValue[] = [0, 5, 10];

/** Deterministic, varied ratings: every clause rated, so the assessment is complete. */
function ratingsFor(n: number): { clause: number; c: RatingValue; f: RatingValue }[] {
  let x = (n + 1) * 2654435761;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return VALUES[Math.floor((x / 2147483648) * 3)] ?? 5;
  };
  return Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: next(), f: next() }));
}

const standard = () => {
  const loaded = t.standards.get('cc-cmm-oc@2017');
  if (!loaded) throw new Error('the 2017 pack is not loaded');
  return loaded.standard;
};

const evaluate = (ratings: readonly { clause: number; c: number | null; f: number | null }[]) =>
  evaluateEligibility(
    standard(),
    ratings.map((r) => ({ clause: r.clause, c: r.c as RatingValue | null, f: r.f as RatingValue | null })),
    { operatingYears: fullYearsBetween(OPERATING_SINCE, ASSESSED_ON) ?? 0 },
  );

let counter = 0;
/** An organization with one complete certification assessment, rated through the API. */
async function peer(
  fields: Record<string, unknown>,
  optIn = true,
  kind: 'certification' | 'surveillance' = 'certification',
) {
  const n = ++counter;
  const org = await seed.organization({ operatingSince: OPERATING_SINCE, ...fields });
  await rate(org.id, n, kind);
  if (optIn) await optInTo(org.id);
  return { id: org.id, ratings: ratingsFor(n) };
}

async function rate(
  organizationId: string,
  n: number,
  kind: 'certification' | 'surveillance' = 'certification',
) {
  const { id } = await seed.assessment(organizationId, kind, [auditor.id]);
  await t
    .http()
    .put(`/api/assessments/${id}/scores`)
    .set(auditor.auth)
    .send({ ratings: ratingsFor(n) })
    .expect(200);
  return id;
}

const optInTo = (organizationId: string, value = true) =>
  t
    .http()
    .patch(`/api/organizations/${organizationId}`)
    .set(admin.auth)
    .send({ benchmarkingOptIn: value })
    .expect(200);

const cohort = (session: Session, query: Record<string, string | number>) =>
  t.http().get('/api/benchmarks/cohort').query(query).set(session.auth);

/** percentile_cont: linear interpolation between the closest ranks, position p·(n−1). */
function percentileCont(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[Math.min(lower + 1, sorted.length - 1)] ?? Number.NaN;
  return a + (position - lower) * (b - a);
}

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  auditor = await seed.user('auditor');
});
afterAll(async () => t.close());

describe('assessment summaries', () => {
  it('exist from creation and stay equal to the engine over the stored ratings after every write', async () => {
    const org = await seed.organization({ operatingSince: OPERATING_SINCE });
    const { id } = await seed.assessment(org.id, 'certification', [auditor.id]);
    const summaryOf = async () => {
      const [row] = await t.database.db
        .select()
        .from(schema.assessmentSummaries)
        .where(eq(schema.assessmentSummaries.assessmentId, id));
      return row;
    };
    const expectInStep = async () => {
      const stored = await t.database.db
        .select()
        .from(schema.ratings)
        .where(eq(schema.ratings.assessmentId, id));
      const result = evaluate(stored);
      const summary = await summaryOf();
      expect(summary).toMatchObject({
        organizationId: org.id,
        standardRef: 'cc-cmm-oc@2017',
        kind: 'certification',
        assessedOn: ASSESSED_ON,
        level: result.level,
        total: result.total,
        complete: result.complete,
      });
      expect(summary?.areas).toEqual(summaryAreas(result));
      return summary;
    };

    expect((await expectInStep())?.complete).toBe(false);
    await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditor.auth)
      .send({ ratings: ratingsFor(1000) })
      .expect(200);
    expect((await expectInStep())?.complete).toBe(true);
    const before = await summaryOf();
    const res = await t.http().get(`/api/assessments/${id}/scores`).set(auditor.auth).expect(200);
    const first = (res.body.ratings as { clause: number; c: number; version: number }[]).find(
      (r) => r.clause === 1,
    );
    await t
      .http()
      .put(`/api/assessments/${id}/scores/1`)
      .set(auditor.auth)
      .send({ c: first?.c === 10 ? 0 : 10, f: 10, version: first?.version })
      .expect(200);
    const after = await expectInStep();
    expect(after?.total).not.toBe(before?.total);
    // A refused write (stale version) leaves ratings and summary as they were.
    await t
      .http()
      .put(`/api/assessments/${id}/scores/1`)
      .set(auditor.auth)
      .send({ c: 5, f: 5, version: 0 })
      .expect(409);
    expect(await expectInStep()).toEqual(after);
  });
});

describe('the cohort', () => {
  it('counts only organizations that opted in, and shows nothing under 5 (with the reason)', async () => {
    const industry = 'consent';
    const target = await peer({ industry });
    for (let i = 0; i < 4; i++) await peer({ industry });
    const notOptedIn = await peer({ industry }, false);
    const center = await seed.user('center_admin', target.id);

    const four = await cohort(center, { organizationId: target.id, industry }).expect(200);
    // The organization itself (opted in) is not its own peer; the one that did not opt in never counts.
    expect(four.body).toMatchObject({ size: 4, shown: false, reasonCode: 'benchmark.cohort_too_small' });
    expect(four.body.reason).toContain('至少需要 5 家');
    expect(four.body.domains[0]).not.toHaveProperty('p50');
    expect(four.body.total).toBeUndefined();
    const relogged = await t.http().patch('/api/me').set(center.auth).send({ locale: 'en' }).expect(200);
    const english = await t
      .http()
      .get('/api/benchmarks/cohort')
      .query({ organizationId: target.id, industry })
      .set({ Authorization: `Bearer ${relogged.body.token}` })
      .expect(200);
    expect(english.body.reason).toContain('at least 5');

    await optInTo(notOptedIn.id);
    const five = await cohort(center, { organizationId: target.id, industry }).expect(200);
    expect(five.body).toMatchObject({ size: 5, shown: true });
    expect(five.body.reason).toBeUndefined();
    expect(five.body.domains[0]).toHaveProperty('p50');

    // Opting out again takes it out at once.
    await optInTo(notOptedIn.id, false);
    const again = await cohort(center, { organizationId: target.id, industry }).expect(200);
    expect(again.body).toMatchObject({ size: 4, shown: false });
    // No peer is ever named.
    expect(JSON.stringify(five.body)).not.toContain(notOptedIn.id);
  });

  it('gives percentile_cont percentiles of the members’ points, and where the organization stands', async () => {
    const industry = 'percentiles';
    const target = await peer({ industry });
    const members = [];
    for (let i = 0; i < 7; i++) members.push(await peer({ industry }));
    const res = await cohort(admin, { organizationId: target.id, industry }).expect(200);
    expect(res.body).toMatchObject({ size: 7, shown: true });
    const results = members.map((m) => evaluate(m.ratings));
    const own = evaluate(target.ratings);
    expect(res.body.organization).toMatchObject({ total: own.total, level: own.level });

    const check = (
      got: { value: number | null; p25: number; p50: number; p75: number; p90: number; rank?: number },
      values: number[],
      value: number,
    ) => {
      expect(got.value).toBe(value);
      expect(got.p25).toBeCloseTo(percentileCont(values, 0.25), 9);
      expect(got.p50).toBeCloseTo(percentileCont(values, 0.5), 9);
      expect(got.p75).toBeCloseTo(percentileCont(values, 0.75), 9);
      expect(got.p90).toBeCloseTo(percentileCont(values, 0.9), 9);
      const below = values.filter((v) => v < value).length + values.filter((v) => v === value).length / 2;
      expect(got.rank).toBeCloseTo((100 * below) / values.length, 9);
    };
    expect(res.body.domains).toHaveLength(own.domains.length);
    for (const domain of own.domains) {
      const got = res.body.domains.find((d: { domain: string }) => d.domain === domain.id);
      const values = results.map((r) => r.domains.find((d) => d.id === domain.id)?.points ?? Number.NaN);
      check(got, values, domain.points);
    }
    expect(res.body.sections).toHaveLength(own.sections.length);
    for (const section of own.sections) {
      const got = res.body.sections.find((s: { section: string }) => s.section === section.id);
      const values = results.map((r) => r.sections.find((s) => s.id === section.id)?.points ?? Number.NaN);
      check(got, values, section.points);
    }
    check(
      res.body.total,
      results.map((r) => r.total),
      own.total,
    );
  });

  it('uses each organization’s latest complete assessment and applies the filters', async () => {
    const industry = 'filters';
    const target = await peer({ industry });
    const north = [];
    for (let i = 0; i < 3; i++)
      north.push(await peer({ industry, region: 'north', seats: 100 + i, businessType: 'inbound' }));
    for (let i = 0; i < 3; i++)
      await peer({ industry, region: 'south', seats: 500 + i, businessType: 'outbound' });
    const surveillance = await peer({ industry, region: 'south', seats: 900 }, true, 'surveillance');
    const q = { organizationId: target.id, industry };
    const size = async (extra: Record<string, string | number>) =>
      (await cohort(admin, { ...q, ...extra }).expect(200)).body.size as number;

    expect(await size({})).toBe(7);
    expect(await size({ region: 'north' })).toBe(3);
    expect(await size({ region: 'south' })).toBe(4);
    expect(await size({ businessType: 'outbound' })).toBe(3);
    expect(await size({ minSeats: 500 })).toBe(4);
    expect(await size({ minSeats: 101, maxSeats: 501 })).toBe(4);
    expect(await size({ kind: 'surveillance' })).toBe(1);
    expect(await size({ kind: 'certification' })).toBe(6);
    expect(await size({ industry: 'no-such-industry' })).toBe(0);
    await cohort(admin, { ...q, minSeats: 10, maxSeats: 5 }).expect(400);

    // Level: that of each member's latest complete assessment.
    const levels = new Map<number, number>();
    for (const m of [...north]) {
      const level = evaluate(m.ratings).level;
      levels.set(level, (levels.get(level) ?? 0) + 1);
    }
    const [level, count] = [...levels.entries()][0] ?? [0, 0];
    expect(await size({ region: 'north', level })).toBe(count);

    // A newer incomplete assessment does not replace the latest complete one.
    const { id: incomplete } = await seed.assessment(surveillance.id, 'certification', [auditor.id]);
    await t
      .http()
      .put(`/api/assessments/${incomplete}/scores/1`)
      .set(auditor.auth)
      .send({ c: 10, f: 10, version: 0 })
      .expect(200);
    expect(await size({ kind: 'surveillance' })).toBe(1);
  });

  it('is asked about a visible organization only: 404 otherwise', async () => {
    const industry = 'tenancy';
    const own = await peer({ industry });
    const other = await peer({ industry });
    const center = await seed.user('center_member', own.id);
    await cohort(center, { organizationId: own.id }).expect(200);
    const foreign = await cohort(center, { organizationId: other.id }).expect(404);
    expect(foreign.body.code).toBe('organization.not_found');

    const consultant = await seed.user('consultant');
    await cohort(consultant, { organizationId: other.id }).expect(404);
    const otherAdmin = await seed.user('center_admin', other.id);
    await t
      .http()
      .post(`/api/organizations/${other.id}/consultants`)
      .set(otherAdmin.auth)
      .send({ consultantId: consultant.id })
      .expect(201);
    await cohort(consultant, { organizationId: other.id }).expect(200);
    await t
      .http()
      .delete(`/api/organizations/${other.id}/consultants/${consultant.id}`)
      .set(otherAdmin.auth)
      .expect(204);
    await cohort(consultant, { organizationId: other.id }).expect(404);

    await cohort(auditor, { organizationId: own.id }).expect(403);
    await t.http().get('/api/benchmarks/cohort').query({ organizationId: own.id }).expect(401);
  });

  it('lets the center admin opt in and out, and no one else from a center', async () => {
    const org = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const member = await seed.user('center_member', org.id);
    const created = await t.http().get(`/api/organizations/${org.id}`).set(centerAdmin.auth).expect(200);
    expect(created.body.benchmarkingOptIn).toBe(false);
    const res = await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(centerAdmin.auth)
      .send({ benchmarkingOptIn: true })
      .expect(200);
    expect(res.body.benchmarkingOptIn).toBe(true);
    await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(member.auth)
      .send({ benchmarkingOptIn: false })
      .expect(403);
  });
});
