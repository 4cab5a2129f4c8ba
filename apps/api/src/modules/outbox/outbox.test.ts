import { schema } from '@ccmm/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../../../test/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { renderMail } from './mail-messages.ts';
import { createOutboxRepository } from './outbox.repository.ts';
import { deliverOutbox, LEASE_MS, retryDelayMs, smtpTransport } from './outbox-worker.ts';

// The outbox against a real SMTP server in the test process: what is committed is sent, once,
// whatever happens to the mail server or the worker in between.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let smtp: TestSmtp;
beforeAll(async () => {
  // No SMTP_URL for the app: its own worker stays idle and the test drives the passes.
  t = await buildTestApp();
  seed = seeder(t);
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.stop();
  await t.close();
});
beforeEach(async () => {
  await t.database.db.delete(schema.outbox);
  smtp.messages.length = 0;
  smtp.refuse = false;
});

const link = 'https://ccmm.example/invitations/abc';
async function enqueue(recipient: string, locale: 'zh-Hans' | 'zh-Hant' | 'en' = 'zh-Hans') {
  return createOutboxRepository(t.database.db).enqueue({
    kind: 'invitation',
    recipient,
    locale,
    payload: renderMail(
      'invitation',
      locale,
      { body: '认证机构', name: '王芳', inviter: '李明', role: '中心管理员' },
      link,
    ),
  });
}
const transport = () => smtpTransport(smtp.url, 'CC-CMM <no-reply@ccmm.example>');
const at = (ms: number) => () => new Date(Date.now() + ms);

