import { schema } from '@ccmm/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../../../test/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';

// Accounts people manage themselves: invitations and password resets through e-mail that
// arrives at a real SMTP server, deactivation and role changes that count at the next request.

let t: TestApp;
let smtp: TestSmtp;
let seed: ReturnType<typeof seeder>;
beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({
    SMTP_URL: smtp.url,
    PUBLIC_ORIGIN: 'https://ccmm.example',
    PASSWORD_RESETS_PER_EMAIL_PER_HOUR: '3',
  });
  seed = seeder(t);
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});
beforeEach(() => {
  smtp.messages.length = 0;
});

/** The token of the link in the latest e-mail to `to`. */
async function linkTo(to: string, path: string): Promise<string> {
  const until = Date.now() + 10_000;
  for (;;) {
    const mail = smtp.messages.findLast(
      (m) => m.to && 'text' in m.to && m.to.text.toLowerCase() === to.toLowerCase(),
    );
    const match = mail?.text?.match(new RegExp(`https://ccmm\\.example/${path}/([A-Za-z0-9_-]+)`));
    if (match?.[1]) return match[1];
    if (Date.now() > until) throw new Error(`no ${path} link for ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('invitations', () => {
  it('an invited center admin receives a working link, sets a password, is signed in, and the link then is spent', async () => {
    const admin = await seed.setupAdmin();
    const org = await seed.organization();
    const res = await t
      .http()
      .post('/api/invitations')
      .set(admin.auth)
      .send({
        email: 'Zhang@Center.example',
        name: '张伟',
        role: 'center_admin',
        organizationId: org.id,
        locale: 'en',
      })
      .expect(201);
    expect(res.body).toMatchObject({ role: 'center_admin', organizationId: org.id });
    const token = await linkTo('Zhang@Center.example', 'invitations');
    const mail = smtp.messages.at(-1);
    expect(mail?.subject).toContain('invites you');
    expect(mail?.html).toContain(`https://ccmm.example/invitations/${token}`);
    // Only the hash is stored.
    const stored = await t.database.db.select().from(schema.accountTokens);
    expect(JSON.stringify(stored)).not.toContain(token);

    const accepted = await t
      .http()
      .post(`/api/invitations/${token}/accept`)
      .send({ password: 'zhang-password-1' })
      .expect(200);
    expect(accepted.body.user).toMatchObject({ role: 'center_admin', organizationId: org.id, locale: 'en' });
    await t
      .http()
      .get('/api/me')
      .set({ Authorization: `Bearer ${accepted.body.token}` })
      .expect(200);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'zhang@center.example', password: 'zhang-password-1' })
      .expect(200);
    const again = await t
      .http()
      .post(`/api/invitations/${token}/accept`)
      .send({ password: 'another-password-1' })
      .expect(404);
    expect(again.body.code).toBe('account.link_invalid');
  });

  it('refuses an invitation link after 7 days', async () => {
    const admin = await seed.setupAdmin();
    await t
      .http()
      .post('/api/invitations')
      .set(admin.auth)
      .send({ email: 'late@auditors.example', name: '迟到', role: 'auditor' })
      .expect(201);
    const token = await linkTo('late@auditors.example', 'invitations');
    await t.database.db
      .update(schema.accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.accountTokens.email, 'late@auditors.example'));
    const res = await t
      .http()
      .post(`/api/invitations/${token}/accept`)
      .send({ password: 'late-password-1' })
      .expect(400);
    expect(res.body.code).toBe('account.link_expired');
  });

  it('lets a center admin invite only its own center’s roles', async () => {
    const org = await seed.organization();
    const other = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const member = await t
      .http()
      .post('/api/invitations')
      .set(centerAdmin.auth)
      .send({ email: 'member@own.example', name: '成员', role: 'center_member' })
      .expect(201);
    expect(member.body.organizationId).toBe(org.id);
    for (const body of [
      { email: 'x1@example.com', name: 'x', role: 'auditor' },
      { email: 'x2@example.com', name: 'x', role: 'center_member', organizationId: other.id },
      { email: 'x3@example.com', name: 'x', role: 'cb_admin' },
    ]) {
      const res = await t.http().post('/api/invitations').set(centerAdmin.auth).send(body).expect(403);
      expect(res.body.code).toBe('account.role_not_yours');
    }
    const admin = await seed.setupAdmin();
    const taken = await t
      .http()
      .post('/api/invitations')
      .set(admin.auth)
      .send({ email: 'admin@cb.test', name: 'x', role: 'auditor' })
      .expect(409);
    expect(taken.body.code).toBe('user.email_taken');
  });
});

