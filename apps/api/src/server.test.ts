import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The product as a user starts it: the real server process on the embedded database.
const root = new URL('../../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
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
    const child = spawn(tsx, [serverEntry], {
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

  it('refuses to start with a wrong setting, naming it', async () => {
    const child = spawn(tsx, [serverEntry], {
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
});
