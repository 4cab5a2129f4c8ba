import { createHmac, randomUUID } from 'node:crypto';
import { schema } from '@ccmm/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';

// Every request acts on the user as the database has them now, and a token can be revoked.
// Each case changes the user behind a token the way the probe did, in the database itself.

const JWT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256-signing';
const { users, sessions } = schema;

let t: TestApp;
let seed: ReturnType<typeof seeder>;
beforeAll(async () => {
  t = await buildTestApp({ JWT_SECRET });
  seed = seeder(t);
});
afterAll(async () => t.close());

/** A token signed with the server's own secret, as an attacker who had it would make one. */
function forgeToken(payload: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  const signature = createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

function claims(token: string): { sub: string; sid: string; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('a token acts on the user as they are now', () => {
  it('is refused once its user is deleted: a removed admin can no longer list users or create organizations', async () => {
    const admin = await seed.setupAdmin();
    const removed = await seed.user('cb_admin');
    await t.http().get('/api/users').set(removed.auth).expect(200);
    await t.database.db.delete(users).where(eq(users.id, removed.id));
    const list = await t.http().get('/api/users').set(removed.auth).expect(401);
    expect(list.body.code).toBe('auth.invalid_token');
    await t
      .http()
      .post('/api/organizations')
      .set(removed.auth)
      .send({ name: '不该出现的中心', operatingSince: '2020-01-01' })
      .expect(401);
    const names = (await t.http().get('/api/organizations').set(admin.auth).expect(200)).body.map(
      (o: { name: string }) => o.name,
    );
    expect(names).not.toContain('不该出现的中心');
  });

  it('carries the lowered role from the next request: a center admin made a member cannot change its organization', async () => {
    const org = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(centerAdmin.auth)
      .send({ region: '华南' })
      .expect(200);
    await t.database.db.update(users).set({ role: 'center_member' }).where(eq(users.id, centerAdmin.id));
    const refused = await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(centerAdmin.auth)
      .send({ region: '华北' })
      .expect(403);
    expect(refused.body.code).toBe('auth.forbidden');
  });

  it('follows a user moved to another organization: the old one is no longer theirs to read', async () => {
    const oldOrg = await seed.organization();
    const newOrg = await seed.organization();
    const member = await seed.user('center_member', oldOrg.id);
    await t.http().get(`/api/organizations/${oldOrg.id}`).set(member.auth).expect(200);
    await t.database.db.update(users).set({ organizationId: newOrg.id }).where(eq(users.id, member.id));
    await t.http().get(`/api/organizations/${oldOrg.id}`).set(member.auth).expect(404);
    await t.http().get(`/api/organizations/${newOrg.id}`).set(member.auth).expect(200);
  });

  it('refuses the tokens of a deactivated user, and the user cannot sign in again', async () => {
    const org = await seed.organization();
    const member = await seed.user('center_member', org.id);
    const me = (await t.http().get('/api/me').set(member.auth).expect(200)).body;
    await t.database.db.update(users).set({ active: false }).where(eq(users.id, member.id));
    expect((await t.http().get('/api/me').set(member.auth).expect(401)).body.code).toBe('auth.invalid_token');
    // The seeder's users sign in with password-<n>-long, n from their e-mail.
    const n = /-(\d+)@/.exec(me.email)?.[1];
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: me.email, password: `password-${n}-long` })
      .expect(401);
    expect(login.body.code).toBe('auth.account_inactive');
  });

  it('uses the language the user chose since the token was issued', async () => {
    const member = await seed.user('cb_reviewer');
    await t.http().patch('/api/me').set(member.auth).send({ locale: 'en' }).expect(200);
    const refused = await t.http().post('/api/organizations').set(member.auth).send({}).expect(403);
    expect(refused.body.message).toBe('your role may not do this');
  });
});

