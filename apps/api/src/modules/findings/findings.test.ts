import { schema } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { binaryBody, buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { ratings } from '../../../test/certification.ts';
import { addDays, addMonths, clock } from '../../clock.ts';
import { checkPdf } from '../../pdf/testing.ts';

// Findings and corrective actions (issue 13): the full path from two nonconformities to a
// certificate, who may do what, and bad input refused without changing anything.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let reviewer: Session;
let lead: Session;
let outsider: Session;
let center: Session;
let otherCenter: Session;
let auditId = '';
let today = '2026-07-01';

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  await seed.setupAdmin();
  reviewer = await seed.user('cb_reviewer');
  lead = await seed.user('auditor');
  outsider = await seed.user('auditor');
  const organization = await seed.organization({ name: '苏州客服中心' });
  const other = await seed.organization({ name: '无锡客服中心' });
  center = await seed.user('center_admin', organization.id);
  otherCenter = await seed.user('center_admin', other.id);
  auditId = (await seed.assessment(organization.id, 'certification', [lead.id])).id;
  vi.spyOn(clock, 'today').mockImplementation(() => today);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t.close();
});

const http = () => t.http();
const record = (who: Session, body: object) =>
  http().post(`/api/assessments/${auditId}/findings`).set(who.auth).send(body);
const plan = (who: Session, id: string, body: object) =>
  http().put(`/api/findings/${id}/plan`).set(who.auth).send(body);
const review = (who: Session, id: string, body: object) =>
  http().post(`/api/findings/${id}/review`).set(who.auth).send(body);
const decide = () =>
  http()
    .post(`/api/assessments/${auditId}/decision`)
    .set(reviewer.auth)
    .send({ outcome: 'certify', level: 3, reason: '按申请等级认证' });
const findingRows = async () =>
  (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(schema.findings))[0]?.n ?? 0;
const eventRows = async () =>
  (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(schema.findingEvents))[0]?.n ?? 0;

