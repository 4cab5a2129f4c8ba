import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let reviewer: Session;
let auditor: Session;

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  reviewer = await seed.user('cb_reviewer');
  auditor = await seed.user('auditor');
});
afterAll(async () => t.close());

const STANDARD = 'cc-cmm-oc@2017';

const review = (organizationId: string, who: Session, body: Record<string, unknown>) =>
  t
    .http()
    .post(`/api/organizations/${organizationId}/stage1-reviews`)
    .set(who.auth)
    .send({ standard: STANDARD, notes: '质量手册、流程文件已审阅', ...body });

const stage2 = (organizationId: string, assessedOn: string) =>
  t
    .http()
    .post('/api/assessments')
    .set(admin.auth)
    .send({ organizationId, standard: STANDARD, kind: 'certification', assessedOn });

describe('stage 1 before an initial certification audit', () => {
  it('refuses a stage 2 with no stage 1, in the reader’s language', async () => {
    const { id } = await seed.organization();
    const res = await stage2(id, '2026-06-30').expect(422);
    expect(res.body.code).toBe('assessment.stage1_required');
    expect(res.body.message).toContain('第一阶段审核');
  });

  it('refuses a stage 2 after a stage 1 that found the center not ready, until a later one finds it ready', async () => {
    const { id } = await seed.organization();
    await review(id, reviewer, { reviewedOn: '2026-03-01', result: 'not_ready' }).expect(201);
    const refused = await stage2(id, '2026-05-01').expect(422);
    expect(refused.body.code).toBe('assessment.stage1_not_ready');
    expect(refused.body.message).toContain('2026-03-01');
    await review(id, admin, { reviewedOn: '2026-04-01', result: 'ready', notes: '整改后文件齐全' }).expect(
      201,
    );
    await stage2(id, '2026-05-01').expect(201);
  });

  it('refuses a stage 2 more than 6 months after stage 1; within 6 months it may be created', async () => {
    const { id } = await seed.organization();
    await review(id, reviewer, { reviewedOn: '2025-11-01', result: 'ready' }).expect(201);
    const late = await stage2(id, '2026-06-01').expect(422);
    expect(late.body.code).toBe('assessment.stage1_expired');
    expect(late.body.message).toContain('6');
    await stage2(id, '2026-01-01').expect(201);
    // A review after the audit date does not ready it.
    await review(id, reviewer, { reviewedOn: '2026-07-01', result: 'ready' }).expect(201);
    expect((await stage2(id, '2026-06-01').expect(422)).body.code).toBe('assessment.stage1_expired');
  });

  it('needs no stage 1 for a recertification (a certificate in force on the audit date)', async () => {
    const { id } = await seed.organization();
    await certifiedAudit(t, seed, id, auditor, reviewer);
    // The seeded stage 1 (a month before 2026-06-30) is long past; the certificate is in force.
    await stage2(id, '2027-09-01').expect(201);
  });

  it('refuses bad input with a stable code', async () => {
    const { id } = await seed.organization();
    const bad = [
      { reviewedOn: '2026-02-30', result: 'ready' },
      { reviewedOn: '2026-02-01', result: 'maybe' },
      { reviewedOn: '2026-02-01', result: 'ready', notes: '   ' },
      { reviewedOn: '2026-02-01', result: 'ready', standard: 'nonsense' },
    ];
    for (const body of bad) {
      const res = await review(id, reviewer, body).expect(400);
      expect(res.body.code).toBeTypeOf('string');
    }
    const unknown = await review(id, reviewer, {
      reviewedOn: '2026-02-01',
      result: 'ready',
      standard: 'cc-cmm-oc@1999',
    }).expect(400);
    expect(unknown.body.code).toBe('standard.not_found');
    await review('00000000-0000-4000-8000-000000000000', reviewer, {
      reviewedOn: '2026-02-01',
      result: 'ready',
    }).expect(404);
  });
});

describe('who records and reads stage 1 reviews', () => {
  it('lets the body record; the center reads its own (newest first), another center sees nothing', async () => {
    const own = await seed.organization();
    const other = await seed.organization();
    const center = await seed.user('center_admin', own.id);
    const stranger = await seed.user('center_admin', other.id);
    await review(own.id, center, { reviewedOn: '2026-02-01', result: 'ready' }).expect(403);
    await review(own.id, reviewer, {
      reviewedOn: '2026-01-10',
      result: 'not_ready',
      notes: '缺少培训记录',
    }).expect(201);
    await review(own.id, admin, { reviewedOn: '2026-02-20', result: 'ready' }).expect(201);
    const list = await t
      .http()
      .get(`/api/organizations/${own.id}/stage1-reviews`)
      .set(center.auth)
      .expect(200);
    expect(
      list.body.map((r: { reviewedOn: string; result: string; notes: string }) => [r.reviewedOn, r.result]),
    ).toEqual([
      ['2026-02-20', 'ready'],
      ['2026-01-10', 'not_ready'],
    ]);
    expect(list.body[1]).toMatchObject({ notes: '缺少培训记录', standard: STANDARD, organizationId: own.id });
    expect(list.body[1].recordedByName).toBeTypeOf('string');
    await t.http().get(`/api/organizations/${own.id}/stage1-reviews`).set(stranger.auth).expect(404);
  });
});

describe('stage 1 in the audit programme', () => {
  const programme = async (organizationId: string) =>
    (await t.http().get(`/api/organizations/${organizationId}/programme`).set(reviewer.auth).expect(200))
      .body;

  it('opens the first cycle with stage 1 done on the review’s day', async () => {
    const { id } = await seed.organization();
    const { assessmentId, number } = await certifiedAudit(t, seed, id, auditor, reviewer);
    const { cycles } = await programme(id);
    expect(cycles).toHaveLength(1);
    expect(cycles[0].certificateNumber).toBe(number);
    expect(cycles[0].audits.slice(0, 2)).toEqual([
      { kind: 'stage1', dueFrom: '2026-05-30', dueBy: '2026-05-30', status: 'done', assessmentId: null },
      expect.objectContaining({ kind: 'stage2', status: 'done', assessmentId }),
    ]);
  });

  it('shows a cycle under way once stage 1 found the center ready, stage 2 due within 6 months', async () => {
    const { id } = await seed.organization();
    await review(id, reviewer, { reviewedOn: '2026-10-01', result: 'ready' }).expect(201);
    const { cycles } = await programme(id);
    expect(cycles).toEqual([
      {
        certificateNumber: null,
        standard: STANDARD,
        level: null,
        issuedOn: null,
        expiresOn: null,
        audits: [
          { kind: 'stage1', dueFrom: '2026-10-01', dueBy: '2026-10-01', status: 'done', assessmentId: null },
          expect.objectContaining({
            kind: 'stage2',
            dueFrom: '2026-10-01',
            dueBy: '2027-04-01',
            assessmentId: null,
          }),
        ],
      },
    ]);
    const audit = await stage2(id, '2026-12-01').expect(201);
    const scheduled = await programme(id);
    expect(scheduled.cycles[0].audits[1]).toMatchObject({ status: 'scheduled', assessmentId: audit.body.id });
  });
});
