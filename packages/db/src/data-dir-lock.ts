// One process per embedded data directory. PGlite keeps its own copy of shared state in memory,
// so two processes on one directory both start and each overwrites the other's pages: writes
// that were acknowledged disappear. PostgreSQL guards PGDATA with postmaster.pid; PGlite does
// not, so openDatabase takes this lock first.
import { randomUUID } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import process from 'node:process';

/** The data directory cannot be used: its message names the directory and the cause. */
export class DataDirectoryError extends Error {
  constructor(
    message: string,
    readonly directory: string,
    readonly code: 'data_directory.unusable' | 'data_directory.in_use' = 'data_directory.unusable',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DataDirectoryError';
  }
}

/** Another process (or an earlier open in this one) holds the data directory. */
export class DataDirectoryInUseError extends DataDirectoryError {
  constructor(
    message: string,
    directory: string,
    readonly holder: LockHolder,
  ) {
    super(message, directory, 'data_directory.in_use');
    this.name = 'DataDirectoryInUseError';
  }
}

/** What the lock file records about the process holding it. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** Linux: the process's start time in clock ticks since boot, to tell a reused pid apart. */
  readonly processStart?: string;
}

export interface DataDirectoryLock {
  /** The directory, resolved (symlinks followed), created if it was missing. */
  readonly directory: string;
  readonly file: string;
  /** Removes the lock file if it is still this one's; idempotent. */
  readonly release: () => void;
}

/** Directories this process holds: a second open here is refused, not mistaken for stale. */
const held = new Set<string>();

/**
 * Creates the directory if needed, checks it can be written, and takes its lock or throws a
 * DataDirectoryError. A lock whose process is gone (killed, power cut) is taken over.
 */
export function lockDataDirectory(
  dataDir: string,
  /** Tests only: runs between judging a lock stale and moving it, where a racer can step in. */
  { beforeTakeover }: { readonly beforeTakeover?: () => void } = {},
): DataDirectoryLock {
  const directory = usableDirectory(dataDir);
  // Beside the directory, not in it: a dump of the directory (dumpDataDir) must not carry a
  // lock into the copy, and initdb expects the directory to hold nothing else.
  const file = `${directory}.lock`;
  const processStart = processStartOf(process.pid);
  const mine: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    ...(processStart ? { processStart } : {}),
  };
  const text = `${JSON.stringify(mine)}\n`;

  // Each turn either creates the lock, refuses, or clears a stale one; a few turns cover
  // openers that race for the same stale lock.
  for (let turn = 0; turn < 5; turn++) {
    if (createLockFile(file, text, directory)) return hold(directory, file, text);
    const seen = readLock(file);
    if (seen === undefined) continue; // released between our attempt and the read
    const holder = parseHolder(seen);
    if (holder && isAlive(holder, directory)) throw inUse(directory, file, holder);
    beforeTakeover?.();
    setStaleLockAside(file, seen);
  }
  const holder = parseHolder(readLock(file) ?? '');
  if (holder) throw inUse(directory, file, holder);
  throw new DataDirectoryError(
    `cannot use the data directory ${directory}: its lock file ${file} keeps changing; is another process starting on it?`,
    directory,
    'data_directory.in_use',
  );
}

function hold(directory: string, file: string, text: string): DataDirectoryLock {
  held.add(directory);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    held.delete(directory);
    // Only our own lock: after a takeover the file may be another process's.
    if (readLock(file) === text) removeIfPresent(file);
  };
  // 'exit' handlers must be synchronous; a SIGKILL skips them, which is what staleness covers.
  process.on('exit', release);
  return { directory, file, release };
}

function usableDirectory(dataDir: string): string {
  try {
    makeDirectory(dataDir);
    const directory = realpathSync(dataDir);
    // Root passes W_OK on any directory except on a read-only file system (EROFS).
    accessSync(directory, constants.W_OK);
    return directory;
  } catch (error) {
    const cause = error as NodeJS.ErrnoException;
    const reason = cause.code === 'EEXIST' ? 'it is a file, not a directory' : systemReason(cause);
    throw new DataDirectoryError(`cannot use the data directory ${dataDir}: ${reason}`, dataDir, undefined, {
      cause,
    });
  }
}

