import { schema } from '@ccmm/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { fixtures, ratingsFor, STANDARD } from './benchmarks.fixtures.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let f: ReturnType<typeof fixtures>;
let admin: Session;
let organizationId: string;
const made: Record<string, string> = {};

const trend = (session: Session, id: string) =>
  t.http().get('/api/benchmarks/trend').query({ organizationId: id }).set(session.auth);

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  f = fixtures(t, seed);
  admin = await seed.setupAdmin();
  organizationId = (await seed.organization({ operatingSince: '2015-01-01' })).id;
  // Made out of date order: the trend follows assessedOn, not creation.
  made.surveillance = await f.assessment(organizationId, 'surveillance', '2025-03-01', ratingsFor(13));
  made.self = await f.assessment(organizationId, 'self', '2022-05-01', ratingsFor(11));
  made.incomplete = await f.assessment(organizationId, 'self', '2025-11-20', ratingsFor(14).slice(0, 40));
  made.certification = await f.assessment(organizationId, 'certification', '2023-06-01', ratingsFor(12));
});
afterAll(async () => t.close());

describe('an organization’s trend', () => {
  it('lists every assessment oldest first, with the values of its summary', async () => {
    const res = await trend(admin, organizationId).expect(200);
    expect(res.body.organizationId).toBe(organizationId);
    expect(res.body.points.map((p: { assessmentId: string }) => p.assessmentId)).toEqual([
      made.self,
      made.certification,
      made.surveillance,
      made.incomplete,
    ]);
    const summaries = await t.database.db
      .select()
      .from(schema.assessmentSummaries)
      .where(eq(schema.assessmentSummaries.organizationId, organizationId));
    const statuses = await t.database.db
      .select({ id: schema.assessments.id, status: schema.assessments.status })
      .from(schema.assessments)
      .where(eq(schema.assessments.organizationId, organizationId));
    expect(statuses.find((s) => s.id === made.certification)?.status).toBe('submitted');
    const domains = t.standards.get(STANDARD)?.standard.domains.map((d) => d.id) ?? [];
    for (const point of res.body.points) {
      const summary = summaries.find((s) => s.assessmentId === point.assessmentId);
      if (!summary) throw new Error('no summary');
      expect(point).toEqual({
        assessmentId: summary.assessmentId,
        kind: summary.kind,
        status: statuses.find((s) => s.id === summary.assessmentId)?.status,
        assessedOn: summary.assessedOn,
        standard: STANDARD,
        complete: summary.complete,
        level: summary.level,
        total: summary.total,
        domains: domains.map((domain) => ({ domain, points: summary.areas.domains[domain]?.points })),
      });
    }
    expect(res.body.points.map((p: { complete: boolean }) => p.complete)).toEqual([true, true, true, false]);
  });

  it('is read by the organization’s center and granted consultants only, and records their views', async () => {
    const member = await seed.user('center_member', organizationId);
    await trend(member, organizationId).expect(200);
    const other = await seed.organization();
    const otherMember = await seed.user('center_member', other.id);
    expect((await trend(otherMember, organizationId).expect(404)).body.code).toBe('organization.not_found');
    await trend(await f.auditorOf(), organizationId).expect(403);

    const consultant = await seed.user('consultant');
    await trend(consultant, organizationId).expect(404);
    await f.grant(organizationId, consultant);
    const count = await f.viewCount();
    await trend(consultant, organizationId).expect(200);
    expect(await f.views(consultant.id)).toEqual([{ organizationId, view: 'benchmarks.trend' }]);
    expect(await f.viewCount()).toBe(count + 1);
    await f.revoke(organizationId, consultant);
    await trend(consultant, organizationId).expect(404);
  });
});
