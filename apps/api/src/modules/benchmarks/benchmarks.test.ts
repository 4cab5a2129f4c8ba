import { schema } from '@ccmm/db';
import { evaluateEligibility, fullYearsBetween, type RatingValue } from '@ccmm/engine';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { expectEnginesSummary } from '../../../test/summaries.ts';
import {
  evaluate as evaluateOn,
  expectBands,
  fixtures,
  ratingsFor,
  STANDARD,
  standardOf,
} from './benchmarks.fixtures.ts';
import { type CohortFilter, createBenchmarksRepository } from './benchmarks.repository.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let f: ReturnType<typeof fixtures>;
let admin: Session;
let auditor: Session;

const OPERATING_SINCE = '2018-03-01';
const ASSESSED_ON = '2026-06-30';
const DATES = { operatingSince: OPERATING_SINCE, assessedOn: ASSESSED_ON };

const evaluate = (ratings: readonly { clause: number; c: number | null; f: number | null }[]) =>
  evaluateEligibility(
    standardOf(t),
    ratings.map((r) => ({ clause: r.clause, c: r.c as RatingValue | null, f: r.f as RatingValue | null })),
    { operatingYears: fullYearsBetween(OPERATING_SINCE, ASSESSED_ON) ?? 0 },
  );

let counter = 0;
/** An organization with one complete, submitted audit, rated through the API; opted in unless told. */
async function peer(
  fields: Record<string, unknown>,
  optIn = true,
  kind: 'certification' | 'surveillance' = 'certification',
) {
  const n = ++counter;
  const org = await seed.organization({ operatingSince: OPERATING_SINCE, ...fields });
  await f.assessment(org.id, kind, ASSESSED_ON, ratingsFor(n));
  if (optIn) await f.optIn(org.id);
  return { id: org.id, ratings: ratingsFor(n) };
}

const cohort = (session: Session, query: Record<string, string | number>) =>
  t.http().get('/api/benchmarks/cohort').query(query).set(session.auth);

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  f = fixtures(t, seed);
  admin = await seed.setupAdmin();
  auditor = await f.auditorOf();
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
      const { summary } = await expectEnginesSummary(t, id, DATES);
      expect(summary).toMatchObject({
        organizationId: org.id,
        standardRef: 'cc-cmm-oc@2017',
        kind: 'certification',
        assessedOn: ASSESSED_ON,
      });
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
  it('adjusted by each single-clause write (never recomputed), stays equal to the engine across levels', async () => {
    const org = await seed.organization({ operatingSince: OPERATING_SINCE });
    const { id } = await seed.assessment(org.id, 'certification', [auditor.id]);
    // Everything at 10 but one clause: the writes below move the level, the total and completeness.
    const all = ratingsFor(1000).map((r, i) => ({ ...r, c: i === 0 ? null : 10, f: i === 0 ? 5 : 10 }));
    await t.http().put(`/api/assessments/${id}/scores`).set(auditor.auth).send({ ratings: all }).expect(200);
    const values = [10, 10, 10, 0, 5, null] as const;
    const versions = new Map<number, number>(all.map((r) => [r.clause, 1]));
    const levels = new Set<number>();
    let state = 7;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let i = 0; i < 24; i++) {
      const clause = all[Math.floor(random() * 3)]?.clause ?? 1;
      const version = versions.get(clause) ?? 0;
      const body = {
        c: values[Math.floor(random() * 6)] ?? null,
        f: values[Math.floor(random() * 6)] ?? null,
        note: `write ${i}`,
        version,
      };
      await t.http().put(`/api/assessments/${id}/scores/${clause}`).set(auditor.auth).send(body).expect(200);
      versions.set(clause, version + 1);
      const { result } = await expectEnginesSummary(t, id, DATES);
      levels.add(result.level);
    }
    // The writes crossed a level boundary (else the level was never really put to the test).
    expect(levels.size).toBeGreaterThan(1);
  });
});

