import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../../../test/app.ts';
import { loadConfig } from '../../config.ts';

// The probe's bypass: with trustProxy on, every X-Forwarded-For value was a fresh address.
// Here the header is spoofed again, on a server that trusts no proxy and on one behind a
// trusted hop.

const RIGHT = 'admin-password-1';
const login = (t: TestApp, email: string, password: string, forwardedFor?: string) => {
  const req = t.http().post('/api/auth/login');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password });
};

describe('without TRUST_PROXY (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3', LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '8' });
    await seeder(t).setupAdmin();
  });
  afterAll(async () => t.close());

  it('keeps an address locked out whatever X-Forwarded-For it sends, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t, 'admin@cb.test', 'wrong')).status).toBe(401);
    for (let i = 0; i < 30; i++) {
      const res = await login(t, 'admin@cb.test', 'wrong', `203.0.113.${i + 1}`);
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('auth.too_many_attempts');
    }
    const right = await login(t, 'admin@cb.test', RIGHT, '198.51.100.7');
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits one address across e-mails too (password spraying)', async () => {
    const sprayer = await buildTestApp({
      LOGIN_ATTEMPTS_PER_MINUTE: '3',
      LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '5',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await login(sprayer, `user${i}@cb.test`, 'Spring2026!')).status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    } finally {
      await sprayer.close();
    }
  });

  it('lets no burst of simultaneous guesses past the limit', async () => {
    const burst = await buildTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3' });
    try {
      await seeder(burst).setupAdmin();
      const statuses = (
        await Promise.all(Array.from({ length: 20 }, () => login(burst, 'admin@cb.test', 'wrong')))
      ).map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(17);
    } finally {
      await burst.close();
    }
  });
});

describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3', TRUST_PROXY: '1' });
    await seeder(t).setupAdmin();
  });
  afterAll(async () => t.close());

  it('counts the client address the proxy reports: one client locked out, another still signs in', async () => {
    for (let i = 0; i < 3; i++)
      expect((await login(t, 'admin@cb.test', 'wrong', '203.0.113.9')).status).toBe(401);
    expect((await login(t, 'admin@cb.test', RIGHT, '203.0.113.9')).status).toBe(429);
    expect((await login(t, 'admin@cb.test', RIGHT, '198.51.100.20')).status).toBe(200);
  });

  it('believes only the last hop: a client cannot prepend addresses of its own', async () => {
    // The proxy appends the real client; anything before it came from the client.
    for (let i = 0; i < 3; i++) {
      expect((await login(t, 'admin@cb.test', 'wrong', `10.9.9.${i}, 192.0.2.50`)).status).toBe(401);
    }
    expect((await login(t, 'admin@cb.test', 'wrong', '10.9.9.77, 192.0.2.50')).status).toBe(429);
  });
});

describe('the TRUST_PROXY setting', () => {
  const parse = (value: string) => loadConfig({ TRUST_PROXY: value }, '/tmp').trustProxy;

  it('reads a hop count, a list of proxy addresses, or off', () => {
    expect(parse('2')).toBe(2);
    expect(parse('127.0.0.1, 10.0.0.0/8')).toBe('127.0.0.1,10.0.0.0/8');
    expect(parse('false')).toBe(false);
    expect(loadConfig({}, '/tmp').trustProxy).toBe(false);
  });

  it('refuses "true" (every client could choose its address) and anything that is not an address', () => {
    expect(() => parse('true')).toThrow(/TRUST_PROXY/);
    expect(() => parse('proxy.example.com')).toThrow(/TRUST_PROXY/);
  });
});

describe('behind the web app', () => {
  const webKey = 'the-key-server-ts-made-at-start-up';
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '2' }, { webKey });
    await seeder(t).setupAdmin();
  });
  afterAll(async () => t.close());

  const viaWeb = (browser: string, password: string, key = webKey) =>
    t
      .http()
      .post('/api/auth/login')
      .set('x-ccmm-web-key', key)
      .set('x-ccmm-client-address', browser)
      .send({ email: 'admin@cb.test', password });

  it('counts each browser the web app forwards with its key, not the web server’s one address', async () => {
    for (let i = 0; i < 2; i++) expect((await viaWeb('192.0.2.1', 'wrong')).status).toBe(401);
    expect((await viaWeb('192.0.2.1', RIGHT)).status).toBe(429);
    expect((await viaWeb('192.0.2.2', RIGHT)).status).toBe(200);
  });

  it('ignores a forwarded address without the right key', async () => {
    for (let i = 0; i < 2; i++)
      expect((await viaWeb(`192.0.2.${10 + i}`, 'wrong', 'guessed')).status).toBe(401);
    // Both counted against the connection's own address, which is now locked.
    expect((await viaWeb('192.0.2.99', RIGHT, 'guessed')).status).toBe(429);
  });
});
