import { type Database, schema } from '@ccmm/db';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';
import { startReceiver, type TestReceiver } from '../../../test/webhook-receiver.ts';
import { addDays } from '../../clock.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { runNotificationJobs } from '../notifications/notification-jobs.ts';
import { retryDelayMs } from '../outbox/outbox-worker.ts';
import { publicLookup, urlProblem } from './webhook-address.ts';
import { emitTestEvent, emitWebhookEvent, signature, verifySignature } from './webhook-events.ts';
import { deliverWebhooks } from './webhook-sender.ts';

// Webhooks against receivers in the test process (plain http to loopback: allowed in tests only):
// every request's signature is checked by the receiver as the README tells integrators to.

const ENV = {
  NODE_ENV: 'test',
  WEBHOOKS_ALLOW_LOOPBACK_HTTP: 'on',
  // Apps on one database (a restart) accept each other's sessions.
  JWT_SECRET: 'webhooks-test-secret-of-at-least-32-characters',
  // The test drives the passes that must wait (back-off); a request's commit still kicks one.
  OUTBOX_POLL_SECONDS: '3600',
};

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let centerAdmin: Session;
let otherAdmin: Session;
let member: Session;
let ownOrg: string;
let otherOrg: string;
const receivers: TestReceiver[] = [];

async function receiver(): Promise<TestReceiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function register(
  as: Session,
  r: TestReceiver,
  events: string[],
  app: Pick<TestApp, 'http'> = t,
): Promise<string> {
  const res = await app.http().post('/api/webhooks').set(as.auth).send({ url: r.url, events }).expect(201);
  expect(res.body.secret).toMatch(/^whsec_[\w-]{43}$/);
  r.secret = res.body.secret;
  return res.body.id;
}

const deliveries = async (id: string, as: Session = admin) =>
  (await t.http().get(`/api/webhooks/${id}/deliveries`).set(as.auth).expect(200)).body as {
    attempt: number;
    status: number | null;
    event: string;
    eventId: string;
    error: string | null;
  }[];

