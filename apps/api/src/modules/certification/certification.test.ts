import { schema } from '@ccmm/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit, ratings, submittedAudit } from '../../../test/certification.ts';
import { decisionProblem, skipsLevels } from './decision-rules.ts';
import { barsAudit } from './impartiality.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let reviewer: Session;
let auditor: Session;
let organization: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  reviewer = await seed.user('cb_reviewer');
  auditor = await seed.user('auditor');
  organization = await seed.organization({ sites: ['上海浦东', '成都高新'] });
});
afterAll(async () => t.close());

const decide = (id: string, who: Session, body: object) =>
  t.http().post(`/api/assessments/${id}/decision`).set(who.auth).set('Accept-Language', 'en').send(body);
const assign = (id: string, userIds: string[]) =>
  t.http().put(`/api/assessments/${id}/auditors`).set(admin.auth).send({ userIds });
const declare = (who: Session, organizationId: string, body: object) =>
  t.http().post(`/api/organizations/${organizationId}/conflicts`).set(who.auth).send(body);

describe('impartiality', () => {
  it('refuses to assign an auditor who declared a conflict with the organization, and only that organization', async () => {
    const conflicted = await seed.user('auditor');
    const elsewhere = await seed.organization();
    await declare(conflicted, organization.id, { kind: 'declared', note: '亲属在该中心任职' }).expect(201);
    const audit = await seed.assessment(organization.id);
    const refused = await assign(audit.id, [auditor.id, conflicted.id]);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'impartiality.conflict',
      userId: conflicted.id,
      kind: 'declared',
    });
    expect(refused.body.message).toContain('利益冲突');
    const detail = await t.http().get(`/api/assessments/${audit.id}`).set(admin.auth).expect(200);
    expect(detail.body.auditors).toEqual([]);
    const other = await seed.assessment(elsewhere.id);
    await assign(other.id, [conflicted.id]).expect(200);
  });

  it('refuses an auditor who consulted for the organization in the 2 years before the assessment date, not one whose consulting ended earlier', async () => {
    // The seeded audits are dated 2026-06-30.
    const recent = await seed.user('auditor');
    const longAgo = await seed.user('auditor');
    const ongoing = await seed.user('auditor');
    await declare(recent, organization.id, {
      kind: 'consulted',
      since: '2023-01-01',
      until: '2024-07-15',
    }).expect(201);
    await declare(longAgo, organization.id, {
      kind: 'consulted',
      since: '2021-01-01',
      until: '2024-06-29',
    }).expect(201);
    await declare(ongoing, organization.id, { kind: 'consulted', since: '2025-09-01' }).expect(201);
    const audit = await seed.assessment(organization.id);
    const byRecent = await assign(audit.id, [recent.id]);
    expect(byRecent.status).toBe(409);
    expect(byRecent.body).toMatchObject({ code: 'impartiality.conflict', kind: 'consulted' });
    expect((await assign(audit.id, [ongoing.id])).status).toBe(409);
    const ok = await assign(audit.id, [longAgo.id]).expect(200);
    expect(ok.body.map((a: { id: string }) => a.id)).toEqual([longAgo.id]);
  });

  it('reads the 2-year rule and declared end dates as intended', () => {
    const on = '2026-06-30';
    expect(barsAudit({ kind: 'declared', since: null, until: null }, on)).toBe(true);
    expect(barsAudit({ kind: 'declared', since: null, until: '2026-06-29' }, on)).toBe(false);
    expect(barsAudit({ kind: 'consulted', since: null, until: '2024-06-30' }, on)).toBe(true);
    expect(barsAudit({ kind: 'consulted', since: null, until: '2024-06-29' }, on)).toBe(false);
    expect(barsAudit({ kind: 'consulted', since: '2026-07-01', until: null }, on)).toBe(false);
  });

  it('lets auditors declare only their own conflicts, and shows the body every declaration', async () => {
    const other = await seed.user('auditor');
    await declare(admin, organization.id, { kind: 'declared' }).expect(403);
    const mine = await declare(other, organization.id, { kind: 'declared', until: '2027-12-31' }).expect(201);
    expect(mine.body).toMatchObject({
      auditorId: other.id,
      organizationId: organization.id,
      until: '2027-12-31',
    });
    const reversed = await declare(other, organization.id, {
      kind: 'consulted',
      since: '2025-01-01',
      until: '2024-01-01',
    });
    expect(reversed.body.code).toBe('conflict.dates_reversed');
    const seenByBody = await t
      .http()
      .get(`/api/organizations/${organization.id}/conflicts`)
      .set(reviewer.auth)
      .expect(200);
    expect(seenByBody.body.map((c: { id: string }) => c.id)).toContain(mine.body.id);
    const seenByAuditor = await t
      .http()
      .get(`/api/organizations/${organization.id}/conflicts`)
      .set(other.auth)
      .expect(200);
    expect(seenByAuditor.body.every((c: { auditorId: string }) => c.auditorId === other.id)).toBe(true);
    await declare(other, '00000000-0000-4000-8000-000000000000', { kind: 'declared' }).expect(404);
  });
});

