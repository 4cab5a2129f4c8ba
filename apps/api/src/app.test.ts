import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('first run and sign-in', () => {
  it('creates the first certification-body admin once, then answers 409', async () => {
    const first = await t
      .http()
      .post('/api/setup')
      .send({ email: 'Boss@CB.test', password: 'a-long-password', name: '管理员' })
      .expect(201);
    expect(first.body.user).toMatchObject({ role: 'cb_admin', email: 'Boss@CB.test' });
    expect(first.headers['set-cookie']?.[0]).toMatch(/ccmm_token=.*HttpOnly/i);
    const again = await t
      .http()
      .post('/api/setup')
      .send({ email: 'other@cb.test', password: 'a-long-password', name: 'x' })
      .expect(409);
    expect(again.body.code).toBe('setup.done');
  });

  it('signs in with the e-mail in any case and refuses a wrong password with a stable code', async () => {
    const ok = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'boss@cb.test', password: 'a-long-password' });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toEqual(expect.any(String));
    const bad = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'boss@cb.test', password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({
      code: 'auth.bad_credentials',
      message: '邮箱或密码不正确',
      requestId: expect.any(String),
    });
  });

  it('accepts the token from the httpOnly cookie as well as the Authorization header', async () => {
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'boss@cb.test', password: 'a-long-password' });
    const cookie = login.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    const me = await t.http().get('/api/me').set('Cookie', cookie).expect(200);
    expect(me.body.email).toBe('Boss@CB.test');
  });

  it('answers in the language asked for: 简体 by default, 繁體 and English on request', async () => {
    const zh = await t.http().get('/api/organizations').expect(401);
    expect(zh.body).toEqual({ code: 'auth.required', message: '请先登录', requestId: expect.any(String) });
    const hant = await t.http().get('/api/organizations').set('Accept-Language', 'zh-TW').expect(401);
    expect(hant.body.message).toBe('請先登入');
    const en = await t.http().get('/api/organizations').set('Accept-Language', 'en-GB,en;q=0.8').expect(401);
    expect(en.body.message).toBe('sign in first');
  });

  it('rate limits failed sign-ins for an address and e-mail', async () => {
    const limited = await buildTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3' });
    try {
      await seeder(limited).setupAdmin();
      const attempt = () =>
        limited.http().post('/api/auth/login').send({ email: 'admin@cb.test', password: 'not-the-password' });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const blocked = await attempt();
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('auth.too_many_attempts');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Even the right password waits: the point is to slow guessing down.
      const right = await limited
        .http()
        .post('/api/auth/login')
        .send({ email: 'admin@cb.test', password: 'admin-password-1' });
      expect(right.status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('the contract', () => {
  it('serves the OpenAPI document with every route and an interactive reference', async () => {
    const doc = await t.http().get('/api/docs/json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/setup',
      '/api/auth/login',
      '/api/users',
      '/api/organizations',
      '/api/assessments',
      '/api/assessments/{id}/scores',
      '/api/assessments/{id}/scores/{clause}',
      '/api/assessments/{id}/eligibility',
    ]) {
      expect(Object.keys(doc.body.paths), path).toContain(path);
    }
    const ui = await t.http().get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers an unknown route and malformed JSON with a coded 4xx, not a 500', async () => {
    const missing = await t.http().get('/api/nothing-here').expect(404);
    expect(missing.body.code).toBe('request.not_found');
    const malformed = await t
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(malformed.body.code).toBe('request.malformed');
    const invalid = await t.http().post('/api/auth/login').send({ email: 42 }).expect(400);
    expect(invalid.body.code).toBe('request.invalid');
    expect(invalid.body.issues.length).toBeGreaterThan(0);
  });
});

describe('rules every route follows', () => {
  it('refuses to start when a route does not declare who may call it', async () => {
    await expect(
      buildTestApp(
        {},
        {
          extend: async (fastify) => {
            fastify.get('/api/undeclared', async () => ({ ok: true }));
          },
        },
      ),
    ).rejects.toThrow(/does not declare who may call it/);
  });

  it('answers an unexpected failure with a 500 that reveals nothing of the cause', async () => {
    const failing = await buildTestApp(
      {},
      {
        extend: async (fastify) => {
          fastify.get('/api/explode', { config: { access: 'public' } }, async () => {
            throw new Error('connection string postgres://secret@db/internal');
          });
        },
      },
    );
    try {
      const res = await failing.http().get('/api/explode').set('Accept-Language', 'en').expect(500);
      expect(res.body).toEqual({
        code: 'internal',
        message: 'something went wrong on the server: try again later',
        requestId: res.headers['x-request-id'],
      });
      expect(res.text).not.toContain('secret');
    } finally {
      await failing.close();
    }
  });

  it('answers a full disk with 507 storage.full, and a lost database with 503, not a bare 500', async () => {
    const failing = await buildTestApp(
      {},
      {
        extend: async (fastify) => {
          // The errors the file system and PostgreSQL give, as they reach a handler.
          fastify.get('/api/disk-full', { config: { access: 'public' } }, async () => {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          });
          fastify.get('/api/pg-disk-full', { config: { access: 'public' } }, async () => {
            throw new Error('Failed query', {
              cause: Object.assign(new Error('could not extend file'), { code: '53100' }),
            });
          });
          fastify.get('/api/pg-shutdown', { config: { access: 'public' } }, async () => {
            throw Object.assign(new Error('terminating connection due to administrator command'), {
              code: '57P01',
            });
          });
        },
      },
    );
    try {
      for (const path of ['/api/disk-full', '/api/pg-disk-full']) {
        const res = await failing.http().get(path).set('Accept-Language', 'en').expect(507);
        expect(res.body).toEqual({
          code: 'storage.full',
          message: 'the server’s storage is full; nothing was saved: tell your administrator',
          requestId: res.headers['x-request-id'],
        });
      }
      const gone = await failing.http().get('/api/pg-shutdown').expect(503);
      expect(gone.body.code).toBe('database.unavailable');
      expect(gone.headers['retry-after']).toBe('5');
    } finally {
      await failing.close();
    }
  });
});
