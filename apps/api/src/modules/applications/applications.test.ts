import { schema } from '@ccmm/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';

// A center applies on the public form; the body's admin accepts it (organization registered,
// contact invited as its admin: the e-mail arrives at a real SMTP server and its link works) or
// declines it with a reason the applicant is e-mailed in their language.

let t: TestApp;
let smtp: TestSmtp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let reviewer: Session;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({
    SMTP_URL: smtp.url,
    PUBLIC_ORIGIN: 'https://ccmm.example',
    APPLICATIONS_PER_HOUR: '12',
    APPLICATIONS_PER_EMAIL_PER_HOUR: '2',
  });
  seed = seeder(t);
  admin = await seed.setupAdmin();
  reviewer = await seed.user('cb_reviewer');
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});
beforeEach(() => {
  smtp.messages.length = 0;
});

const form = (name: string, email: string) => ({
  organization: {
    name,
    operatingSince: '2015-04-01',
    region: '广东',
    seats: 320,
    sites: ['广州市天河区', '佛山市南海区'],
  },
  contact: { name: '刘芳', email, phone: '020-12345678' },
  targetLevel: 3,
  message: '希望今年内完成认证',
});

async function apply(name: string, email: string, language = 'zh-CN'): Promise<string> {
  const res = await t
    .http()
    .post('/api/public/applications')
    .set('accept-language', language)
    .send(form(name, email))
    .expect(202);
  expect(res.body.reference).toMatch(/^AP-[2-9A-HJKMNP-Z]{6}$/);
  return res.body.reference;
}

/** The latest e-mail to `to` (the admins' notifications arrive too). */
async function mailTo(to: string) {
  const until = Date.now() + 10_000;
  for (;;) {
    const mail = smtp.messages.findLast((m) => m.to && 'text' in m.to && m.to.text.toLowerCase() === to);
    if (mail) return mail;
    if (Date.now() > until) throw new Error(`no e-mail to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function byReference(reference: string) {
  const list = await t.http().get('/api/applications').set(reviewer.auth).expect(200);
  return list.body.find((a: { reference: string }) => a.reference === reference);
}

describe('applications for certification', () => {
  it('are received from anyone, listed for the body with every field, and announced to its admins', async () => {
    const reference = await apply('珠江客户服务中心', 'Liu@Zhujiang.example');
    const a = await byReference(reference);
    expect(a).toMatchObject({
      status: 'received',
      organization: { name: '珠江客户服务中心', seats: 320, sites: ['广州市天河区', '佛山市南海区'] },
      contact: { name: '刘芳', email: 'liu@zhujiang.example', phone: '020-12345678' },
      targetLevel: 3,
      locale: 'zh-Hans',
      decidedBy: null,
    });
    const inbox = await t.http().get('/api/me/notifications').set(admin.auth).expect(200);
    expect(inbox.body.items[0].text).toBe(`珠江客户服务中心 提交了认证申请 ${reference}`);
  });

  it('refuse a form without the center’s name or with a bad address, storing nothing', async () => {
    const before = (await t.database.db.select().from(schema.applications)).length;
    const bad = form('', 'not-an-address');
    const res = await t
      .http()
      .post('/api/public/applications')
      .set('accept-language', 'en')
      .send(bad)
      .expect(400);
    expect(res.body.code).toBe('request.invalid');
    expect(JSON.stringify(res.body)).toMatch(/organization\.name|contact\.email/);
    await t
      .http()
      .post('/api/public/applications')
      .send({ ...form('某中心', 'a@b.example'), targetLevel: 6 })
      .expect(400);
    expect(await t.database.db.select().from(schema.applications)).toHaveLength(before);
  });

  it('accepted: the center is registered, its contact invited by e-mail, and the link makes them its admin', async () => {
    const reference = await apply('北江呼叫中心', 'chen@beijiang.example', 'en');
    const a = await byReference(reference);
    const accepted = await t.http().post(`/api/applications/${a.id}/accept`).set(admin.auth).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', decidedBy: { id: admin.id } });
    const organizationId: string = accepted.body.organizationId;
    const org = await t.http().get(`/api/organizations/${organizationId}`).set(admin.auth).expect(200);
    expect(org.body).toMatchObject({
      name: '北江呼叫中心',
      operatingSince: '2015-04-01',
      seats: 320,
      region: '广东',
    });

    const mail = await mailTo('chen@beijiang.example');
    expect(mail.subject).toContain('invites you');
    const token = mail.text?.match(/https:\/\/ccmm\.example\/invitations\/([A-Za-z0-9_-]+)/)?.[1];
    const joined = await t
      .http()
      .post(`/api/invitations/${token}/accept`)
      .send({ password: 'a long password' })
      .expect(200);
    expect(joined.body.user).toMatchObject({ role: 'center_admin', organizationId, locale: 'en' });

    const again = await t.http().post(`/api/applications/${a.id}/accept`).set(admin.auth).expect(409);
    expect(again.body.code).toBe('application.decided');
  });

  it('declined: the applicant is told why, in their language, and the application cannot be accepted after', async () => {
    const reference = await apply('東江客服中心', 'wong@dongjiang.example', 'zh-TW');
    const a = await byReference(reference);
    await t.http().post(`/api/applications/${a.id}/decline`).set(admin.auth).send({ reason: '' }).expect(400);
    const declined = await t
      .http()
      .post(`/api/applications/${a.id}/decline`)
      .set(admin.auth)
      .send({ reason: '服务范围不在认证范围内' })
      .expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', reason: '服务范围不在认证范围内' });
    const mail = await mailTo('wong@dongjiang.example');
    expect(mail.subject).toBe(`關於 東江客服中心 的認證申請 ${reference}`);
    expect(mail.text).toContain('服务范围不在认证范围内');
    expect(mail.text).toContain('https://ccmm.example/apply');
    await t.http().post(`/api/applications/${a.id}/accept`).set(admin.auth).expect(409);
  });

  it('accepting one whose contact has an account already changes nothing', async () => {
    // The body's admin's own address.
    const reference = await apply('西江客服中心', 'admin@cb.test');
    const a = await byReference(reference);
    const before = (await t.database.db.select().from(schema.organizations)).length;
    const res = await t.http().post(`/api/applications/${a.id}/accept`).set(admin.auth).expect(409);
    expect(res.body.code).toBe('user.email_taken');
    expect(await t.database.db.select().from(schema.organizations)).toHaveLength(before);
    const [row] = await t.database.db
      .select()
      .from(schema.applications)
      .where(eq(schema.applications.id, a.id));
    expect(row?.status).toBe('received');
  });

  it('are limited per contact e-mail, from any address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t
        .http()
        .post('/api/public/applications')
        .set('x-forwarded-for', `198.51.100.${i}`)
        .send(form(`重复中心${i}`, 'Same@Applicant.example'));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([202, 202, 429, 429]);
  });

  it('are limited per address and hour', async () => {
    let status = 202;
    for (let i = 0; i < 16 && status === 202; i++) {
      status = (
        await t
          .http()
          .post('/api/public/applications')
          .send(form(`中心${i}`, `x${i}@c.example`))
      ).status;
    }
    expect(status).toBe(429);
  });
});
