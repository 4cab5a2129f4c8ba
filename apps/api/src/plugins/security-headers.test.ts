import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';

// The headers of every API answer; the web app's pages: apps/web/tests/security-headers.test.ts.
let plain: TestApp;
let https: TestApp;
beforeAll(async () => {
  const extend = async (fastify: TestApp['fastify']) => {
    fastify.get('/api/test-pdf', { config: { access: 'public' } }, async (_request, reply) =>
      reply.type('application/pdf').send(Buffer.from('%PDF-1.7\n')),
    );
  };
  plain = await buildTestApp({}, { extend });
  https = await buildTestApp({ PUBLIC_ORIGIN: 'https://ccmm.example.com' });
});
afterAll(async () => {
  await plain?.close();
  await https?.close();
});

function expectCommonHeaders(headers: Record<string, string>) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
}

describe('security headers', () => {
  it('are on an API answer, with a policy that lets nothing run or load', async () => {
    const res = await plain.http().get('/api/health').expect(200);
    expectCommonHeaders(res.headers);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    // PUBLIC_ORIGIN is http: no HSTS, or a browser would refuse the plain-http address for a year.
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('are on error answers too (401, 404, 400)', async () => {
    for (const [path, status] of [
      ['/api/me', 401],
      ['/api/nothing-here', 404],
      ['/api/organizations?limit=nope', 401],
    ] as const) {
      const res = await plain.http().get(path);
      expect(res.status).toBe(status);
      expectCommonHeaders(res.headers);
    }
    const bad = await plain.http().post('/api/auth/login').set('content-type', 'application/json').send('{');
    expect(bad.status).toBe(400);
    expectCommonHeaders(bad.headers);
  });

  it('send HSTS and the opener policy only when PUBLIC_ORIGIN is https', async () => {
    const res = await https.http().get('/api/health').expect(200);
    expectCommonHeaders(res.headers);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('give the API reference a policy for its own scripts, no inline script', async () => {
    const page = await plain.http().get('/api/docs/').expect(200);
    expectCommonHeaders(page.headers);
    const csp = page.headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    // Every script the page names is its own file, served.
    for (const src of page.text.matchAll(/<script src="([^"]+)"/g)) {
      await plain
        .http()
        .get(new URL(src[1] ?? '', 'http://x/api/docs/').pathname)
        .expect(200);
    }
  });

  it('let a PDF opened in a tab be drawn by the browser, still never framed', async () => {
    const res = await plain.http().get('/api/test-pdf').expect(200);
    expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
