import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './client.ts';
import { DataDirectoryError, DataDirectoryInUseError } from './data-dir-lock.ts';
import { runScript, type Script } from './testing/processes.ts';

// One data directory for the whole file: a new one costs an initdb (3–5 s), a reopen 0.5 s.
const root = mkdtempSync(join(tmpdir(), 'ccmm-db-'));
const dataDir = join(root, 'pglite');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  const database = await openDatabase({ dataDir });
  await database.db.execute(sql`create table commits (n integer not null, pid integer)`);
  await database.close();
}, 120_000);

/** The first row of a query (db.execute's result type is left to the driver: PGlite's has rows). */
async function firstRow<T>(database: DatabaseHandle, query: SQL): Promise<T | undefined> {
  const result = (await database.db.execute(query)) as { rows: T[] };
  return result.rows[0];
}

async function count(database: DatabaseHandle): Promise<number | undefined> {
  return (await firstRow<{ n: number }>(database, sql`select count(*)::int as n from commits`))?.n;
}

describe('an embedded data directory', () => {
  it('is refused to a second open in the same process, naming the directory', async () => {
    const first = await openDatabase({ dataDir });
    try {
      const second = openDatabase({ dataDir });
      await expect(second).rejects.toBeInstanceOf(DataDirectoryInUseError);
      await expect(second).rejects.toThrow(`the data directory ${dataDir} is already open in this process`);
    } finally {
      await first.close();
    }
  }, 30_000);

  it('opens again after close() released it, with what was committed', async () => {
    const first = await openDatabase({ dataDir });
    await first.db.execute(sql`insert into commits values (1)`);
    const before = await count(first);
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const again = await openDatabase({ dataDir });
    try {
      expect(await count(again)).toBe(before);
    } finally {
      await again.close();
    }
  }, 30_000);

  it('runs PostgreSQL with fsync on, flushing the WAL with fsync() (the call PGlite can carry to disk)', async () => {
    const database = await openDatabase({ dataDir });
    try {
      const settings = await firstRow(
        database,
        sql`select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method, current_setting('synchronous_commit') as commit`,
      );
      expect(settings).toEqual({ fsync: 'on', method: 'fsync', commit: 'on' });
    } finally {
      await database.close();
    }
  }, 30_000);

  describe('held by another process', () => {
    let holder: Script;
    let holderPid: number;
    beforeAll(async () => {
      holder = runScript('hold-data-dir', [dataDir, '3', 'hold']);
      holderPid = Number((await holder.line(/^ready (\d+)$/))[1]);
    }, 60_000);
    afterAll(async () => {
      holder.child.kill('SIGKILL');
      await holder.exited;
    });

    it('is refused, naming the directory and the process that holds it', async () => {
      const opening = openDatabase({ dataDir });
      await expect(opening).rejects.toBeInstanceOf(DataDirectoryInUseError);
      await expect(opening).rejects.toThrow(
        `the data directory ${dataDir} is in use by process ${holderPid}`,
      );
    });

    it("opens once that process is killed with kill -9 (its lock left stale), with that process's commits", async () => {
      holder.child.kill('SIGKILL');
      await holder.exited;
      expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8'))).toMatchObject({ pid: holderPid });
      const database = await openDatabase({ dataDir });
      try {
        const rows = await firstRow<{ n: number }>(
          database,
          sql`select count(*)::int as n from commits where pid = ${holderPid}`,
        );
        expect(rows?.n).toBe(3);
      } finally {
        await database.close();
      }
    }, 30_000);
  });

  it('that cannot be created (a path under a regular file) is refused with the path and the cause', async () => {
    const file = join(root, 'not-a-directory');
    writeFileSync(file, '');
    const opening = openDatabase({ dataDir: join(file, 'pglite') });
    await expect(opening).rejects.toBeInstanceOf(DataDirectoryError);
    await expect(opening).rejects.toThrow(
      `cannot use the data directory ${join(file, 'pglite')}: ENOTDIR: not a directory`,
    );
  });
});

// Power-loss safety cannot be shown by killing a process: what it needs is that the OS is asked
// to write each commit to the device before the commit is acknowledged. strace counts the asks.
// strace comes with the test command's Debian tools (scripts/ensure-chromium.mjs).
describe('commits to an embedded data directory', () => {
  it('are each flushed to disk with fsync', async () => {
    const commits = 30;
    const trace = join(root, 'strace.txt');
    const script = runScript(
      'hold-data-dir',
      [dataDir, String(commits), 'exit'],
      ['strace', '-f', '-qq', '-e', 'trace=fsync,fdatasync', '-o', trace],
    );
    expect(await script.exited).toBe(0);
    const fsyncs = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => /\bf(data)?sync\(/.test(line)).length;
    expect(fsyncs).toBeGreaterThanOrEqual(commits);
  }, 60_000);
});