describe('the outbox worker', () => {
  it('sends a committed message as plain text and HTML in the recipient’s language, with its link, and marks it sent', async () => {
    await enqueue('wang@center.example', 'zh-Hant');
    expect(await deliverOutbox({ db: t.database.db, transport: transport() })).toEqual({
      sent: 1,
      failed: 0,
    });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('wang@center.example');
    expect(mail?.subject).toBe('认证机构 邀請您使用 CC-CMM 認證平台');
    expect(mail?.text).toContain(link);
    expect(mail?.html).toContain(`href="${link}"`);
    const [row] = await t.database.db.select().from(schema.outbox);
    expect(row?.sentAt).not.toBeNull();
    expect(await deliverOutbox({ db: t.database.db, transport: transport() })).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(smtp.messages).toHaveLength(1);
  });

  it('keeps the messages while the mail server is down, and sends each once after it comes back', async () => {
    await enqueue('a@center.example');
    await enqueue('b@center.example');
    await smtp.stop();
    expect(await deliverOutbox({ db: t.database.db, transport: transport() })).toEqual({
      sent: 0,
      failed: 2,
    });
    const rows = await t.database.db.select().from(schema.outbox);
    for (const row of rows) {
      expect(row.sentAt).toBeNull();
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    }
    await smtp.start();
    // Backing off: not tried again before its time, even with the server back.
    expect(await deliverOutbox({ db: t.database.db, transport: transport() })).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(
      await deliverOutbox({ db: t.database.db, transport: transport(), now: at(retryDelayMs(1)) }),
    ).toEqual({
      sent: 2,
      failed: 0,
    });
    expect(
      await deliverOutbox({ db: t.database.db, transport: transport(), now: at(retryDelayMs(1)) }),
    ).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(smtp.messages.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual([
      'a@center.example',
      'b@center.example',
    ]);
  });

  it('keeps a message the mail server refuses (451) and backs off longer each time', async () => {
    await enqueue('busy@center.example');
    smtp.refuse = true;
    await deliverOutbox({ db: t.database.db, transport: transport() });
    await deliverOutbox({ db: t.database.db, transport: transport(), now: at(retryDelayMs(1)) });
    const [row] = await t.database.db.select().from(schema.outbox);
    expect(row?.attempts).toBe(2);
    expect(row?.sentAt).toBeNull();
    expect(row?.lastError).toContain('451');
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    expect(retryDelayMs(30)).toBe(3_600_000);
    smtp.refuse = false;
    await deliverOutbox({
      db: t.database.db,
      transport: transport(),
      now: at(retryDelayMs(1) + retryDelayMs(2)),
    });
    expect(smtp.messages).toHaveLength(1);
  });

  it('sends, on the next run, a message whose worker was killed between its claim and the send', async () => {
    const id = await enqueue('killed@center.example');
    // The worker that died: its claim is committed, the send never happened.
    const [claimed] = await createOutboxRepository(t.database.db).claim({
      channel: 'email',
      now: new Date(),
      limit: 10,
      leaseMs: LEASE_MS,
    });
    expect(claimed?.id).toBe(id);
    // Another worker does not take it while the dead one's lease runs…
    expect(await deliverOutbox({ db: t.database.db, transport: transport() })).toEqual({
      sent: 0,
      failed: 0,
    });
    // …and sends it once the lease has run out.
    expect(
      await deliverOutbox({ db: t.database.db, transport: transport(), now: at(LEASE_MS + 1000) }),
    ).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(smtp.messages).toHaveLength(1);
  });

  it('sends at its first pass a message committed while no worker ran (a server started after a crash)', async () => {
    const restarted = await buildTestApp(
      { SMTP_URL: smtp.url },
      {
        // Committed before the app is ready, so before its worker's first pass.
        extend: async (fastify) => {
          await createOutboxRepository(fastify.db).enqueue({
            kind: 'password_reset',
            recipient: 'after-crash@center.example',
            locale: 'en',
            payload: renderMail('password_reset', 'en', { name: 'Wang' }, link),
          });
        },
      },
    );
    try {
      const [mail] = await smtp.waitFor(1);
      expect(mail?.subject).toBe('Reset your CC-CMM platform password');
    } finally {
      await restarted.close();
    }
  });

  it('never sends one message twice when several workers pass at once', async () => {
    for (let i = 0; i < 12; i++) await enqueue(`many-${i}@center.example`);
    const results = await Promise.all(
      [1, 2, 3].map(() => deliverOutbox({ db: t.database.db, transport: transport(), batch: 4 })),
    );
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
    await smtp.waitFor(12);
    const recipients = smtp.messages.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
    expect(new Set(recipients).size).toBe(12);
    expect(recipients).toHaveLength(12);
  });
});

describe('GET /api/outbox', () => {
  it('shows the certification body’s admin the unsent messages when no mail server is set, and nobody else', async () => {
    const admin = await seed.setupAdmin();
    await enqueue('waiting@center.example', 'en');
    const res = await t.http().get('/api/outbox?unsent=true').set(admin.auth).expect(200);
    expect(res.body.smtpConfigured).toBe(false);
    expect(res.body.unsent).toBe(1);
    expect(res.body.messages[0]).toMatchObject({
      recipient: 'waiting@center.example',
      kind: 'invitation',
      sentAt: null,
      subject: '认证机构 invites you to the CC-CMM certification platform',
    });
    expect(res.body.messages[0].text).toContain(link);
    const reviewer = await seed.user('cb_reviewer');
    await t.http().get('/api/outbox').set(reviewer.auth).expect(403);
  });

  it('pages the outbox newest first, every message on exactly one page, counted in all', async () => {
    const admin = await seed.setupAdmin();
    for (let i = 0; i < 7; i++) await enqueue(`paged-${i}@center.example`);
    const page = async (offset: number) =>
      (await t.http().get(`/api/outbox?limit=3&offset=${offset}`).set(admin.auth).expect(200)).body;
    const pages = [await page(0), await page(3), await page(6), await page(9)];
    expect(pages.map((p) => p.messages.length)).toEqual([3, 3, 1, 0]);
    expect(pages[0].unsent + pages[0].sent).toBe(7);
    const recipients = pages.flatMap((p) => p.messages.map((m: { recipient: string }) => m.recipient));
    expect(recipients).toEqual(Array.from({ length: 7 }, (_, i) => `paged-${6 - i}@center.example`));
    const refused = await t.http().get('/api/outbox?offset=-1').set(admin.auth).expect(400);
    expect(refused.body.code).toBe('request.invalid');
  });
});
