import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get as httpGet, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The product as a user starts it: the real server process on the embedded database.
const root = new URL('../../../', import.meta.url).pathname;
/**
 * Node itself with tsx's loader, as `pnpm start` runs it: the tsx command would put a process of
 * its own in front, which relays SIGTERM only if the server acknowledges it within 30 ms and
 * SIGKILLs it otherwise (under load it does not), cutting every request in flight.
 */
const node = [process.execPath, '--import', 'tsx'] as const;
const serverEntry = new URL('./server.ts', import.meta.url).pathname;

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ccmm-server-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

function start(env: Record<string, string>): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(node[0], [...node.slice(1), serverEntry], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /on (http:\/\/localhost:\d+)/.exec(output);
      if (m?.[1]) resolve({ child, url: m[1], output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/**
 * A POST whose body is sent in two halves: the first at once, the second once `later()` resolves
 * (a slow client, in flight across the moment the server is told to stop).
 */
function trickle(
  port: number,
  path: string,
  body: string,
  later: () => Promise<void>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    later().then(() => req.end(body.slice(half)), reject);
  });
}

/** A GET through `agent` (one kept-alive connection). */
function get(
  agent: Agent,
  port: number,
  path: string,
): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path, agent }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    }).on('error', reject);
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('the server process', () => {
  it('keeps every record across a clean stop (Ctrl-C) and a restart on the embedded database', async () => {
    const first = await start({});
    const setup = await fetch(`${first.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@cb.test', password: 'restart-password', name: 'Admin' }),
    });
    expect(setup.status).toBe(201);
    const exited = exitOf(first.child);
    first.child.kill('SIGINT');
    expect(await exited).toBe(0);

    const second = await start({});
    try {
      const login = await fetch(`${second.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@cb.test', password: 'restart-password' }),
      });
      expect(login.status).toBe(200);
      const again = await fetch(`${second.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x@cb.test', password: 'restart-password', name: 'X' }),
      });
      expect(again.status).toBe(409);
    } finally {
      const done = exitOf(second.child);
      second.child.kill('SIGTERM');
      expect(await done).toBe(0);
    }
  }, 90_000);

  it('on SIGTERM drains the requests in flight (none cut off), refuses new ones, closes the database, exits 0', async () => {
    const server = await start({ DATA_DIR: `${dataDir}-drain` });
    const exited = exitOf(server.child);
    try {
      const setup = await fetch(`${server.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@drain.test', password: 'drain-password', name: 'Admin' }),
      });
      expect(setup.status).toBe(201);
      const credentials = JSON.stringify({ email: 'admin@drain.test', password: 'drain-password' });
      // Slow requests: sign-ins whose body arrives in two halves, the second after the SIGTERM.
      const { port } = new URL(server.url);
      let release = () => {};
      const signalled = new Promise<void>((resolve) => {
        release = resolve;
      });
      const trickled = Array.from({ length: 3 }, () =>
        trickle(Number(port), '/api/auth/login', credentials, () => signalled),
      );
      // A client holding a kept-alive connection open across the signal.
      const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
      expect((await get(keepAlive, Number(port), '/api/ready')).status).toBe(200);
      // And a burst of requests in flight at the signal: the signed-in user, and the API document.
      const token = ((await setup.json()) as { token: string }).token;
      const burst = Array.from({ length: 40 }, (_, i) =>
        fetch(`${server.url}${i % 4 === 0 ? '/api/docs/json' : '/api/me'}`, {
          headers: { authorization: `Bearer ${token}` },
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> })),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      server.child.kill('SIGTERM');
      await expect
        .poll(() => server.output(), { timeout: 10_000 })
        .toContain('no longer accepting connections');
      // A new connection opened after the signal is refused (fetch's pool would reuse an open one,
      // which is still answered, each answer then closing it).
      await expect(
        new Promise((resolve, reject) =>
          connect(Number(port), '127.0.0.1', () => resolve('connected')).on('error', reject),
        ),
      ).rejects.toThrow(/ECONNREFUSED/);
      // On the open connection the server still answers, but is not ready (a load balancer looks
      // elsewhere), and closes the connection after the answer.
      const notReady = await get(keepAlive, Number(port), '/api/ready');
      expect(notReady.status).toBe(503);
      expect(JSON.parse(notReady.body).code).toBe('server.shutting_down');
      expect(notReady.headers.connection).toBe('close');
      // The slow clients send the rest of their bodies only now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();

      for (const result of await Promise.all(burst)) {
        expect(result.status).toBe(200);
        expect(result.body.email ?? result.body.openapi).toBeTypeOf('string');
      }
      for (const result of await Promise.all(trickled)) {
        expect(result.status).toBe(200);
        expect(JSON.parse(result.body).token).toBeTypeOf('string');
      }
      expect(await exited).toBe(0);
      expect(server.output()).toContain('SIGTERM: closing');
      expect(server.output()).toContain('closed: every request answered, the database closed');
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await rm(`${dataDir}-drain`, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to start with a wrong setting, naming it', async () => {
    const child = spawn(node[0], [...node.slice(1), serverEntry], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', DATA_DIR: dataDir, DATABASE_URL: 'mysql://nope' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    expect(await exitOf(child)).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('refuses to start on DATABASE_URL without JWT_SECRET and SIGNING_KEY, naming both', async () => {
    const child = spawn(node[0], [...node.slice(1), serverEntry], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: 'postgres://127.0.0.1:1/none',
        JWT_SECRET: '',
        SIGNING_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    expect(await exitOf(child)).toBe(1);
    expect(stderr).toContain('JWT_SECRET: required with DATABASE_URL');
    expect(stderr).toContain('SIGNING_KEY: required with DATABASE_URL');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
