import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { serverUrl, uniqueName, withDatabase } from './database.ts';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** What the server wrote so far (its log), for a failing test's message. */
  readonly output: () => string;
  /** SIGTERM, then the data directory (or the PostgreSQL database) is removed. */
  readonly stop: () => Promise<void>;
}

/**
 * The real server (`npm start`'s src/server.ts) as its own process on a free loopback port, on a
 * fresh embedded database, or on a new database of TEST_DATABASE_URL's server: for the tests of
 * clients that talk to it over HTTP (the generated client, the CLI).
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ccmm-server-'));
  let database: string | null = null;
  if (serverUrl) {
    database = uniqueName('ccmm_server');
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${database}"`);
    await admin.end();
  }
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: API_DIR,
    env: {
      ...inherited,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PUBLIC_ORIGIN: 'http://127.0.0.1',
      ...(database && serverUrl ? { DATABASE_URL: withDatabase(serverUrl, database) } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const cleanUp = async () => {
    await rm(dataDir, { recursive: true, force: true });
    if (database && serverUrl) {
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
      await admin.end();
    }
  };
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const port = /CC-CMM platform on http:\/\/localhost:(\d+)/.exec(output)?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) =>
        reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
      );
    });
    return { origin, output: () => output, stop: async () => stop(child).then(cleanUp) };
  } catch (error) {
    await stop(child);
    await cleanUp();
    throw error;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
