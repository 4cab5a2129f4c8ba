import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { loadConfig } from './config.ts';
import { serverOptions } from './server-options.ts';

// What the HTTP parser refuses never reaches Fastify's error handler: these requests go over a
// real socket to the listening server, as a client's would.

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Writes `request` as is and reads the answer until the server closes the connection. */
function rawRequest(port: number, request: string, { send = true } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      if (send) socket.write(request);
      else socket.write(request.slice(0, request.length - 4)); // the headers never end
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

function portOf(fastify: FastifyInstance): number {
  const address = fastify.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return address.port;
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await t.fastify.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => t?.close());

describe('requests the HTTP parser refuses', () => {
  it('answers a 20 KB query string with 431 request.headers_too_large as {code, message}, in Chinese and English', async () => {
    const res = await rawRequest(
      portOf(t.fastify),
      `GET /api/organizations?q=${'x'.repeat(20 * 1024)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(JSON.parse(res.body)).toEqual({
      code: 'request.headers_too_large',
      message: '请求头或地址过长 / the request headers or URL are too large',
    });
  });

  it('answers a request line that is not HTTP with 400 request.bad_http', async () => {
    const res = await rawRequest(portOf(t.fastify), 'HELLO THERE\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'request.bad_http', message: expect.any(String) });
  });

  it('still serves requests of ordinary size over the same server', async () => {
    const res = await t.http().get(`/api/public/directory?q=${'x'.repeat(4 * 1024)}`);
    expect(res.status).toBe(200);
  });
});

describe('URLs the router refuses', () => {
  it('answers a path segment over the length of any id with 414 request.url_too_long, without echoing it', async () => {
    const res = await t
      .http()
      .get(`/api/organizations/${'a'.repeat(2000)}`)
      .set('Accept-Language', 'en');
    expect(res.status).toBe(414);
    expect(res.body).toEqual({
      code: 'request.url_too_long',
      message: 'a part of the URL is too long',
      requestId: expect.any(String),
    });
  });

  it('answers a path segment that is not valid percent-encoding with 400 request.bad_url', async () => {
    const res = await t.http().get('/api/organizations/%E4%B8');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'request.bad_url',
      message: '地址中有无法解码的部分',
      requestId: expect.any(String),
    });
  });
});

describe('a request too slow to arrive', () => {
  let slow: FastifyInstance;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ccmm-slow-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, process.cwd());
    // The product's options with Node's timeouts shortened, so the test need not wait minutes.
    slow = Fastify({
      ...serverOptions(config),
      requestTimeout: 200,
      http: { headersTimeout: 200, connectionsCheckingInterval: 50 },
    });
    slow.get('/', async () => ({ ok: true }));
    await slow.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await slow?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is answered 408 request.timeout as {code, message}', async () => {
    const res = await rawRequest(portOf(slow), 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', { send: false });
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'request.timeout', message: expect.any(String) });
  });
});