describe('password reset', () => {
  it('works once through the e-mailed link, ends the account’s sessions, and then not again', async () => {
    const org = await seed.organization();
    const user = await seed.user('center_member', org.id);
    const me = (await t.http().get('/api/me').set(user.auth).expect(200)).body;
    await t.http().post('/api/auth/password-reset').send({ email: me.email }).expect(202);
    const token = await linkTo(me.email, 'reset-password');
    await t
      .http()
      .post(`/api/auth/password-reset/${token}`)
      .send({ password: 'brand-new-password' })
      .expect(204);
    // The old session is over; the new password signs in.
    await t.http().get('/api/me').set(user.auth).expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: me.email, password: 'brand-new-password' })
      .expect(200);
    const again = await t
      .http()
      .post(`/api/auth/password-reset/${token}`)
      .send({ password: 'yet-another-password' })
      .expect(404);
    expect(again.body.code).toBe('account.link_invalid');
  });

  it('refuses a reset link after an hour', async () => {
    const user = await seed.user('auditor');
    const me = (await t.http().get('/api/me').set(user.auth).expect(200)).body;
    await t.http().post('/api/auth/password-reset').send({ email: me.email }).expect(202);
    const token = await linkTo(me.email, 'reset-password');
    await t.database.db
      .update(schema.accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(schema.accountTokens.userId, me.id));
    const res = await t
      .http()
      .post(`/api/auth/password-reset/${token}`)
      .send({ password: 'too-late-password' })
      .expect(400);
    expect(res.body.code).toBe('account.link_expired');
  });

  it('answers the same, in about the same time, for a known and an unknown address, and mails only the known one', async () => {
    const user = await seed.user('consultant');
    const me = (await t.http().get('/api/me').set(user.auth).expect(200)).body;
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await t.http().post('/api/auth/password-reset').send({ email }).expect(202);
      return { ms: performance.now() - started, body: res.text };
    };
    const known = await timed(me.email);
    const unknown = await timed('nobody-here@example.com');
    expect(unknown.body).toBe(known.body);
    expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(150);
    await linkTo(me.email, 'reset-password');
    const outbox = await t.database.db.select().from(schema.outbox);
    expect(outbox.some((m) => m.recipient === 'nobody-here@example.com')).toBe(false);
  });

  it('limits requests per e-mail address, known or not (429)', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/auth/password-reset').send({ email: 'spam-target@example.com' }).expect(202);
    }
    const res = await t
      .http()
      .post('/api/auth/password-reset')
      .send({ email: 'SPAM-target@example.com' })
      .expect(429);
    expect(res.body.code).toBe('account.too_many_requests');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('changing one’s password and deactivating or changing an account', () => {
  it('changing one’s password ends one’s other sessions, not this one', async () => {
    const user = await seed.user('auditor');
    const me = (await t.http().get('/api/me').set(user.auth).expect(200)).body;
    const password = me.email.replace(/^auditor-(\d+)@.*$/, 'password-$1-long');
    const other = await t.http().post('/api/auth/login').send({ email: me.email, password }).expect(200);
    const wrong = await t
      .http()
      .post('/api/me/password')
      .set(user.auth)
      .send({ currentPassword: 'not-it', password: 'changed-password-1' })
      .expect(400);
    expect(wrong.body.code).toBe('account.wrong_password');
    await t
      .http()
      .post('/api/me/password')
      .set(user.auth)
      .send({ currentPassword: password, password: 'changed-password-1' })
      .expect(204);
    await t.http().get('/api/me').set(user.auth).expect(200);
    await t
      .http()
      .get('/api/me')
      .set({ Authorization: `Bearer ${other.body.token}` })
      .expect(401);
  });

  it('a deactivated user’s token is refused at the next request, and a lowered role carries its rights at once', async () => {
    const org = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const member = await seed.user('center_admin', org.id);
    await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(member.auth)
      .send({ region: '华南' })
      .expect(200);
    const lowered = await t
      .http()
      .patch(`/api/users/${member.id}`)
      .set(centerAdmin.auth)
      .send({ role: 'center_member' })
      .expect(200);
    expect(lowered.body.role).toBe('center_member');
    await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(member.auth)
      .send({ region: '华北' })
      .expect(403);
    await t.http().patch(`/api/users/${member.id}`).set(centerAdmin.auth).send({ active: false }).expect(200);
    const refused = await t.http().get('/api/me').set(member.auth).expect(401);
    expect(refused.body.code).toBe('auth.invalid_token');
    // Reactivated: the old sessions stay ended.
    await t.http().patch(`/api/users/${member.id}`).set(centerAdmin.auth).send({ active: true }).expect(200);
    await t.http().get('/api/me').set(member.auth).expect(401);
  });

  it('lets a center admin change only its own center’s users, to center roles, and nobody themselves', async () => {
    const org = await seed.organization();
    const other = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const member = await seed.user('center_member', org.id);
    const stranger = await seed.user('center_member', other.id);
    await t
      .http()
      .patch(`/api/users/${stranger.id}`)
      .set(centerAdmin.auth)
      .send({ active: false })
      .expect(404);
    const up = await t
      .http()
      .patch(`/api/users/${member.id}`)
      .set(centerAdmin.auth)
      .send({ role: 'cb_admin' })
      .expect(403);
    expect(up.body.code).toBe('account.role_not_yours');
    const self = await t
      .http()
      .patch(`/api/users/${centerAdmin.id}`)
      .set(centerAdmin.auth)
      .send({ active: false })
      .expect(403);
    expect(self.body.code).toBe('account.not_yourself');
    const admin = await seed.setupAdmin();
    await t.http().patch(`/api/users/${stranger.id}`).set(admin.auth).send({ active: false }).expect(200);
    await t.http().get('/api/me').set(stranger.auth).expect(401);
  });
});