/**
 * mkdir -p by hand: Node's recursive mkdir reports ENOENT on a read-only file system (hiding
 * EROFS) and never returns for a path under /proc.
 */
function makeDirectory(path: string): void {
  try {
    mkdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(path).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(path) === path) throw error;
    makeDirectory(dirname(path));
    mkdirSync(path);
  }
}

/** "EROFS: read-only file system" out of Node's "EROFS: read-only file system, access '/x'". */
function systemReason(error: NodeJS.ErrnoException): string {
  return /^(E[A-Z]+: [^,]+)/.exec(error.message)?.[1] ?? error.message;
}

/**
 * Writes the lock whole under a temporary name, then links it into place: link fails if the
 * lock exists, and no reader ever sees a half-written lock.
 */
function createLockFile(file: string, text: string, directory: string): boolean {
  const temporary = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    const fd = openSync(temporary, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return linkInto(temporary, file);
  } catch (error) {
    const cause = error as NodeJS.ErrnoException;
    throw new DataDirectoryError(
      `cannot use the data directory ${directory}: cannot create its lock file ${file}: ${systemReason(cause)}`,
      directory,
      undefined,
      { cause },
    );
  } finally {
    removeIfPresent(temporary);
  }
}

/** false when `file` exists already. */
function linkInto(existing: string, file: string): boolean {
  try {
    linkSync(existing, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links (FAT, some network shares): create-exclusive instead.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
    try {
      writeSync(fd, readFileSync(existing));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return true;
  }
}

/**
 * Moves a stale lock out of the way. Two openers can judge the same lock stale; the second's
 * rename may then catch the first's fresh lock. Renaming is atomic, so whoever moved a lock
 * reads what it moved: if that is not the stale lock it judged, it puts it back.
 */
function setStaleLockAside(file: string, staleText: string): void {
  const aside = `${file}.stale.${process.pid}.${randomUUID().slice(0, 8)}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readLock(aside) !== staleText) linkInto(aside, file);
  } finally {
    removeIfPresent(aside);
  }
}

function isAlive(holder: LockHolder, directory: string): boolean {
  // Another machine's process cannot be checked from here (a shared or copied directory).
  if (holder.hostname !== hostname()) return true;
  // Our own pid in a lock we do not hold is an earlier life of this pid (a container's pid 1).
  if (holder.pid === process.pid) return held.has(directory);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // After a reboot the pid may belong to an unrelated process that started later.
  const start = holder.processStart && processStartOf(holder.pid);
  return !start || start === holder.processStart;
}

function inUse(directory: string, file: string, holder: LockHolder): DataDirectoryInUseError {
  const message =
    holder.pid === process.pid && holder.hostname === hostname()
      ? `the data directory ${directory} is already open in this process (pid ${holder.pid}); close it before opening it again`
      : holder.hostname !== hostname()
        ? `the data directory ${directory} is in use by process ${holder.pid} on host ${holder.hostname} (since ${holder.startedAt}). Stop it first; if no process on that host uses the directory any more, delete ${file}`
        : `the data directory ${directory} is in use by process ${holder.pid} (since ${holder.startedAt}): another server, \`pnpm demo\` or command has it open. Stop that process first: two processes on one embedded database lose each other's writes`;
  return new DataDirectoryInUseError(message, directory, holder);
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return undefined;
    return {
      pid: value.pid,
      hostname: value.hostname,
      startedAt: String(value.startedAt),
      ...(typeof value.processStart === 'string' ? { processStart: value.processStart } : {}),
    };
  } catch {
    // An unreadable lock (cut short by a power loss) names no live process: stale.
    return undefined;
  }
}

function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Field 22 of /proc/<pid>/stat (start time since boot); undefined off Linux. */
function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
