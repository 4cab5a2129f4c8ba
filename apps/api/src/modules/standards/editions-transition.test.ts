import { readFile } from 'node:fs/promises';
import { schema } from '@ccmm/db';
import {
  type ClauseRating,
  carryRatings,
  evaluateEligibility,
  fullYearsBetween,
  gapToLevel,
} from '@ccmm/engine';
import { parseMapping, parsePack } from '@ccmm/standard';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { ratings, submittedAudit } from '../../../test/certification.ts';

// The transition simulator against the TEST FIXTURE edition derived from 2017 (never the 2025
// text): every figure is checked against the engine run by hand on the same ratings.

const FIXTURES = new URL('../../../../../tests/fixtures/editions/', import.meta.url);
const TO = 'cc-cmm-oc@test-fixture-1';
const FROM = 'cc-cmm-oc@2017';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let auditor: Session;
let reviewer: Session;
let consultant: Session;
const centers: {
  id: string;
  name: string;
  rated: ClauseRating[];
  level: number | null;
  assessedOn: string;
}[] = [];

async function certify(rated: ClauseRating[]) {
  const org = await seed.organization();
  const assessmentId = await submittedAudit(t, seed, org.id, auditor, rated as ReturnType<typeof ratings>);
  const eligibility = await t
    .http()
    .get(`/api/assessments/${assessmentId}/eligibility`)
    .set(reviewer.auth)
    .expect(200);
  await t
    .http()
    .post(`/api/assessments/${assessmentId}/decision`)
    .set(reviewer.auth)
    .send({ outcome: 'certify', level: eligibility.body.level, scope: '呼入客户服务' })
    .expect(201);
  centers.push({ ...org, rated, level: eligibility.body.level, assessedOn: '2026-06-30' });
  return org;
}

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  auditor = await seed.user('auditor');
  reviewer = await seed.user('cb_reviewer');
  consultant = await seed.user('consultant');
  const edition = await readFile(new URL('test-fixture-1.yaml', FIXTURES), 'utf8');
  const mapping = await readFile(new URL('2017-to-test-fixture-1.yaml', FIXTURES), 'utf8');
  await t
    .http()
    .post('/api/standards')
    .set(admin.auth)
    .set('Content-Type', 'application/yaml')
    .send(edition)
    .expect(201);
  await t
    .http()
    .post('/api/mappings')
    .set(admin.auth)
    .set('Content-Type', 'application/yaml')
    .send(mapping)
    .expect(201);

  const all = (change: (clause: number) => Partial<ClauseRating> = () => ({})): ClauseRating[] =>
    (ratings(10, 10) as ClauseRating[]).map((r) => ({ ...r, ...change(r.clause) }));
  // L4 under 2017; under the fixture still L4 (clause 171 unrated leaves 20 of 21 in domain 5).
  await certify(all());
  // L4 under 2017 with exactly 16 of the 20 innovation clauses compliant on C (80%); the
  // fixture's innovation group has 21 clauses (171 new, unrated): 16/21 falls short, L3.
  await certify(all((clause) => ([149, 150, 151, 152].includes(clause) ? { c: 5 } : {})));
  // L2 (clause 21 at 5/5 keeps C in the core group under 100%); the merge into 20 keeps it so.
  const granted = await certify(all((clause) => (clause === 21 ? { c: 5, f: 5 } : {})));
  const centerAdmin = await seed.user('center_admin', granted.id);
  await t
    .http()
    .post(`/api/organizations/${granted.id}/consultants`)
    .set(centerAdmin.auth)
    .send({ consultantId: consultant.id })
    .expect(201);
});
afterAll(() => t.close());

/** The engine by hand: the mapping applied, the fixture evaluated, the gap to the level kept. */
async function byHand(rated: ClauseRating[], keep: number) {
  const pack = parsePack(await readFile(new URL('test-fixture-1.yaml', FIXTURES), 'utf8'), 'f.yaml').pack;
  const file = parseMapping(
    await readFile(new URL('2017-to-test-fixture-1.yaml', FIXTURES), 'utf8'),
    'm.yaml',
  ).mapping;
  if (!pack || !file) throw new Error('the fixtures do not load');
  const carried = carryRatings({ from: file.from, to: file.to, clauses: file.clauses }, rated);
  const moved = [...carried.ratings, ...carried.proposals];
  const context = { operatingYears: fullYearsBetween('2018-03-01', '2026-06-30') ?? 0 };
  const result = evaluateEligibility(pack, moved, context);
  const gap = gapToLevel(pack, moved, context, keep);
  return { result, gap, proposed: carried.proposals.length };
}

describe('the transition simulator', () => {
  it('gives every certified center its level under the new edition, as the engine does by hand', async () => {
    const res = await t
      .http()
      .get(`/api/standards/${TO}/transition?from=${FROM}`)
      .set(admin.auth)
      .expect(200);
    expect(res.body.centers).toHaveLength(3);
    const levels: string[] = [];
    for (const center of centers) {
      const row = res.body.centers.find((c: { organizationId: string }) => c.organizationId === center.id);
      const { result, gap, proposed } = await byHand(center.rated, center.level ?? 0);
      expect(row).toMatchObject({
        certifiedLevel: center.level,
        levelBefore: center.level,
        levelAfter: result.level,
        totalAfter: result.total,
        unrated: result.incompleteClauses.length,
        proposed,
        keepLevel: center.level,
        gapChanges: gap ? gap.changes.length : 0,
        keepable: gap ? gap.reachable : true,
      });
      expect(row.unrated).toBe(1); // clause 171, new in the fixture
      levels.push(`${row.levelBefore}→${row.levelAfter} (${row.gapChanges})`);
    }
    // The second center loses its level under the fixture; one rate raised keeps it.
    expect(levels).toEqual(['4→4 (0)', '4→3 (1)', '2→2 (0)']);
  });

  it('needs a mapping, and hides a draft from all but the body’s admin', async () => {
    const none = await t
      .http()
      .get(`/api/standards/${FROM}/transition?from=${TO}`)
      .set(admin.auth)
      .expect(422);
    expect(none.body.code).toBe('standard.mapping_not_found');
    await t.http().get(`/api/standards/${TO}/transition?from=${FROM}`).set(reviewer.auth).expect(404);
    await t.http().get(`/api/standards/${TO}/transition?from=${FROM}`).set(auditor.auth).expect(403);
  });
  it('shows a consultant only the centers that granted access, and exports CSV', async () => {
    await t.http().post(`/api/standards/${TO}/publish`).set(admin.auth).expect(200);
    const res = await t
      .http()
      .get(`/api/standards/${TO}/transition?from=${FROM}`)
      .set(consultant.auth)
      .expect(200);
    expect(res.body.centers.map((c: { organizationId: string }) => c.organizationId)).toEqual([
      centers[2]?.id,
    ]);
    const views = await t.database.db
      .select()
      .from(schema.grantViews)
      .where(eq(schema.grantViews.view, 'standards.transition'));
    expect(views.map((v) => v.organizationId)).toEqual([centers[2]?.id]);
    const csv = await t
      .http()
      .get(`/api/standards/${TO}/transition.csv?from=${FROM}`)
      .set(admin.auth)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('新版本等级');
  });
});
