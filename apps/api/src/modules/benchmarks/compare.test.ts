import { schema } from '@ccmm/db';
import { describeCriterion } from '@ccmm/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { evaluate, fixtures, ratingsFor, STANDARD, standardOf } from './benchmarks.fixtures.ts';
import { summaryAreas } from './summaries.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let f: ReturnType<typeof fixtures>;
let admin: Session;
let consultant: Session;

interface Org {
  id: string;
  operatingSince: string;
}
let a: Org;
let b: Org;
let empty: Org;
let notGranted: Org;
let revoked: Org;

const A_ON = '2025-04-15';
const B_ON = '2024-09-30';

const compare = (session: Session, ids: readonly string[], extra: Record<string, string> = {}) =>
  t
    .http()
    .get('/api/benchmarks/compare')
    .query({ organizationIds: ids.join(','), ...extra })
    .set(session.auth);

async function organization(operatingSince: string, name: string): Promise<Org> {
  const org = await seed.organization({ name, operatingSince, region: '华东', seats: 120 });
  return { id: org.id, operatingSince };
}

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  f = fixtures(t, seed);
  admin = await seed.setupAdmin();
  consultant = await seed.user('consultant');
  // Different operating years, so the years criteria differ between the two.
  a = await organization('2019-01-01', '甲中心');
  b = await organization('2023-01-01', '乙中心');
  empty = await organization('2020-01-01', '丙中心');
  notGranted = await organization('2020-01-01', '丁中心');
  revoked = await organization('2020-01-01', '戊中心');
  await f.assessment(a.id, 'certification', A_ON, ratingsFor(1));
  // Newer and complete, but its ratings may still change: open, and returned for revision.
  await f.assessment(a.id, 'surveillance', '2025-08-01', ratingsFor(6), { submit: false });
  await f.returnAudit(await f.assessment(a.id, 'surveillance', '2025-09-01', ratingsFor(7)));
  // b: an older complete self-assessment, the latest complete audit, and a newer incomplete one.
  await f.assessment(b.id, 'self', '2023-06-01', ratingsFor(2));
  await f.assessment(b.id, 'certification', B_ON, ratingsFor(3));
  await f.assessment(b.id, 'surveillance', '2025-09-30', ratingsFor(4).slice(0, 100));
  await f.assessment(notGranted.id, 'certification', A_ON, ratingsFor(5));
  for (const org of [a, b, empty, revoked]) await f.grant(org.id, consultant);
  await f.revoke(revoked.id, consultant);
});
afterAll(async () => t.close());