/** The smallest PNG there is: 1×1, one transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const PLAN = {
  correction: '补充制定培训计划并完成首期培训',
  rootCause: '培训职责未分配到岗位',
  action: '在岗位职责中明确培训负责人，每季度复核',
  owner: '培训主管 张敏',
  dueOn: '2026-08-15',
};

describe('findings and corrective actions', () => {
  let major = '';
  let minor = '';

  it('records a major and a minor nonconformity by the audit team, numbered within the audit', async () => {
    const m = await record(lead, {
      kind: 'major',
      clauses: [12, 11],
      statement:
        '条款 11 要求制定年度培训计划；现场查阅 2026 年资料，未见培训计划；缺少培训计划及其执行记录。',
    }).expect(201);
    expect(m.body).toMatchObject({
      number: 1,
      kind: 'major',
      clauses: [11, 12],
      state: 'open',
      blocksDecision: true,
    });
    major = m.body.id;
    const n = await record(lead, {
      kind: 'minor',
      clauses: [40],
      statement: '质检抽样比例低于程序文件规定。',
    }).expect(201);
    expect(n.body).toMatchObject({ number: 2, state: 'open', blocksDecision: true });
    minor = n.body.id;
    const o = await record(lead, {
      kind: 'observation',
      clauses: [3],
      statement: '看板数据更新不及时。',
    }).expect(201);
    expect(o.body.blocksDecision).toBe(false);
    const listed = await http().get(`/api/assessments/${auditId}/findings`).set(center.auth).expect(200);
    expect(listed.body.map((f: { number: number }) => f.number)).toEqual([1, 2, 3]);
    expect(listed.body[0].history).toEqual([expect.objectContaining({ event: 'recorded' })]);
  });

  it('refuses bad input with a code and changes nothing', async () => {
    const [findings, events] = [await findingRows(), await eventRows()];
    expect(
      (await record(lead, { kind: 'major', clauses: [999], statement: '无' }).expect(422)).body.code,
    ).toBe('finding.unknown_clauses');
    expect(
      (await record(lead, { kind: 'major', clauses: [1], statement: '   ' }).expect(400)).body.code,
    ).toBe('request.invalid');
    expect((await record(lead, { kind: 'fatal', clauses: [1], statement: '无' }).expect(400)).body.code).toBe(
      'request.invalid',
    );
    expect(
      (
        await record(lead, {
          kind: 'minor',
          clauses: [1],
          statement: '无',
          evidenceIds: ['00000000-0000-4000-8000-000000000000'],
        }).expect(422)
      ).body.code,
    ).toBe('finding.unknown_evidence');
    expect((await plan(center, major, { ...PLAN, dueOn: '2026-06-01' }).expect(422)).body.code).toBe(
      'finding.due_in_past',
    );
    // A verdict out of order: nothing submitted to accept or verify yet.
    expect((await review(lead, major, { verdict: 'accept' }).expect(409)).body.code).toBe(
      'finding.wrong_state',
    );
    expect((await review(lead, major, { verdict: 'verified' }).expect(409)).body.code).toBe(
      'finding.wrong_state',
    );
    expect([await findingRows(), await eventRows()]).toEqual([findings, events]);
  });

  it('lets only the audit team record and review, and only the center plan; others see nothing', async () => {
    expect((await record(outsider, { kind: 'minor', clauses: [1], statement: '无' })).status).toBe(404);
    expect((await record(center, { kind: 'minor', clauses: [1], statement: '无' })).status).toBe(403);
    expect((await http().get(`/api/assessments/${auditId}/findings`).set(otherCenter.auth)).status).toBe(404);
    expect((await plan(otherCenter, major, PLAN)).status).toBe(404);
    expect((await plan(lead, major, PLAN)).status).toBe(403);
    expect((await review(outsider, major, { verdict: 'accept' })).status).toBe(404);
    const own = await http().get('/api/findings').set(otherCenter.auth).expect(200);
    expect(own.body).toEqual([]);
  });

  it('refuses certify while the major is not verified and the minor has no accepted plan, naming both', async () => {
    await http()
      .put(`/api/assessments/${auditId}/scores`)
      .set(lead.auth)
      .send({ ratings: ratings(10, 10) })
      .expect(200);
    await http().post(`/api/assessments/${auditId}/submit`).set(lead.auth).expect(200);
    const refused = await decide().expect(422);
    expect(refused.body.code).toBe('decision.open_findings');
    expect(refused.body.findingIds.sort()).toEqual([major, minor].sort());
  });

  it('walks the plans and the correction through review, refusing certify until the major is verified', async () => {
    await plan(center, major, PLAN).expect(200);
    const submitted = await plan(center, minor, { ...PLAN, owner: undefined }).expect(200);
    expect(submitted.body).toMatchObject({
      state: 'plan_submitted',
      plan: { owner: null, dueOn: '2026-08-15' },
    });
    // A rejection needs a reason; then the plan goes back to the center.
    expect((await review(lead, major, { verdict: 'reject' }).expect(400)).body.code).toBe(
      'finding.comment_required',
    );
    expect(
      (await review(lead, major, { verdict: 'reject', comment: '根本原因分析不充分' }).expect(200)).body
        .state,
    ).toBe('open');
    await plan(center, major, { ...PLAN, rootCause: '培训职责未分配，且缺少年度复核机制' }).expect(200);
    await review(lead, major, { verdict: 'accept' }).expect(200);
    const minorAccepted = await review(lead, minor, { verdict: 'accept' }).expect(200);
    expect(minorAccepted.body).toMatchObject({ state: 'plan_accepted', blocksDecision: false });

    const still = await decide().expect(422);
    expect(still.body.findingIds).toEqual([major]);

    today = '2026-08-10';
    // The center uploads evidence of the correction to the submitted audit, for the finding's clauses.
    const upload = (who: Session, findingId: string) =>
      http()
        .post(`/api/assessments/${auditId}/findings/${findingId}/evidence`)
        .set(who.auth)
        .field('caption', '培训签到表')
        .attach('file', PNG, { filename: '签到表.png', contentType: 'image/png' });
    expect((await upload(otherCenter, major)).status).toBe(404);
    expect((await upload(lead, major)).status).toBe(403);
    const photo = await upload(center, major).expect(201);
    expect(photo.body).toMatchObject({ kind: 'file', clauses: [11, 12], caption: '培训签到表' });
    const corrected = await http()
      .post(`/api/findings/${major}/correction`)
      .set(center.auth)
      .send({ note: '培训计划已发布，首期培训 8 月 5 日完成，签到表见附件', evidenceIds: [photo.body.id] })
      .expect(200);
    expect(corrected.body).toMatchObject({
      state: 'correction_submitted',
      correction: { evidenceIds: [photo.body.id] },
    });
    // Once the correction is verified, nothing more is added to it.
    const closedFinding = (
      await http().get(`/api/assessments/${auditId}/findings`).set(center.auth)
    ).body.find((f: { kind: string }) => f.kind === 'observation');
    expect((await upload(center, closedFinding.id)).status).toBe(409);
    expect((await review(lead, major, { verdict: 'not_effective' }).expect(400)).body.code).toBe(
      'finding.comment_required',
    );
    await review(lead, major, { verdict: 'not_effective', comment: '未见培训效果评估' }).expect(200);
    await http()
      .post(`/api/findings/${major}/correction`)
      .set(center.auth)
      .send({ note: '补充了培训效果评估记录' })
      .expect(200);
    const verified = await review(lead, major, { verdict: 'verified', comment: '已验证' }).expect(200);
    expect(verified.body).toMatchObject({ state: 'verified', blocksDecision: false });
    expect(verified.body.history.map((h: { event: string }) => h.event)).toEqual([
      'recorded',
      'plan_submitted',
      'plan_rejected',
      'plan_submitted',
      'plan_accepted',
      'correction_submitted',
      'not_effective',
      'correction_submitted',
      'verified',
    ]);

    // The report shows the findings and the correction's photo.
    const report = await http()
      .get(`/api/assessments/${auditId}/report/pdf`)
      .set(reviewer.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const pdf = checkPdf(report.body, 'report-with-findings');
    for (const text of ['发现项', '严重不符合项', '已验证', '证据照片', '第1项发现·培训签到表'])
      expect(pdf.flat, text).toContain(text);

    const certified = await decide().expect(201);
    expect(certified.body.certificate.level).toBe(3);
  });

  it('lists findings across centers for the body, filtered, and a center its own', async () => {
    const all = await http().get('/api/findings?kind=major').set(reviewer.auth).expect(200);
    expect(all.body.map((f: { id: string }) => f.id)).toEqual([major]);
    const mine = await http().get('/api/findings').set(center.auth).expect(200);
    expect(mine.body).toHaveLength(3);
    expect((await http().get('/api/findings?state=nonsense').set(reviewer.auth)).status).toBe(400);
    // The same register as CSV and XLSX, headers in the reader's language (a center: its own).
    const csv = await http().get('/api/findings.csv?kind=major').set(reviewer.auth).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('机构,编号,类型,条目,陈述,状态,完成日期,逾期,阻碍决定,记录人,记录日期');
    expect(lines[1]).toContain('苏州客服中心,1,严重不符合项,"11, 12",');
    const xlsx = await http()
      .get('/api/findings.xlsx')
      .set(center.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    const sheet = workbook.getWorksheet('Findings');
    expect(sheet?.rowCount).toBe(4);
    expect(sheet?.getRow(2).getCell(3).value).toBe('严重不符合项');
    // An auditor's register: the audits they are on, none of another's.
    expect((await http().get('/api/findings').set(lead.auth).expect(200)).body).toHaveLength(3);
    expect((await http().get('/api/findings').set(outsider.auth).expect(200)).body).toEqual([]);
  });

  it('pages the register with its total, takes several states, and puts what waits for the reader first', async () => {
    const all = (await http().get('/api/findings').set(center.auth).expect(200)).body as {
      id: string;
      state: string;
    }[];
    const pages: string[] = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      const page = await http().get(`/api/findings?limit=2&offset=${offset}`).set(center.auth).expect(200);
      expect(page.headers['x-total-count']).toBe(String(all.length));
      pages.push(...page.body.map((f: { id: string }) => f.id));
    }
    expect(pages).toEqual(all.map((f) => f.id));
    const states = [...new Set(all.map((f) => f.state))];
    const some = await http()
      .get(`/api/findings?state=${states.join(',')}`)
      .set(center.auth)
      .expect(200);
    expect(some.body).toHaveLength(all.length);
    const last = all.at(-1) as { id: string; state: string };
    const first = await http().get(`/api/findings?first=${last.state}`).set(center.auth).expect(200);
    const expected = [
      ...all.filter((f) => f.state === last.state),
      ...all.filter((f) => f.state !== last.state),
    ];
    expect(first.body.map((f: { id: string }) => f.id)).toEqual(expected.map((f) => f.id));
  });
});

describe('the 6-month limit and the action plan', () => {
  it('refuses certify when a major was not verified within 6 months of the on-site audit', async () => {
    today = '2026-07-01';
    const organization = await seed.organization({ name: '常州客服中心' });
    const id = (await seed.assessment(organization.id, 'certification', [lead.id])).id;
    const m = await http()
      .post(`/api/assessments/${id}/findings`)
      .set(lead.auth)
      .send({ kind: 'major', clauses: [5], statement: '未建立投诉处理流程。' })
      .expect(201);
    await http()
      .put(`/api/assessments/${id}/scores`)
      .set(lead.auth)
      .send({ ratings: ratings(10, 10) })
      .expect(200);
    await http().post(`/api/assessments/${id}/submit`).set(lead.auth).expect(200);
    // assessedOn is 2026-06-30 (no plan): the limit is six months on.
    today = addDays(addMonths('2026-06-30', 6), 1);
    const refused = await http()
      .post(`/api/assessments/${id}/decision`)
      .set(reviewer.auth)
      .send({ outcome: 'certify', level: 3, reason: '测试' })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'decision.onsite_audit_expired' });
    expect(m.body.state).toBe('open');
  });

  it('re-rates the clauses of a verified correction through the ratings, which record it', async () => {
    today = '2026-07-01';
    const organization = await seed.organization({ name: '扬州客服中心' });
    const id = (await seed.assessment(organization.id, 'certification', [lead.id])).id;
    await http()
      .put(`/api/assessments/${id}/scores`)
      .set(lead.auth)
      .send({ ratings: ratings(10, 10, [7]) })
      .expect(200);
    const recorded = await http()
      .post(`/api/assessments/${id}/findings`)
      .set(lead.auth)
      .send({ kind: 'minor', clauses: [7], statement: '未见应急演练记录。' })
      .expect(201);
    await http().post(`/api/assessments/${id}/submit`).set(lead.auth).expect(200);
    const centerUser = await seed.user('center_admin', organization.id);
    await http().put(`/api/findings/${recorded.body.id}/plan`).set(centerUser.auth).send(PLAN).expect(200);
    // Ratings go only with a verification, and only on the finding's clauses.
    expect(
      (
        await review(lead, recorded.body.id, {
          verdict: 'accept',
          ratings: [{ clause: 7, c: 10, f: 10 }],
        }).expect(422)
      ).body.code,
    ).toBe('finding.ratings_outside');
    await review(lead, recorded.body.id, { verdict: 'accept' }).expect(200);
    await http()
      .post(`/api/findings/${recorded.body.id}/correction`)
      .set(centerUser.auth)
      .send({ note: '已补做演练' })
      .expect(200);
    expect(
      (
        await review(lead, recorded.body.id, {
          verdict: 'verified',
          ratings: [{ clause: 8, c: 10, f: 10 }],
        }).expect(422)
      ).body.code,
    ).toBe('finding.ratings_outside');
    const before = (await http().get(`/api/assessments/${id}/eligibility`).set(reviewer.auth).expect(200))
      .body;
    await review(lead, recorded.body.id, {
      verdict: 'verified',
      ratings: [{ clause: 7, c: 10, f: 10 }],
    }).expect(200);
    const scores = await http().get(`/api/assessments/${id}/scores`).set(reviewer.auth).expect(200);
    expect(scores.body.ratings.find((r: { clause: number }) => r.clause === 7)).toMatchObject({
      c: 10,
      f: 10,
    });
    const after = (await http().get(`/api/assessments/${id}/eligibility`).set(reviewer.auth).expect(200))
      .body;
    expect(after.total).toBe(before.total + 20);
    const trail = await t.database.db
      .select()
      .from(schema.ratingEvents)
      .where(sql`${schema.ratingEvents.assessmentId} = ${id} and ${schema.ratingEvents.clause} = 7`);
    expect(trail).toHaveLength(2);
    // Still closed to ordinary rating while it awaits the decision.
    expect(
      (
        await http()
          .put(`/api/assessments/${id}/scores`)
          .set(lead.auth)
          .send({ ratings: [{ clause: 9, c: 0, f: 0 }] })
          .expect(409)
      ).body.code,
    ).toBe('assessment.closed');
  });

  it('orders the open nonconformities by the level they stand in the way of', async () => {
    today = '2026-07-01';
    const organization = await seed.organization({ name: '南通客服中心' });
    const id = (await seed.assessment(organization.id, 'certification', [lead.id])).id;
    // Every clause compliant but 1–20 at 0: L1 at most; correcting them is the way up.
    const low = Array.from({ length: 20 }, (_, i) => i + 1);
    await http()
      .put(`/api/assessments/${id}/scores`)
      .set(lead.auth)
      .send({ ratings: ratings(10, 10, low) })
      .expect(200);
    const blocking = await http()
      .post(`/api/assessments/${id}/findings`)
      .set(lead.auth)
      .send({ kind: 'major', clauses: low, statement: '第 1–20 条均无书面方法。' })
      .expect(201);
    const small = await http()
      .post(`/api/assessments/${id}/findings`)
      .set(lead.auth)
      .send({ kind: 'minor', clauses: [100], statement: '记录保存期限不足。' })
      .expect(201);
    // The center reads the plan once the audit is submitted (sealed from it before).
    await http().post(`/api/assessments/${id}/submit`).set(lead.auth).expect(200);
    const center2 = await seed.user('center_member', organization.id);
    const planned = await http().get(`/api/assessments/${id}/action-plan`).set(center2.auth).expect(200);
    const eligibility = await http().get(`/api/assessments/${id}/eligibility`).set(center2.auth).expect(200);
    expect(planned.body.level).toBe(eligibility.body.level);
    const next = planned.body.levels[0];
    expect(next).toMatchObject({
      level: planned.body.level + 1,
      reachable: true,
      needed: [blocking.body.id],
    });
    expect(planned.body.findings.map((f: { id: string }) => f.id)).toEqual([blocking.body.id, small.body.id]);
  });
});