describe('the cohort', () => {
  it('counts only organizations that opted in, and shows nothing under 5: no size, no count in the reason', async () => {
    const industry = 'consent';
    const target = await peer({ industry });
    for (let i = 0; i < 4; i++) await peer({ industry });
    const notOptedIn = await peer({ industry }, false);
    const center = await seed.user('center_admin', target.id);

    const four = await cohort(center, { organizationId: target.id, industry }).expect(200);
    // The organization itself (opted in) is not its own peer; the one that did not opt in never counts.
    expect(four.body).toMatchObject({ size: null, shown: false, reasonCode: 'benchmark.cohort_too_small' });
    expect(four.body.reason).toContain('少于 5 家');
    expect(four.body.reason).not.toMatch(/4/);
    expect(four.body.domains[0]).not.toHaveProperty('p50');
    expect(four.body.domains[0]).not.toHaveProperty('standing');
    expect(four.body.total).toBeUndefined();
    const english = await cohort(await f.inLocale(center, 'en'), {
      organizationId: target.id,
      industry,
    }).expect(200);
    expect(english.body.reason).toContain('fewer than 5 organizations match');
    expect(english.body.reason).not.toMatch(/4/);

    // Exactly 5: p25 to p75 and the band, but no p90 (it would be close to one peer's value).
    await f.optIn(notOptedIn.id);
    const five = await cohort(center, { organizationId: target.id, industry }).expect(200);
    expect(five.body).toMatchObject({ size: 5, shown: true });
    expect(five.body.reason).toBeUndefined();
    for (const row of [five.body.total, ...five.body.domains, ...five.body.sections]) {
      expect(row).toHaveProperty('p25');
      expect(row).toHaveProperty('p75');
      expect(row).toHaveProperty('standing');
      expect(row).not.toHaveProperty('p90');
      expect(row).not.toHaveProperty('rank');
    }
    expect(five.body.total.standing).not.toBe('above_p90');

    // Opting out again takes it out at once.
    await f.optIn(notOptedIn.id, false);
    const again = await cohort(center, { organizationId: target.id, industry }).expect(200);
    expect(again.body).toMatchObject({ size: null, shown: false });
    // No peer is ever named.
    expect(JSON.stringify(five.body)).not.toContain(notOptedIn.id);
  });

  it('gives percentile_cont percentiles of the members’ points, p90 from 10, and the band the organization is in', async () => {
    const industry = 'percentiles';
    const target = await peer({ industry });
    const members = [];
    for (let i = 0; i < 10; i++) members.push(await peer({ industry }));
    const res = await cohort(admin, { organizationId: target.id, industry }).expect(200);
    expect(res.body).toMatchObject({ size: 10, shown: true });
    const results = members.map((m) => evaluate(m.ratings));
    const own = evaluate(target.ratings);
    expect(res.body.organization).toMatchObject({ total: own.total, level: own.level });

    const check = (got: Record<string, unknown>, values: number[], value: number) => {
      expect(got.value).toBe(value);
      expect(got).toHaveProperty('p90');
      expectBands(got, values, value);
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

  it('uses each organization’s latest counted assessment and applies the filters, seats by band', async () => {
    const industry = 'filters';
    const target = await peer({ industry });
    const north = [];
    for (let i = 0; i < 3; i++)
      north.push(await peer({ industry, region: 'north', seats: 100 + i, businessType: 'inbound' }));
    for (let i = 0; i < 3; i++)
      await peer({ industry, region: 'south', seats: 500 + i, businessType: 'outbound' });
    const surveillance = await peer({ industry, region: 'south', seats: 900 }, true, 'surveillance');
    // The exact sizes, below what the API shows, from the repository.
    const benchmarks = createBenchmarksRepository(t.database.db);
    const size = async (extra: Partial<CohortFilter>) =>
      (await benchmarks.cohort({ standardRef: STANDARD, organizationId: target.id, industry, ...extra }))
        .size;

    expect(await size({})).toBe(7);
    expect(await size({ region: 'north' })).toBe(3);
    expect(await size({ region: 'south' })).toBe(4);
    expect(await size({ businessType: 'outbound' })).toBe(3);
    expect(await size({ seats: '100_299' })).toBe(3);
    expect(await size({ seats: '300_999' })).toBe(4);
    expect(await size({ seats: 'under_100' })).toBe(0);
    expect(await size({ seats: '1000_plus' })).toBe(0);
    expect(await size({ kind: 'surveillance' })).toBe(1);
    expect(await size({ kind: 'certification' })).toBe(6);
    expect(await size({ industry: 'no-such-industry' })).toBe(0);

    // Level: that of each member's latest counted assessment.
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

    // Through the API: a band, not a range; a band it does not know is refused.
    const q = { organizationId: target.id, industry };
    expect((await cohort(admin, q).expect(200)).body).toMatchObject({ size: 7, shown: true });
    expect((await cohort(admin, { ...q, seats: '300_999' }).expect(200)).body.size).toBeNull();
    await cohort(admin, { ...q, seats: '200-1000' }).expect(400);
  });

  it('takes empty filter values for no filter', async () => {
    const industry = 'empty values';
    const target = await peer({ industry });
    for (let i = 0; i < 5; i++) await peer({ industry, region: 'west' });
    const q = { organizationId: target.id, industry };
    const plain = await cohort(admin, q).expect(200);
    expect(plain.body).toMatchObject({ size: 5, shown: true });
    const empty = await cohort(admin, {
      ...q,
      businessType: '',
      region: '',
      seats: '',
      level: '',
      kind: '',
      standard: '',
    }).expect(200);
    expect(empty.body).toEqual(plain.body);
    // Blank is empty too; a level of 0 is still a filter (no member is at L0 here).
    expect((await cohort(admin, { ...q, region: ' ' }).expect(200)).body).toEqual(plain.body);
  });

  it('counts a peer by its latest assessment whose ratings no longer change: not a returned or open newer one', async () => {
    const industry = 'settled';
    const EARLIER = '2025-01-15';
    const LATER = '2026-03-01';
    const target = await peer({ industry });
    const members: { id: string; ratings: ReturnType<typeof ratingsFor> }[] = [];
    for (let i = 0; i < 5; i++) {
      const n = 500 + i;
      const org = await seed.organization({ operatingSince: OPERATING_SINCE, industry });
      await f.assessment(org.id, 'certification', EARLIER, ratingsFor(n));
      await f.optIn(org.id);
      members.push({ id: org.id, ratings: ratingsFor(n) });
    }
    const [returned, open, openSelf] = members;
    if (!returned || !open || !openSelf) throw new Error('no members');
    // A newer audit submitted, then returned to its auditors for revision.
    await f.returnAudit(await f.assessment(returned.id, 'surveillance', LATER, ratingsFor(600)));
    // A newer audit completely rated but not submitted: still in progress.
    await f.assessment(open.id, 'surveillance', LATER, ratingsFor(601), { submit: false });
    await f.assessment(openSelf.id, 'self', LATER, ratingsFor(602), { submit: false });
    // An opted-in organization whose only complete assessment is still open: not a member.
    const onlyOpen = await seed.organization({ operatingSince: OPERATING_SINCE, industry });
    await f.assessment(onlyOpen.id, 'certification', LATER, ratingsFor(603), { submit: false });
    await f.optIn(onlyOpen.id);
    // The organization's own latest complete assessment counts for itself, open or not; on the
    // same day as its submitted one, the one made last is the latest.
    const ownOpen = await f.assessment(target.id, 'surveillance', ASSESSED_ON, ratingsFor(604), {
      submit: false,
    });

    const statuses = await t.database.db
      .select({ status: schema.assessments.status })
      .from(schema.assessments)
      .where(eq(schema.assessments.organizationId, returned.id));
    expect(statuses.map((s) => s.status).sort()).toEqual(['returned', 'submitted']);

    const res = await cohort(admin, { organizationId: target.id, industry }).expect(200);
    expect(res.body).toMatchObject({ size: 5, shown: true });
    expect(res.body.organization.assessmentId).toBe(ownOpen);
    const totals = members.map((m) => evaluateOn(t, m.ratings, OPERATING_SINCE, EARLIER).total);
    expectBands(res.body.total, totals, evaluateOn(t, ratingsFor(604), OPERATING_SINCE, ASSESSED_ON).total);
    // By kind: the earlier certifications, not the open or returned surveillance audits.
    const byKind = await cohort(admin, { organizationId: target.id, industry, kind: 'surveillance' });
    expect(byKind.body).toMatchObject({ size: null, shown: false });
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

    await cohort(await f.auditorOf(), { organizationId: own.id }).expect(403);
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