describe('comparing organizations side by side', () => {
  it('gives each organization’s latest counted assessment (complete, no longer changing) with the engine’s margins over its ratings', async () => {
    const res = await compare(consultant, [b.id, a.id]).expect(200);
    expect(res.body.standard).toBe(STANDARD);
    // In the order asked for.
    expect(res.body.organizations.map((o: { organizationId: string }) => o.organizationId)).toEqual([
      b.id,
      a.id,
    ]);
    const cases = [
      { org: b, got: res.body.organizations[0], ratings: ratingsFor(3), on: B_ON, kind: 'certification' },
      { org: a, got: res.body.organizations[1], ratings: ratingsFor(1), on: A_ON, kind: 'certification' },
    ];
    for (const { org, got, ratings, on, kind } of cases) {
      const result = evaluate(t, ratings, org.operatingSince, on);
      expect(got).toMatchObject({
        region: '华东',
        seats: 120,
        assessment: { kind, assessedOn: on, level: result.level, total: result.total },
      });
      expect(got.criteria).toEqual(
        result.criteria.map((c) => ({
          level: c.level,
          criterion: c.id,
          description: describeCriterion(standardOf(t), c, 'zh-Hans'),
          unit: c.unit,
          required: c.required,
          actual: c.actual,
          margin: c.margin,
          met: c.met,
        })),
      );
      expect(got.domains).toEqual(
        result.domains.map((d) => ({ domain: d.id, points: d.points, max: d.maxPoints })),
      );
      expect(got.sections).toEqual(
        result.sections.map((s) => ({ section: s.id, domain: s.domain, points: s.points, max: s.maxPoints })),
      );
    }
    // The years criteria follow each organization's own operating years.
    const years = (o: { criteria: { criterion: string; actual: number }[] }) =>
      o.criteria.find((c) => c.criterion.endsWith('.years'))?.actual;
    expect(years(res.body.organizations[0])).toBe(1);
    expect(years(res.body.organizations[1])).toBe(6);
  });

  it('describes the criteria in the caller’s language', async () => {
    const english = await f.inLocale(consultant, 'en');
    const res = await compare(english, [a.id, b.id]).expect(200);
    const result = evaluate(t, ratingsFor(1), a.operatingSince, A_ON);
    expect(res.body.organizations[0].criteria.map((c: { description: string }) => c.description)).toEqual(
      result.criteria.map((c) => describeCriterion(standardOf(t), c, 'en')),
    );
    await f.inLocale(consultant, 'zh-Hans');
  });

  it('shows an organization without a complete assessment as such', async () => {
    const res = await compare(consultant, [a.id, empty.id]).expect(200);
    expect(res.body.organizations[1]).toMatchObject({
      organizationId: empty.id,
      name: '丙中心',
      assessment: null,
      domains: [],
      sections: [],
      criteria: [],
    });
  });

  it('keeps to one standard version: an assessment on another version is not compared', async () => {
    // Another version in the database (not loaded as a pack) with a newer complete assessment of a.
    const other = 'cc-cmm-oc@2099';
    const [stored] = await t.database.db.select().from(schema.standardVersions);
    if (!stored) throw new Error('no standard stored');
    await t.database.db.insert(schema.standardVersions).values({ ...stored, ref: other, version: '2099' });
    const [assessment] = await t.database.db
      .insert(schema.assessments)
      .values({
        organizationId: a.id,
        standardRef: other,
        kind: 'surveillance',
        assessedOn: '2026-01-10',
        createdBy: admin.id,
      })
      .returning();
    if (!assessment) throw new Error('not inserted');
    const result = evaluate(t, ratingsFor(9), a.operatingSince, '2026-01-10');
    await t.database.db.insert(schema.assessmentSummaries).values({
      assessmentId: assessment.id,
      organizationId: a.id,
      standardRef: other,
      kind: 'surveillance',
      assessedOn: '2026-01-10',
      level: result.level,
      total: result.total,
      complete: true,
      areas: summaryAreas(result),
    });

    const res = await compare(admin, [a.id, b.id], { standard: STANDARD }).expect(200);
    expect(res.body.organizations[0].assessment.assessedOn).toBe(A_ON);
    const byDefault = await compare(admin, [a.id, b.id]).expect(200);
    expect(byDefault.body.standard).toBe(STANDARD);
    expect(byDefault.body.organizations[0].assessment.assessedOn).toBe(A_ON);
    const unknown = await compare(admin, [a.id, b.id], { standard: 'cc-cmm-oc@1999' }).expect(400);
    expect(unknown.body.code).toBe('standard.not_found');
  });

  it('does not find, for a consultant, an organization that did not grant access or revoked it', async () => {
    for (const hidden of [notGranted.id, revoked.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await compare(consultant, [a.id, hidden]).expect(404);
      expect(res.body.code).toBe('organization.not_found');
    }
    // The certification body sees every organization; one that does not exist is not found.
    await compare(admin, [a.id, notGranted.id, revoked.id]).expect(200);
    await compare(admin, [a.id, '00000000-0000-4000-8000-000000000000']).expect(404);
  });

  it('refuses center users and auditors, and a list of the wrong size or with a repeat', async () => {
    const center = await f.centerOf(a.id);
    expect((await compare(center, [a.id, b.id]).expect(403)).body.code).toBe('auth.forbidden');
    await compare(await f.auditorOf(), [a.id, b.id]).expect(403);
    await t
      .http()
      .get('/api/benchmarks/compare')
      .query({ organizationIds: `${a.id},${b.id}` })
      .expect(401);
    await compare(consultant, [a.id]).expect(400);
    await compare(consultant, [a.id, a.id]).expect(400);
    await compare(consultant, [a.id, 'not-a-uuid']).expect(400);
    const eleven = Array.from(
      { length: 11 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    await compare(admin, eleven).expect(400);
    await t.http().get('/api/benchmarks/compare').set(admin.auth).expect(400);
  });

  it('records one view per organization per call for a consultant, none for the certification body', async () => {
    const before = await f.views(consultant.id);
    await compare(consultant, [a.id, b.id, empty.id]).expect(200);
    const after = await f.views(consultant.id);
    expect(after.slice(before.length)).toEqual(
      expect.arrayContaining(
        [a.id, b.id, empty.id].map((id) => ({ organizationId: id, view: 'benchmarks.compare' })),
      ),
    );
    expect(after.length - before.length).toBe(3);
    // A refused call records nothing.
    await compare(consultant, [a.id, notGranted.id]).expect(404);
    expect((await f.views(consultant.id)).length).toBe(after.length);
    const total = await f.viewCount();
    await compare(admin, [a.id, b.id]).expect(200);
    expect(await f.viewCount()).toBe(total);
  });

  it('is documented in the OpenAPI description', async () => {
    const doc = await t.http().get('/api/docs/json').expect(200);
    for (const path of ['compare', 'trend', 'self-vs-audit', 'cohort'])
      expect(Object.keys(doc.body.paths)).toContain(`/api/benchmarks/${path}`);
    expect(Object.keys(doc.body.paths)).toContain('/api/organizations/{id}/grant-views');
  });
});
