import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DataDirectoryError,
  DataDirectoryInUseError,
  type DataDirectoryLock,
  type LockHolder,
  lockDataDirectory,
} from './data-dir-lock.ts';
import { runScript, type Script } from './testing/processes.ts';

const root = mkdtempSync(join(tmpdir(), 'ccmm-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let taken: DataDirectoryLock[] = [];
const scripts: Script[] = [];
afterEach(async () => {
  for (const lock of taken) lock.release();
  taken = [];
  for (const script of scripts.splice(0)) {
    script.child.kill('SIGKILL');
    await script.exited;
  }
});

let dirs = 0;
function freshDir(): string {
  dirs += 1;
  return join(root, `data-${dirs}`);
}
function lock(dir: string): DataDirectoryLock {
  const held = lockDataDirectory(dir);
  taken.push(held);
  return held;
}
function writeLock(dir: string, holder: Partial<LockHolder>): void {
  const full = { pid: 1, hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z', ...holder };
  writeFileSync(`${dir}.lock`, JSON.stringify(full));
}
function holderOf(dir: string): LockHolder {
  return JSON.parse(readFileSync(`${dir}.lock`, 'utf8')) as LockHolder;
}
/** A pid no process has: one that just exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (!pid) throw new Error('no child');
  return pid;
}

describe('the lock of a data directory', () => {
  it('creates the directory and records this process in a lock file beside it', () => {
    const dir = freshDir();
    const held = lock(dir);
    expect(existsSync(dir)).toBe(true);
    expect(held.file).toBe(`${dir}.lock`);
    expect(holderOf(dir)).toMatchObject({ pid: process.pid, hostname: hostname() });
  });

  it('is refused to a second taker in the same process, naming the directory', () => {
    const dir = freshDir();
    lock(dir);
    expect(() => lockDataDirectory(dir)).toThrow(
      `the data directory ${dir} is already open in this process (pid ${process.pid})`,
    );
  });

  it('is removed by release(), so the directory can be taken again', () => {
    const dir = freshDir();
    lock(dir).release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    expect(() => lock(dir)).not.toThrow();
  });

  it('is not removed by release() once another process has replaced it', () => {
    const dir = freshDir();
    const held = lock(dir);
    writeLock(dir, { pid: 4_000_000 });
    held.release();
    expect(holderOf(dir).pid).toBe(4_000_000);
  });

  it('left by a process that no longer runs is taken over', () => {
    const dir = freshDir();
    lock(dir).release();
    writeLock(dir, { pid: deadPid() });
    lock(dir);
    expect(holderOf(dir).pid).toBe(process.pid);
  });

  it("with this process's pid but not held by it is an earlier life of the pid (a restarted container's pid 1), so it is taken over", () => {
    const dir = freshDir();
    lock(dir).release();
    writeLock(dir, { pid: process.pid, startedAt: '2020-01-01T00:00:00.000Z' });
    lock(dir);
    expect(holderOf(dir).startedAt).not.toBe('2020-01-01T00:00:00.000Z');
  });

  it('of a live process is refused, naming the directory and the pid', () => {
    const dir = freshDir();
    lock(dir).release();
    writeLock(dir, { pid: process.ppid });
    const error = catchError(() => lockDataDirectory(dir));
    expect(error).toBeInstanceOf(DataDirectoryInUseError);
    expect(error.message).toContain(`the data directory ${dir} is in use by process ${process.ppid}`);
  });

  it.skipIf(!existsSync('/proc/self/stat'))(
    'whose pid now belongs to a process started later (after a reboot) is taken over',
    () => {
      const dir = freshDir();
      lock(dir).release();
      writeLock(dir, { pid: process.ppid, processStart: '1' });
      lock(dir);
      expect(holderOf(dir).pid).toBe(process.pid);
    },
  );

  it('of a process on another host is refused, naming the lock file to delete if that host is gone', () => {
    const dir = freshDir();
    lock(dir).release();
    writeLock(dir, { pid: deadPid(), hostname: 'elsewhere.example' });
    expect(() => lockDataDirectory(dir)).toThrow(
      `is in use by process ${holderOf(dir).pid} on host elsewhere.example`,
    );
    expect(() => lockDataDirectory(dir)).toThrow(`delete ${dir}.lock`);
  });

  it('that cannot be read (cut short by a power loss) is taken over', () => {
    const dir = freshDir();
    lock(dir).release();
    writeFileSync(`${dir}.lock`, '{"pid":');
    lock(dir);
    expect(holderOf(dir).pid).toBe(process.pid);
  });

  it('is released when the process exits without closing', async () => {
    const dir = freshDir();
    const script = runScript('race-for-lock', ['exit', dir]);
    scripts.push(script);
    await script.line(/^locked$/);
    expect(await script.exited).toBe(0);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 30_000);

  it('judged stale by two openers at once goes to the first: the second puts back the lock it moved and is refused', () => {
    const dir = freshDir();
    lock(dir).release();
    writeLock(dir, { pid: deadPid() });
    // The other opener takes over between this one's reading the stale lock and moving it.
    const racer = () => writeLock(dir, { pid: process.ppid });
    expect(() => lockDataDirectory(dir, { beforeTakeover: racer })).toThrow(
      `is in use by process ${process.ppid}`,
    );
    expect(holderOf(dir).pid).toBe(process.ppid);
  });
});

describe('a data directory that cannot be used', () => {
  it('under a regular file is refused with its path and the cause', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const error = catchError(() => lockDataDirectory(join(file, 'pglite')));
    expect(error).toBeInstanceOf(DataDirectoryError);
    expect(error.message).toBe(
      `cannot use the data directory ${join(file, 'pglite')}: ENOTDIR: not a directory`,
    );
  });

  it('that is a regular file is refused, saying so', () => {
    const file = join(root, 'another-file');
    writeFileSync(file, '');
    expect(() => lockDataDirectory(file)).toThrow(
      `cannot use the data directory ${file}: it is a file, not a directory`,
    );
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
