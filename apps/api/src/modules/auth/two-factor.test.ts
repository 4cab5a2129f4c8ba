import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../../../test/app.ts';
import { base32Decode, hotp, stepAt } from './totp.ts';

// Two-step sign-in through the API as an authenticator app is used: set up with the QR code's
// secret, confirmed with a code; sign-in then needs a current code (each good once) or a
// recovery code (each good once); a role listed in TOTP_REQUIRED_ROLES can do nothing until set up.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
const PASSWORD = 'reviewer-password-1';

beforeAll(async () => {
  t = await buildTestApp({ TOTP_REQUIRED_ROLES: 'cb_reviewer' });
  seed = seeder(t);
});
afterAll(async () => t.close());

/** The code an authenticator shows `steps` steps from now. */
const codeOf = (secret: string, steps = 0) => hotp(base32Decode(secret), stepAt(Date.now()) + steps);

async function userWith(role: 'auditor' | 'cb_reviewer', email: string) {
  const admin = await seed.setupAdmin();
  await t
    .http()
    .post('/api/users')
    .set(admin.auth)
    .send({ email, name: '两步', password: PASSWORD, role })
    .expect(201);
  const login = await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { email, auth: { Authorization: `Bearer ${login.body.token}` } };
}

const login = (email: string, code?: string) =>
  t
    .http()
    .post('/api/auth/login')
    .send({ email, password: PASSWORD, ...(code ? { code } : {}) });

describe('two-step sign-in', () => {
  let secret = '';
  let recovery: string[] = [];
  const email = 'auditor-2fa@test.example';

  it('is set up from the QR code’s secret and confirmed with a code from the app', async () => {
    const user = await userWith('auditor', email);
    const started = await t.http().post('/api/me/two-factor').set(user.auth).expect(200);
    secret = started.body.secret;
    expect(started.body.uri).toContain(`secret=${secret}`);
    expect(started.body.qrSvg).toMatch(/^<svg/);
    // Not on yet: the password alone still signs in.
    await login(email).expect(200);
    const wrong = await t.http().post('/api/me/two-factor/confirm').set(user.auth).send({ code: '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'auth.two_factor_code_invalid']);
    const confirmed = await t
      .http()
      .post('/api/me/two-factor/confirm')
      .set(user.auth)
      .send({ code: codeOf(secret) })
      .expect(200);
    recovery = confirmed.body.recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect((await t.http().get('/api/me').set(user.auth).expect(200)).body.twoFactor).toBe(true);
  });

  it('then asks for the code after a right password, and takes each code once', async () => {
    const bare = await login(email).expect(401);
    expect(bare.body.code).toBe('auth.two_factor_code_required');
    const wrong = await login(email, '123456').expect(401);
    expect(wrong.body.code).toBe('auth.two_factor_code_invalid');
    // The code of the next step (a clock a little ahead) is good; the confirmation used this one.
    const next = codeOf(secret, 1);
    await login(email, next).expect(200);
    const replay = await login(email, next).expect(401);
    expect(replay.body.code).toBe('auth.two_factor_code_invalid');
    // A wrong password never reveals that the account has two-step sign-in.
    const badPassword = await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: 'not the password' })
      .expect(401);
    expect(badPassword.body.code).toBe('auth.bad_credentials');
  });

  it('takes a recovery code once instead of the app’s code', async () => {
    const [first] = recovery;
    await login(email, first?.toLowerCase()).expect(200);
    await login(email, first).expect(401);
  });

  it('is turned off only with a code', async () => {
    const session = await login(email, recovery[1]).expect(200);
    const auth = { Authorization: `Bearer ${session.body.token}` };
    await t.http().delete('/api/me/two-factor').set(auth).send({ code: '999999' }).expect(400);
    await t.http().delete('/api/me/two-factor').set(auth).send({ code: recovery[2] }).expect(204);
    await login(email).expect(200);
  });

  it('a required role can only set it up until it has, then works as usual and cannot turn it off', async () => {
    const reviewer = await userWith('cb_reviewer', 'reviewer-2fa@test.example');
    const blocked = await t.http().get('/api/organizations').set(reviewer.auth).expect(403);
    expect(blocked.body.code).toBe('auth.two_factor_required');
    await t.http().get('/api/me').set(reviewer.auth).expect(200);
    const started = await t.http().post('/api/me/two-factor').set(reviewer.auth).expect(200);
    await t
      .http()
      .post('/api/me/two-factor/confirm')
      .set(reviewer.auth)
      .send({ code: codeOf(started.body.secret) })
      .expect(200);
    await t.http().get('/api/organizations').set(reviewer.auth).expect(200);
    const off = await t
      .http()
      .delete('/api/me/two-factor')
      .set(reviewer.auth)
      .send({ code: codeOf(started.body.secret, 1) })
      .expect(403);
    expect(off.body.code).toBe('auth.two_factor_mandatory');
  });
});
