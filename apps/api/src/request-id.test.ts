import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';

// A request id in every log line of a request and in every error body (and the x-request-id
// header of every answer), an incoming x-request-id kept only when it is a sane token.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  const logStream = new PassThrough();
  let pending = '';
  logStream.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line) lines.push(JSON.parse(line));
  });
  t = await buildTestApp(
    {},
    {
      logStream,
      extend: async (fastify) => {
        fastify.get('/api/test-crash', { config: { access: 'public' } }, async (request) => {
          request.log.info('about to fail');
          throw new Error('boom');
        });
      },
    },
  );
});
afterAll(async () => t?.close());

describe('request ids', () => {
  it('a fresh id when none is sent: in the error body and the header', async () => {
    const res = await t.http().get('/api/me').expect(401);
    expect(res.body.requestId).toMatch(UUID);
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
    const other = await t.http().get('/api/me').expect(401);
    expect(other.body.requestId).not.toBe(res.body.requestId);
  });

  it('keeps an incoming x-request-id that is a sane token', async () => {
    for (const id of [
      'abc-123',
      '0af7651916cd43dd8448eb211c80319c',
      'Root=1-67891233-abcdef012345678912345678',
    ]) {
      const res = await t.http().get('/api/me').set('x-request-id', id).expect(401);
      expect(res.body.requestId).toBe(id);
      expect(res.headers['x-request-id']).toBe(id);
    }
  });

  it('replaces one that is not (spaces, quotes, markup, too long)', async () => {
    for (const id of ['two words', '"quoted"', '<script>', 'a'.repeat(129), 'x;y', 'ünï']) {
      const res = await t.http().get('/api/me').set('x-request-id', id).expect(401);
      expect(res.body.requestId).toMatch(UUID);
      expect(res.headers['x-request-id']).toBe(res.body.requestId);
    }
  });

  it('is in every kind of error body: not found, invalid, malformed, a bad URL, a failure', async () => {
    const cases = [
      t.http().get('/api/nothing-here').expect(404),
      t.http().post('/api/auth/login').send({ email: 1 }).expect(400),
      t.http().post('/api/auth/login').set('content-type', 'application/json').send('{').expect(400),
      t.http().get('/api/organizations/%zz').expect(400),
      t.http().get('/api/test-crash').expect(500),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.body.code, JSON.stringify(res.body)).toBeTypeOf('string');
      expect(res.body.requestId).toMatch(UUID);
      expect(res.headers['x-request-id']).toBe(res.body.requestId);
    }
  });

  it('is on an answer that succeeds too (header only: the body is the route’s)', async () => {
    const res = await t.http().get('/api/health').set('x-request-id', 'ok-1').expect(200);
    expect(res.headers['x-request-id']).toBe('ok-1');
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is in every log line of a request, the failure’s included', async () => {
    const from = lines.length;
    const res = await t.http().get('/api/test-crash').set('x-request-id', 'trace-me-42').expect(500);
    expect(res.body).toMatchObject({ code: 'internal', requestId: 'trace-me-42' });
    await t.http().get('/api/me').set('x-request-id', 'trace-me-43').expect(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const mine = lines.slice(from).filter((l) => !/job|outbox/.test(String(l.msg)));
    const ids = mine.map((l) => l.requestId);
    expect(ids.filter((id) => id === 'trace-me-42').length).toBeGreaterThanOrEqual(4);
    expect(mine.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'about to fail', 'unhandled error', 'request completed']),
    );
    expect(ids.filter((id) => id === 'trace-me-43').length).toBeGreaterThanOrEqual(2);
    for (const line of mine) expect(line.requestId, JSON.stringify(line)).toMatch(/^trace-me-4[23]$/);
  });
});
