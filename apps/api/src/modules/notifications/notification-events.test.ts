import { schema } from '@ccmm/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit, ratings, submittedAudit } from '../../../test/certification.ts';

// The notifications events cause, through the API as people act: assigned auditors, the body
// when an audit is submitted, the center when it is decided, the auditors when it is returned,
// the body's admins when a complaint or an appeal arrives. Each reaches only those concerned.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let auditor: Session;
let otherAuditor: Session;
let reviewer: Session;
let centerAdmin: Session;
let stranger: Session;
let organization = '';
let certified: { assessmentId: string; number: string; level: number };

const texts = async (s: Session) =>
  (await t.http().get('/api/me/notifications').set(s.auth).expect(200)).body.items.map(
    (n: { text: string; link: string }) => `${n.text} → ${n.link}`,
  );

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  const org = await seed.organization();
  organization = (
    await t.database.db.select().from(schema.organizations).where(eq(schema.organizations.id, org.id))
  )[0]?.name as string;
  const other = await seed.organization();
  auditor = await seed.user('auditor');
  otherAuditor = await seed.user('auditor');
  reviewer = await seed.user('cb_reviewer');
  centerAdmin = await seed.user('center_admin', org.id);
  stranger = await seed.user('center_admin', other.id);
  await t.http().patch('/api/me').set(centerAdmin.auth).send({ locale: 'en' }).expect(200);
  certified = await certifiedAudit(t, seed, org.id, auditor, reviewer);
});
afterAll(async () => t.close());

describe('notifications caused by events', () => {
  it('tell an assigned auditor, the body of a submitted audit and the center of the decision', async () => {
    const link = `/assessments/${certified.assessmentId}`;
    expect(await texts(auditor)).toEqual([
      `您被指派参加 ${organization} 的审核（审核日期 2026-06-30） → ${link}`,
    ]);
    expect(await texts(reviewer)).toEqual([
      `${organization} 的审核（2026-06-30）已提交，等待评审与决定 → ${link}`,
    ]);
    expect(await texts(centerAdmin)).toEqual([
      `${organization}: certification decided at level L${certified.level} → ${link}`,
    ]);
    expect(await texts(otherAuditor)).toEqual([]);
    expect(await texts(stranger)).toEqual([]);
  });

  it('tell only the auditors newly added to an audit, once', async () => {
    const org = await seed.organization();
    const { id } = await seed.assessment(org.id, 'certification', [auditor.id]);
    const admin = await seed.user('cb_admin');
    for (let i = 0; i < 2; i++) {
      await t
        .http()
        .put(`/api/assessments/${id}/auditors`)
        .set(admin.auth)
        .send({ userIds: [auditor.id, otherAuditor.id] })
        .expect(200);
    }
    expect(await texts(otherAuditor)).toHaveLength(1);
    expect((await texts(auditor)).filter((x: string) => x.includes(id))).toHaveLength(1);
  });

  it('tell the auditors when the body returns their audit, and not the center', async () => {
    const org = await seed.organization();
    const center = await seed.user('center_admin', org.id);
    const id = await submittedAudit(t, seed, org.id, otherAuditor, ratings(10, 10));
    await t
      .http()
      .post(`/api/assessments/${id}/decision`)
      .set(reviewer.auth)
      .send({ outcome: 'return', comments: '第 12 条证据不足' })
      .expect(201);
    expect((await texts(otherAuditor))[0]).toContain('已退回审核员');
    expect(await texts(center)).toEqual([]);
  });

  it('notify nobody of an event that was refused (an incomplete audit is not submitted)', async () => {
    const org = await seed.organization();
    const { id } = await seed.assessment(org.id, 'certification', [otherAuditor.id]);
    const before = (await texts(reviewer)).length;
    await t.http().post(`/api/assessments/${id}/submit`).set(otherAuditor.auth).expect(409);
    expect(await texts(reviewer)).toHaveLength(before);
  });

  it('tell the body’s admins of a complaint and of an appeal, and e-mail them through the outbox', async () => {
    const admin = await seed.user('cb_admin');
    const complaint = await t
      .http()
      .post(`/api/public/certificates/${certified.number}/complaints`)
      .send({ text: '客服电话长时间无人接听' })
      .expect(201);
    const appeal = await t
      .http()
      .post(`/api/assessments/${certified.assessmentId}/appeals`)
      .set(centerAdmin.auth)
      .send({ text: '我们认为应认证为更高等级' })
      .expect(201);
    expect(await texts(admin)).toEqual([
      `收到 ${organization} 对认证决定的申诉 ${appeal.body.reference} → /complaints`,
      `收到关于 ${organization} 的投诉 ${complaint.body.reference} → /complaints`,
    ]);
    expect(await texts(reviewer)).not.toContainEqual(expect.stringContaining(complaint.body.reference));
    const me = (await t.http().get('/api/me').set(admin.auth).expect(200)).body;
    const mails = await t.database.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.recipient, me.email));
    expect(mails.map((m) => m.kind).sort()).toEqual([
      'notification:appeal_received',
      'notification:complaint_received',
    ]);
  });
});