describe('signing out and revocation', () => {
  it('ends the session on logout: the same bearer token is refused, another session of the user goes on', async () => {
    const org = await seed.organization();
    const first: Session = await seed.user('center_admin', org.id);
    const me = (await t.http().get('/api/me').set(first.auth).expect(200)).body;
    const n = /-(\d+)@/.exec(me.email)?.[1];
    const second = (
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: me.email, password: `password-${n}-long` })
        .expect(200)
    ).body.token as string;
    await t.http().post('/api/auth/logout').set(first.auth).expect(204);
    expect((await t.http().get('/api/me').set(first.auth).expect(401)).body.code).toBe('auth.invalid_token');
    await t.http().get('/api/me').set(bearer(second)).expect(200);
    const [ended] = await t.database.db
      .select({ reason: sessions.endedReason })
      .from(sessions)
      .where(eq(sessions.id, claims(first.token).sid));
    expect(ended?.reason).toBe('logout');
  });

  it('refuses a session past its expiry even when the token itself has not expired', async () => {
    const reviewer = await seed.user('cb_reviewer');
    await t.database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, claims(reviewer.token).sid));
    await t.http().get('/api/me').set(reviewer.auth).expect(401);
  });

  it('keeps the session across a change of name or language (the token it answers with still works)', async () => {
    const reviewer = await seed.user('cb_reviewer');
    const changed = await t.http().patch('/api/me').set(reviewer.auth).send({ name: '新名字' }).expect(200);
    expect(changed.body.token).toBe(reviewer.token);
    expect((await t.http().get('/api/me').set(reviewer.auth).expect(200)).body.name).toBe('新名字');
  });
});

describe('tokens that are not ours', () => {
  it('refuses a correctly signed token without an expiry', async () => {
    const admin = await seed.setupAdmin();
    const { sub, sid } = claims(admin.token);
    const res = await t
      .http()
      .get('/api/me')
      .set(bearer(forgeToken({ sub, sid })))
      .expect(401);
    expect(res.body.code).toBe('auth.invalid_token');
    // The same claims with an expiry pass: the refusal above is for the missing exp alone.
    const exp = Math.floor(Date.now() / 1000) + 600;
    await t
      .http()
      .get('/api/me')
      .set(bearer(forgeToken({ sub, sid, exp })))
      .expect(200);
  });

  it('refuses a correctly signed token naming an unknown user or session', async () => {
    const admin = await seed.setupAdmin();
    const exp = Math.floor(Date.now() / 1000) + 600;
    const { sid } = claims(admin.token);
    await t
      .http()
      .get('/api/me')
      .set(bearer(forgeToken({ sub: randomUUID(), sid, exp })))
      .expect(401);
    await t
      .http()
      .get('/api/me')
      .set(bearer(forgeToken({ sub: admin.id, sid: randomUUID(), exp })))
      .expect(401);
    await t
      .http()
      .get('/api/me')
      .set(bearer(forgeToken({ sub: 'not-a-uuid', sid: 'x', exp })))
      .expect(401);
  });

  it('refuses a token expired, signed with another key or malformed, and asks for a sign-in when none is given', async () => {
    const admin = await seed.setupAdmin();
    const { sub, sid } = claims(admin.token);
    const now = Math.floor(Date.now() / 1000);
    const refused = async (headers: Record<string, string>) =>
      (await t.http().get('/api/me').set(headers).expect(401)).body.code;
    expect(await refused(bearer(forgeToken({ sub, sid, exp: now - 60 })))).toBe('auth.invalid_token');
    const [head, body] = forgeToken({ sub, sid, exp: now + 600 }).split('.');
    const otherKey = createHmac('sha256', 'another-secret').update(`${head}.${body}`).digest('base64url');
    expect(await refused(bearer(`${head}.${body}.${otherKey}`))).toBe('auth.invalid_token');
    expect(await refused(bearer('not.a.token'))).toBe('auth.invalid_token');
    expect(await refused({ Authorization: 'Bearer' })).toBe('auth.required');
    expect(await refused({})).toBe('auth.required');
    // The same token as the web app's cookie is taken as well as a bearer header.
    await t.http().get('/api/me').set('Cookie', `ccmm_token=${admin.token}`).expect(200);
  });

  it('refuses an old-style token that carried a role instead of a session', async () => {
    const admin = await seed.setupAdmin();
    const exp = Math.floor(Date.now() / 1000) + 600;
    const legacy = forgeToken({ sub: admin.id, role: 'cb_admin', org: null, locale: 'zh-Hans', exp });
    await t.http().get('/api/users').set(bearer(legacy)).expect(401);
  });
});