describe('the decision', () => {
  it('certifies at the eligible level and issues a numbered, dated, signed certificate, warning of skipped levels', async () => {
    const org = await seed.organization({ name: '华东客服中心', sites: ['杭州', '宁波'] });
    const id = await submittedAudit(t, seed, org.id, auditor);
    await t.http().post(`/api/assessments/${id}/review`).set(reviewer.auth).expect(200);
    const res = await decide(id, reviewer, { outcome: 'certify', level: 4, scope: '呼入客户服务' }).expect(
      201,
    );
    const { decision, certificate, warning } = res.body;
    expect(decision).toMatchObject({
      outcome: 'certify',
      level: 4,
      eligibleLevel: 4,
      deciderId: reviewer.id,
    });
    expect(decision.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
    const today = new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    expect(certificate.number).toMatch(new RegExp(`^CCMM-OC-${year}-\\d{4,}$`));
    expect(certificate).toMatchObject({
      status: 'active',
      organizationName: '华东客服中心',
      sites: ['杭州', '宁波'],
      scope: '呼入客户服务',
      level: 4,
      standard: { ref: 'cc-cmm-oc@2017', version: '2017' },
      issuedOn: today,
      expiresOn: `${year + 3}${today.slice(4)}`,
      surveillanceDue: [`${year + 1}${today.slice(4)}`, `${year + 2}${today.slice(4)}`],
      certifyingBody: 'CC-CMM 国际标准认证机构',
      snapshotHash: decision.snapshotHash,
      signatureValid: true,
    });
    expect(certificate.levelName.en).toEqual(expect.any(String));
    expect(warning).toMatchObject({ code: 'certification.skips_levels', from: 0, to: 4 });
    expect(warning.message).toBe('所定等级 L4 越过了 L1–L3：机构尚无证书，等级通常从 L1 起逐级提升');
    const detail = await t.http().get(`/api/assessments/${id}`).set(admin.auth).expect(200);
    expect(detail.body.status).toBe('decided');
    // The next certificate of the year (of another center: this one's would be renewed) takes the next number.
    const other = await seed.organization({ name: '华南客服中心', sites: ['广州'] });
    const next = await certifiedAudit(t, seed, other.id, auditor, reviewer);
    const sequence = (n: string) => Number(n.split('-').at(-1));
    expect(sequence(next.number)).toBe(sequence(certificate.number) + 1);
  });

  it('cannot certify above the level the ratings reach', async () => {
    const id = await submittedAudit(t, seed, organization.id, auditor);
    const res = await decide(id, reviewer, { outcome: 'certify', level: 5 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'certification.level_exceeds_eligibility' });
    expect(res.body.message).toContain('L4');
    const noLevel = await decide(id, reviewer, { outcome: 'certify' });
    expect(noLevel.body.code).toBe('certification.level_required');
    const decisions = await t.http().get(`/api/assessments/${id}/decisions`).set(reviewer.auth).expect(200);
    expect(decisions.body).toEqual([]);
  });

  it('needs a written reason to certify below the eligible level', async () => {
    const id = await submittedAudit(t, seed, organization.id, auditor);
    const bare = await decide(id, reviewer, { outcome: 'certify', level: 2 });
    expect(bare.status).toBe(400);
    expect(bare.body.code).toBe('certification.reason_required');
    const reasoned = await decide(id, reviewer, {
      outcome: 'certify',
      level: 2,
      reason: '现场发现的投诉处理问题须在监督审核中复核',
    }).expect(201);
    expect(reasoned.body.decision).toMatchObject({ level: 2, eligibleLevel: 4, reason: expect.any(String) });
    expect(reasoned.body.certificate.level).toBe(2);
  });

  it('never lets one of the audit’s auditors decide it', async () => {
    const id = await submittedAudit(t, seed, organization.id, auditor);
    // Assignment accepts auditors only; put the reviewer on the audit behind the API's back.
    await t.database.db.execute(
      sql`insert into assessment_auditors (assessment_id, user_id) values (${id}, ${reviewer.id})`,
    );
    const res = await decide(id, reviewer, { outcome: 'certify', level: 4 });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('certification.reviewer_is_auditor');
    const review = await t.http().post(`/api/assessments/${id}/review`).set(reviewer.auth);
    expect(review.body.code).toBe('certification.reviewer_is_auditor');
  });

  it('lets only the certification body’s reviewers and admins decide', async () => {
    const id = await submittedAudit(t, seed, organization.id, auditor);
    const centerAdmin = await seed.user('center_admin', organization.id);
    const consultant = await seed.user('consultant');
    for (const who of [auditor, centerAdmin, consultant]) {
      const res = await decide(id, who, { outcome: 'refuse', reason: '—' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    }
    const byAdmin = await decide(id, admin, { outcome: 'refuse', reason: '现场审核发现重大不符合' }).expect(
      201,
    );
    expect(byAdmin.body.decision).toMatchObject({ outcome: 'refuse', deciderId: admin.id });
    expect(byAdmin.body.certificate).toBeUndefined();
  });

  it('refuses audits not submitted, incomplete, or that are self-assessments with 409', async () => {
    const { id: open } = await seed.assessment(organization.id, 'certification', [auditor.id]);
    await t
      .http()
      .put(`/api/assessments/${open}/scores`)
      .set(auditor.auth)
      .send({ ratings: ratings(10, 10).slice(0, 100) })
      .expect(200);
    const notSubmitted = await decide(open, reviewer, { outcome: 'refuse', reason: 'x' });
    expect(notSubmitted.status).toBe(409);
    expect(notSubmitted.body.code).toBe('certification.not_submitted');
    // Submitting refuses an incomplete audit; mark one submitted behind the API's back.
    await t.database.db.execute(sql`update assessments set status = 'submitted' where id = ${open}`);
    const incomplete = await decide(open, reviewer, { outcome: 'refuse', reason: 'x' });
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.code).toBe('assessment.incomplete');
    const centerUser = await seed.user('center_member', organization.id);
    const self = await submittedAudit(t, seed, organization.id, centerUser, ratings(10, 10), 'self');
    const ofSelf = await decide(self, reviewer, { outcome: 'certify', level: 4 });
    expect(ofSelf.status).toBe(409);
    expect(ofSelf.body.code).toBe('certification.not_an_audit');
  });

  it('refuses only with a reason', async () => {
    const id = await submittedAudit(t, seed, organization.id, auditor);
    const bare = await decide(id, reviewer, { outcome: 'refuse' });
    expect(bare.body.code).toBe('certification.reason_required');
    await decide(id, reviewer, { outcome: 'refuse', reason: '证据不足' }).expect(201);
    const detail = await t.http().get(`/api/assessments/${id}`).set(admin.auth).expect(200);
    expect(detail.body.status).toBe('refused');
  });

  it('returns an audit with comments, opening its ratings again; resubmitted, it is decided by a second decision', async () => {
    const id = await submittedAudit(t, seed, organization.id, auditor);
    const bare = await decide(id, reviewer, { outcome: 'return' });
    expect(bare.body.code).toBe('certification.comments_required');
    await decide(id, reviewer, { outcome: 'return', comments: '请复核第 12 条的证据' }).expect(201);
    const detail = await t.http().get(`/api/assessments/${id}`).set(admin.auth).expect(200);
    expect(detail.body.status).toBe('returned');
    await t
      .http()
      .put(`/api/assessments/${id}/scores/12`)
      .set(auditor.auth)
      .send({ c: 10, f: 10, note: '复核后确认', version: 1 })
      .expect(200);
    await t.http().post(`/api/assessments/${id}/submit`).set(auditor.auth).expect(200);
    await decide(id, reviewer, { outcome: 'certify', level: 4 }).expect(201);
    const decisions = await t.http().get(`/api/assessments/${id}/decisions`).set(reviewer.auth).expect(200);
    expect(decisions.body.map((d: { outcome: string }) => d.outcome)).toEqual(['return', 'certify']);
    expect(decisions.body[0].snapshotHash).not.toBe(decisions.body[1].snapshotHash);
  });

  it('cannot be edited: no route changes or removes a decision, and a correction is a new one', async () => {
    const { assessmentId, number } = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const [first] = (
      await t.http().get(`/api/assessments/${assessmentId}/decisions`).set(admin.auth).expect(200)
    ).body;
    for (const method of ['put', 'patch', 'delete'] as const) {
      for (const path of [
        `/api/assessments/${assessmentId}/decision`,
        `/api/assessments/${assessmentId}/decisions/${first.id}`,
      ]) {
        const res = await t.http()[method](path).set(admin.auth).send({ level: 1 });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
    }
    // While its certificate stands, the audit is not decided again.
    const standing = await decide(assessmentId, reviewer, { outcome: 'certify', level: 3, reason: '更正' });
    expect(standing.status).toBe(409);
    expect(standing.body.code).toBe('certification.certificate_outstanding');
    await t
      .http()
      .post(`/api/certificates/${number}/status`)
      .set(admin.auth)
      .send({ status: 'withdrawn', reason: '决定有误，更正' })
      .expect(200);
    const corrected = await decide(assessmentId, reviewer, {
      outcome: 'certify',
      level: 3,
      reason: '更正：L3',
    }).expect(201);
    expect(corrected.body.certificate.number).not.toBe(number);
    const rows = await t.database.db
      .select({ id: schema.decisions.id })
      .from(schema.decisions)
      .where(eq(schema.decisions.assessmentId, assessmentId));
    expect(rows).toHaveLength(2);
    const again = (
      await t.http().get(`/api/assessments/${assessmentId}/decisions`).set(admin.auth).expect(200)
    ).body;
    expect(again[0]).toEqual(first);
  });

  it('states its body rules and the skipped-level warning as small checks', () => {
    expect(decisionProblem({ outcome: 'certify', level: 3 }, 3)).toBeNull();
    expect(decisionProblem({ outcome: 'certify', level: 4 }, 3)?.statusCode).toBe(422);
    expect(decisionProblem({ outcome: 'certify', level: 1 }, 0)?.statusCode).toBe(422);
    expect(skipsLevels(0, 1)).toBe(false);
    expect(skipsLevels(0, 3)).toBe(true);
    expect(skipsLevels(1, 3)).toBe(true);
    expect(skipsLevels(2, 3)).toBe(false);
  });
});