async function waitForLog(id: string, count: number) {
  const until = Date.now() + 10_000;
  for (;;) {
    const log = await deliveries(id);
    if (log.length >= count) return log;
    if (Date.now() > until) throw new Error(`expected ${count} attempts, got ${log.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pending = (db: Database) =>
  db
    .select()
    .from(schema.outbox)
    .where(and(eq(schema.outbox.channel, 'webhook'), isNull(schema.outbox.sentAt)));

const pass = (ms: number) =>
  deliverWebhooks({ db: t.database.db, allowLoopbackHttp: true, now: () => new Date(Date.now() + ms) });

beforeAll(async () => {
  t = await buildTestApp(ENV);
  seed = seeder(t);
  admin = await seed.setupAdmin();
  ownOrg = (await seed.organization()).id;
  otherOrg = (await seed.organization()).id;
  centerAdmin = await seed.user('center_admin', ownOrg);
  otherAdmin = await seed.user('center_admin', otherOrg);
  member = await seed.user('center_member', ownOrg);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
  await t.close();
});
beforeEach(async () => {
  // Each test its own webhooks: the earlier ones are deleted.
  await t.database.db
    .update(schema.webhooks)
    .set({ deletedAt: new Date() })
    .where(isNull(schema.webhooks.deletedAt));
  // …and what was left queued for them is settled.
  await t.database.db
    .update(schema.outbox)
    .set({ sentAt: new Date() })
    .where(and(eq(schema.outbox.channel, 'webhook'), isNull(schema.outbox.sentAt)));
});

describe('registering a webhook', () => {
  it('answers a generated secret once and lists the webhook without it', async () => {
    const r = await receiver();
    const id = await register(centerAdmin, r, ['certificate.issued', 'decision.made']);
    const list = await t.http().get('/api/webhooks').set(centerAdmin.auth).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id,
        url: r.url,
        events: ['certificate.issued', 'decision.made'],
        organization: expect.objectContaining({ id: ownOrg }),
        lastDelivery: null,
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(r.secret);
    // A secret given is kept (and answered, once).
    const given = await t
      .http()
      .post('/api/webhooks')
      .set(admin.auth)
      .send({
        url: 'https://hooks.example.com/ccmm',
        events: ['finding.overdue'],
        secret: 'a-secret-of-my-own-choosing',
      })
      .expect(201);
    expect(given.body.secret).toBe('a-secret-of-my-own-choosing');
    await t.http().delete(`/api/webhooks/${given.body.id}`).set(admin.auth).expect(204);
  });

  it('refuses a URL that is not https, not public or not a URL, and an unknown event, with codes in the reader’s language', async () => {
    const cases: [object, string][] = [
      [{ url: 'http://hooks.example.com/x', events: ['decision.made'] }, 'webhook.url_not_https'],
      [{ url: 'ftp://hooks.example.com/x', events: ['decision.made'] }, 'webhook.url_not_https'],
      [{ url: 'https://10.1.2.3/x', events: ['decision.made'] }, 'webhook.url_not_public'],
      [{ url: 'https://[fd00::1]/x', events: ['decision.made'] }, 'webhook.url_not_public'],
      [{ url: 'https://169.254.169.254/latest', events: ['decision.made'] }, 'webhook.url_not_public'],
      [{ url: 'not a url', events: ['decision.made'] }, 'webhook.url_invalid'],
      [{ url: 'https://hooks.example.com/x', events: ['certificate.eaten'] }, 'webhook.unknown_event'],
    ];
    for (const locale of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      await t.http().patch('/api/me').set(otherAdmin.auth).send({ locale }).expect(200);
      for (const [body, code] of cases) {
        const res = await t.http().post('/api/webhooks').set(otherAdmin.auth).send(body).expect(400);
        expect(res.body.code, JSON.stringify(body)).toBe(code);
        // In the reader's language: Chinese in Chinese, no Chinese in English.
        expect(/\p{Script=Han}/u.test(res.body.message), `${locale} ${code}: ${res.body.message}`).toBe(
          locale !== 'en',
        );
      }
      const res = await t
        .http()
        .post('/api/webhooks')
        .set(otherAdmin.auth)
        .send({ url: 'https://hooks.example.com/x', events: ['certificate.eaten'] })
        .expect(400);
      expect(res.body.message).toBe(
        {
          'zh-Hans': '没有这个事件：certificate.eaten（可用的事件：',
          'zh-Hant': '沒有這個事件：certificate.eaten（可用的事件：',
          en: 'no such event: certificate.eaten (one of ',
        }[locale] + res.body.message.slice(res.body.message.indexOf('assessment.submitted')),
      );
    }
    expect(
      await t.database.db.select().from(schema.webhooks).where(eq(schema.webhooks.organizationId, otherOrg)),
    ).toEqual([]);
  });

  it('refuses, when sending, a name that resolves to this machine unless loopback is allowed', async () => {
    const resolve = (allow: boolean) =>
      new Promise<string>((done) =>
        publicLookup(allow)('localhost', { family: 4 }, (error, address) =>
          done(error ? ((error as NodeJS.ErrnoException).code ?? 'error') : String(address)),
        ),
      );
    expect(await resolve(false)).toBe('ENOTPUBLIC');
    expect(await resolve(true)).toBe('127.0.0.1');
  });

  it('allows plain http to loopback only with the test flag, and the flag only in tests', () => {
    const local = new URL('http://127.0.0.1:8080/hook');
    expect(urlProblem(local, true)).toBeNull();
    expect(urlProblem(local, false)).toBe('webhook.url_not_https');
    expect(urlProblem(new URL('http://192.168.1.2/hook'), true)).toBe('webhook.url_not_https');
    expect(urlProblem(new URL('https://hooks.example.com/x'), false)).toBeNull();
    // Without the flag not even https to this machine.
    expect(urlProblem(new URL('https://localhost/x'), false)).toBe('webhook.url_not_public');
    expect(urlProblem(new URL('https://127.0.0.1/x'), false)).toBe('webhook.url_not_public');
    expect(() => loadConfig({ WEBHOOKS_ALLOW_LOOPBACK_HTTP: 'on' }, '/')).toThrow(ConfigError);
    expect(
      loadConfig({ WEBHOOKS_ALLOW_LOOPBACK_HTTP: 'on', NODE_ENV: 'test' }, '/').webhooksAllowLoopbackHttp,
    ).toBe(true);
  });
});

describe('delivering events', () => {
  it('sends a certification’s events, signed, to the center’s webhook and the body’s, and none to another center’s', async () => {
    const own = await receiver();
    const body = await receiver();
    const other = await receiver();
    const ownId = await register(centerAdmin, own, [
      'assessment.submitted',
      'decision.made',
      'certificate.issued',
    ]);
    const bodyId = await register(admin, body, ['certificate.issued']);
    await register(otherAdmin, other, ['assessment.submitted', 'decision.made', 'certificate.issued']);
    const auditor = await seed.user('auditor');
    const reviewer = await seed.user('cb_reviewer');
    const certified = await certifiedAudit(t, seed, ownOrg, auditor, reviewer);

    const events = (await own.waitFor(3)).map((r) => r.event);
    expect(events.map((e) => e.type).sort()).toEqual([
      'assessment.submitted',
      'certificate.issued',
      'decision.made',
    ]);
    expect(own.received.every((r) => r.verified && r.status === 204)).toBe(true);
    expect(events.every((e) => e.organizationId === ownOrg)).toBe(true);
    expect(events.find((e) => e.type === 'certificate.issued')?.data).toMatchObject({
      number: certified.number,
      level: certified.level,
      assessmentId: certified.assessmentId,
    });
    const [issued] = await body.waitFor(1);
    expect(issued?.verified).toBe(true);
    expect(issued?.headers['x-ccmm-event']).toBe('certificate.issued');
    expect(issued?.event.data.number).toBe(certified.number);
    const log = await waitForLog(ownId, 3);
    expect(log.map((d) => [d.attempt, d.status])).toEqual([
      [1, 204],
      [1, 204],
      [1, 204],
    ]);
    await waitForLog(bodyId, 1);
    // Nothing for another center: its receiver heard nothing, and nothing waits for it.
    expect(other.received).toEqual([]);
    await expect.poll(() => pending(t.database.db)).toEqual([]);
  });

  it('delivers to a receiver that fails twice at the third try, after the back-off, once', async () => {
    const r = await receiver();
    r.answer = (n) => (n < 2 ? 500 : 200);
    const id = await register(centerAdmin, r, ['decision.made']);
    const test = await t.http().post(`/api/webhooks/${id}/test`).set(centerAdmin.auth).expect(202);
    await r.waitFor(1);
    await waitForLog(id, 1);
    // Not tried again before its time…
    expect(await pass(0)).toEqual({ delivered: 0, failed: 0 });
    // …then at 30 s, and 60 s after that.
    expect(await pass(retryDelayMs(1) + 1000)).toEqual({ delivered: 0, failed: 1 });
    expect(await pass(retryDelayMs(1) + 1000)).toEqual({ delivered: 0, failed: 0 });
    expect(await pass(retryDelayMs(1) + retryDelayMs(2) + 2000)).toEqual({ delivered: 1, failed: 0 });
    expect(await pass(24 * 3_600_000)).toEqual({ delivered: 0, failed: 0 });
    expect(r.received.map((x) => [x.event.id, x.status, x.verified])).toEqual([
      [test.body.eventId, 500, true],
      [test.body.eventId, 500, true],
      [test.body.eventId, 200, true],
    ]);
    expect(r.received[0]?.event.type).toBe('webhook.test');
    expect((await deliveries(id, centerAdmin)).map((d) => [d.attempt, d.status, d.eventId])).toEqual([
      [3, 200, test.body.eventId],
      [2, 500, test.body.eventId],
      [1, 500, test.body.eventId],
    ]);
    // The body's admin sees the delivery on the outbox page too: the event and its JSON.
    const outbox = await t.http().get('/api/outbox').set(admin.auth).expect(200);
    const listed = outbox.body.messages.find((x: { text: string }) => x.text.includes(test.body.eventId));
    expect(listed).toMatchObject({ channel: 'webhook', subject: 'webhook.test', attempts: 3 });
    expect(listed.sentAt).not.toBeNull();
  });

  it('never delivers one event twice when several senders pass at once', async () => {
    const r = await receiver();
    const id = await register(admin, r, ['decision.made']);
    const [hook] = await t.database.db.select().from(schema.webhooks).where(eq(schema.webhooks.id, id));
    if (!hook) throw new Error('no webhook');
    // Queued without a kick: only the passes below send them.
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await emitTestEvent(t.database.db, hook));
    const results = await Promise.all(
      [1, 2, 3].map(() => deliverWebhooks({ db: t.database.db, allowLoopbackHttp: true, batch: 3 })),
    );
    expect(results.reduce((n, x) => n + x.delivered, 0)).toBe(12);
    await r.waitFor(12);
    expect(r.received.map((x) => x.event.id).sort()).toEqual([...ids].sort());
    expect(await pass(24 * 3_600_000)).toEqual({ delivered: 0, failed: 0 });
    expect(r.received).toHaveLength(12);
  });

  it('queues nothing for an event that is refused or rolled back', async () => {
    const r = await receiver();
    await register(admin, r, ['decision.made', 'assessment.submitted']);
    const audit = await seed.assessment(ownOrg, 'certification');
    // Not submitted: the decision is refused.
    await t
      .http()
      .post(`/api/assessments/${audit.id}/decision`)
      .set(admin.auth)
      .send({ outcome: 'certify', level: 3, scope: 'x' })
      .expect(409);
    await expect(
      t.database.db.transaction(async (tx) => {
        const queued = await emitWebhookEvent(tx, {
          type: 'decision.made',
          organizationId: ownOrg,
          key: 'rolled-back',
          data: {},
        });
        expect(queued).toBe(1);
        throw new Error('the event failed after its webhook was queued');
      }),
    ).rejects.toThrow('the event failed');
    expect(await pending(t.database.db)).toEqual([]);
    expect(r.received).toEqual([]);
  });

  it('tells a job’s events (a certificate expiring) once, however often the job finds them', async () => {
    const r = await receiver();
    await register(centerAdmin, r, ['certificate.expiring']);
    const auditor = await seed.user('auditor');
    const reviewer = await seed.user('cb_reviewer');
    const { number } = await certifiedAudit(t, seed, ownOrg, auditor, reviewer);
    const [certificate] = await t.database.db
      .select()
      .from(schema.certificates)
      .where(eq(schema.certificates.number, number));
    const soon = addDays(certificate?.expiresOn ?? '', -30);
    const first = await runNotificationJobs(t.database.db, t.config, soon);
    const again = await runNotificationJobs(t.database.db, t.config, addDays(soon, 1));
    expect(first.webhooks).toBeGreaterThanOrEqual(1);
    expect(again.webhooks).toBe(0);
    await deliverWebhooks({ db: t.database.db, allowLoopbackHttp: true });
    const mine = r.received.filter((x) => x.event.data.number === number);
    expect(mine.map((x) => [x.event.type, x.verified])).toEqual([['certificate.expiring', true]]);
  });

  it('sends nothing more to a deleted webhook, and drops what was queued for it', async () => {
    const r = await receiver();
    const id = await register(centerAdmin, r, ['decision.made']);
    const [hook] = await t.database.db.select().from(schema.webhooks).where(eq(schema.webhooks.id, id));
    if (!hook) throw new Error('no webhook');
    await emitTestEvent(t.database.db, hook);
    await t.http().delete(`/api/webhooks/${id}`).set(centerAdmin.auth).expect(204);
    await t.http().delete(`/api/webhooks/${id}`).set(centerAdmin.auth).expect(204);
    await pass(0);
    expect(r.received).toEqual([]);
    expect(await pending(t.database.db)).toEqual([]);
    await t.http().post(`/api/webhooks/${id}/test`).set(centerAdmin.auth).expect(404);
    expect((await t.http().get('/api/webhooks').set(centerAdmin.auth).expect(200)).body).toEqual([]);
  });

  it('sends, from a new server on the same database, what was pending when the old one stopped', async () => {
    const r = await receiver();
    r.answer = (n) => (n === 0 ? 503 : 200);
    const before = await buildTestApp(ENV, { shareDatabaseOf: t });
    const id = await register(centerAdmin, r, ['decision.made'], before);
    const test = await before.http().post(`/api/webhooks/${id}/test`).set(centerAdmin.auth).expect(202);
    await r.waitFor(1);
    await waitForLog(id, 1);
    await before.close();
    expect(await pending(t.database.db)).toHaveLength(1);
    // The back-off ran out while no server ran.
    await t.database.db
      .update(schema.outbox)
      .set({ nextAttemptAt: new Date() })
      .where(and(eq(schema.outbox.channel, 'webhook'), isNull(schema.outbox.sentAt)));
    const after = await buildTestApp(ENV, { shareDatabaseOf: t });
    try {
      await r.waitFor(2);
      expect(r.received.map((x) => [x.event.id, x.status])).toEqual([
        [test.body.eventId, 503],
        [test.body.eventId, 200],
      ]);
      expect((await waitForLog(id, 2)).map((d) => [d.attempt, d.status])).toEqual([
        [2, 200],
        [1, 503],
      ]);
    } finally {
      await after.close();
    }
  });
});

describe('who manages which webhook', () => {
  it('keeps a center to its own organization’s webhooks: registered for it, seen, tested and deleted by it alone', async () => {
    const r = await receiver();
    // An organization named in the body is not taken: a center registers for its own.
    const res = await t
      .http()
      .post('/api/webhooks')
      .set(otherAdmin.auth)
      .send({ url: r.url, events: ['decision.made'], organizationId: ownOrg })
      .expect(201);
    const [row] = await t.database.db
      .select()
      .from(schema.webhooks)
      .where(eq(schema.webhooks.id, res.body.id));
    expect(row?.organizationId).toBe(otherOrg);
    const ownId = await register(centerAdmin, await receiver(), ['decision.made']);

    const listed = async (s: Session) =>
      (await t.http().get('/api/webhooks').set(s.auth).expect(200)).body.map((w: { id: string }) => w.id);
    expect(await listed(centerAdmin)).toEqual([ownId]);
    expect(await listed(otherAdmin)).toEqual([res.body.id]);
    expect((await listed(admin)).sort()).toEqual([ownId, res.body.id].sort());
    await t.http().get(`/api/webhooks/${ownId}/deliveries`).set(otherAdmin.auth).expect(404);
    await t.http().post(`/api/webhooks/${ownId}/test`).set(otherAdmin.auth).expect(404);
    await t.http().delete(`/api/webhooks/${ownId}`).set(otherAdmin.auth).expect(404);
    await t.http().get('/api/webhooks').set(member.auth).expect(403);
    await t.http().get(`/api/webhooks/${ownId}/deliveries`).set(centerAdmin.auth).expect(200);
  });

  it('signs as the README says: HMAC-SHA256 of timestamp.body, refused outside the replay window', () => {
    const now = 1_800_000_000_000;
    const timestamp = String(now / 1000);
    const body = '{"id":"x"}';
    const sig = signature('s3cret', timestamp, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature({ secret: 's3cret', body, timestamp, signature: sig, now })).toBe(true);
    expect(verifySignature({ secret: 'other', body, timestamp, signature: sig, now })).toBe(false);
    expect(verifySignature({ secret: 's3cret', body: `${body} `, timestamp, signature: sig, now })).toBe(
      false,
    );
    expect(verifySignature({ secret: 's3cret', body, timestamp, signature: sig, now: now + 301_000 })).toBe(
      false,
    );
    expect(verifySignature({ secret: 's3cret', body, timestamp, signature: sig, now: now + 299_000 })).toBe(
      true,
    );
  });
});
