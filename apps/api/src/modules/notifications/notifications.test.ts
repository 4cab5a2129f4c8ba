import { schema } from '@ccmm/db';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';
import { addDays } from '../../clock.ts';
import { runNotificationJobs } from './notification-jobs.ts';

// The date rules of notifications, with the day set by the test: each fires once, at its day,
// to the center's users only, in each reader's language, by e-mail to those who want it.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let centerAdmin: Session;
let member: Session;
let stranger: Session;
let number = '';
let firstDue = '';
let expiresOn = '';
const origin = { publicOrigin: 'https://ccmm.example' };

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  const org = await seed.organization();
  const other = await seed.organization();
  centerAdmin = await seed.user('center_admin', org.id);
  member = await seed.user('center_member', org.id);
  stranger = await seed.user('center_admin', other.id);
  await t.http().patch('/api/me').set(centerAdmin.auth).send({ locale: 'en' }).expect(200);
  await t.http().patch('/api/me').set(member.auth).send({ notifyByEmail: false }).expect(200);
  const certificate = await certifiedAudit(
    t,
    seed,
    org.id,
    await seed.user('auditor'),
    await seed.user('cb_reviewer'),
  );
  number = certificate.number;
  const view = await t.http().get(`/api/certificates/${number}`).set(centerAdmin.auth).expect(200);
  firstDue = view.body.surveillanceDue[0];
  expiresOn = view.body.expiresOn;
  // What the setup itself notified (the decision) is not this test's business.
  await t.database.db.delete(schema.notifications);
  await t.database.db.delete(schema.outbox);
});
afterAll(async () => t.close());

const run = (today: string) => runNotificationJobs(t.database.db, origin, today);
const inbox = async (s: Session) =>
  (await t.http().get('/api/me/notifications').set(s.auth).expect(200)).body;

describe('surveillance and expiry notifications', () => {
  it('notify nobody more than 60 days before the surveillance is due', async () => {
    expect(await run(addDays(firstDue, -61))).toEqual({ ran: true, notified: 0, webhooks: 0 });
  });

  it('notify the center’s users at 60 days, once however often the job runs', async () => {
    expect((await run(addDays(firstDue, -59))).notified).toBe(2);
    expect((await run(addDays(firstDue, -59))).notified).toBe(0);
    expect((await run(addDays(firstDue, -40))).notified).toBe(0);
    expect((await inbox(stranger)).items).toEqual([]);
  });

  it('notify again at 30 days and when overdue, each once', async () => {
    expect((await run(addDays(firstDue, -30))).notified).toBe(2);
    expect((await run(addDays(firstDue, -1))).notified).toBe(0);
    // Overdue: the certificate job would also suspend it; the notification job reports the due date passed.
    expect((await run(addDays(firstDue, 1))).notified).toBe(2);
    expect((await run(addDays(firstDue, 2))).notified).toBe(0);
  });

  it('speaks each reader’s language and counts the unread; a notification is read by its owner only', async () => {
    const mine = await inbox(centerAdmin);
    expect(mine.unread).toBe(3);
    expect(mine.items.map((n: { text: string }) => n.text)).toEqual([
      `Certificate ${number}: the surveillance audit due by ${firstDue} is overdue`,
      `Certificate ${number}: the surveillance audit is due by ${firstDue} (less than 30 days)`,
      `Certificate ${number}: the surveillance audit is due by ${firstDue} (less than 60 days)`,
    ]);
    expect(mine.items[0].link).toBe(`/certificates/${number}`);
    const theirs = await inbox(member);
    expect(theirs.items[0].text).toBe(`证书 ${number} 的监督审核已逾期（应于 ${firstDue} 前完成）`);
    await t.http().post(`/api/me/notifications/${theirs.items[0].id}/read`).set(centerAdmin.auth).expect(404);
    await t.http().post(`/api/me/notifications/${mine.items[0].id}/read`).set(centerAdmin.auth).expect(204);
    expect((await inbox(centerAdmin)).unread).toBe(2);
  });

  it('e-mails those who want it, in their language, with the link, and not those who turned it off', async () => {
    const mails = await t.database.db
      .select()
      .from(schema.outbox)
      .where(like(schema.outbox.kind, 'notification:%'));
    const me = (await t.http().get('/api/me').set(centerAdmin.auth).expect(200)).body;
    const them = (await t.http().get('/api/me').set(member.auth).expect(200)).body;
    expect(mails.filter((m) => m.recipient === me.email)).toHaveLength(3);
    expect(mails.filter((m) => m.recipient === them.email)).toHaveLength(0);
    const payload = mails[0]?.payload as { subject: string; text: string };
    expect(payload.subject).toMatch(/^Certificate /);
    expect(payload.text).toContain(`https://ccmm.example/certificates/${number}`);
  });

  it('notify of a certificate expiring within 90 days', async () => {
    const expiring = `Certificate ${number} expires on ${expiresOn} (less than 90 days): plan the recertification audit`;
    const texts = async () => (await inbox(centerAdmin)).items.map((n: { text: string }) => n.text);
    await run(addDays(expiresOn, -91));
    expect(await texts()).not.toContain(expiring);
    await run(addDays(expiresOn, -89));
    expect(await texts()).toContain(
      `Certificate ${number} expires on ${expiresOn} (less than 90 days): plan the recertification audit`,
    );
  });
});
