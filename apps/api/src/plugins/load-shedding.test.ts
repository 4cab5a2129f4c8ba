import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';

// Load shedding with a threshold every process is past (1 byte of heap): requests are answered
// 503 server.overloaded with Retry-After, in the caller's language; health and readiness still answer.
let shedding: TestApp;
let normal: TestApp;

beforeAll(async () => {
  shedding = await buildTestApp({ LOAD_SHED_MAX_HEAP_BYTES: '1', LOAD_SHED_RETRY_AFTER_SECONDS: '7' });
  normal = await buildTestApp();
}, 60_000);
afterAll(async () => {
  await shedding?.close();
  await normal?.close();
});

describe('load shedding', () => {
  it('answers 503 server.overloaded with Retry-After past a threshold, and serves probes', async () => {
    const path = '/api/public/certificates/CCMM-OC-2026-9999';
    // The first memory sample is taken within a second of start.
    let res = await shedding.http().get(path).set('accept-language', 'en');
    for (let i = 0; i < 30 && res.status !== 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      res = await shedding.http().get(path).set('accept-language', 'en');
    }
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.body).toMatchObject({
      code: 'server.overloaded',
      message: 'the server is overloaded just now: try again in 7 seconds',
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    const zh = await shedding.http().get(path).set('accept-language', 'zh-CN').expect(503);
    expect(zh.body.message).toBe('服务器当前负载过高，请在 7 秒后重试');
    await shedding.http().get('/api/health').expect(200);
    await shedding.http().get('/api/ready').expect(200);
    // Below every threshold (the defaults), the same request is served.
    const served = await normal.http().get(path).expect(404);
    expect(served.body.code).toBe('certificate.not_found');
  });
});
