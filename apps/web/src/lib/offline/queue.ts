// The scoring guide's changes kept on the device (IndexedDB, through idb) until the API has them:
// each rating change and note is written here first, so a dropped network, a reload or a closed
// tab loses nothing; the guide sends them in order when it can (sync.ts). Also the ratings as
// the server last confirmed them, per audit, so a page served from the service worker's cache
// (older than the last change sent) shows the newest known values.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { QueuedUpload } from './uploads';

/** A rating as the API stores it (the part the guide shows and sends). */
export interface StoredRating {
  clause: number;
  c: number | null;
  f: number | null;
  note: string | null;
  version: number;
  carried: boolean;
}

/** One change made on the device, waiting for the API. */
export interface QueuedChange {
  /** Order of the changes on this device (IndexedDB's key generator: never reused). */
  seq?: number;
  assessmentId: string;
  /** Who made it: a queue is only ever sent by the user who made it. */
  userId: string;
  clause: number;
  c: number | null;
  f: number | null;
  note: string | null;
  /** The server version the change was based on (0: never rated), sent as `version`. */
  baseVersion: number;
  /** The device's time of the change (ISO). */
  madeAt: string;
  /** `conflict`: the server had a newer version; kept until the auditor keeps or discards it. */
  state: 'waiting' | 'conflict';
  /** With `conflict`: the server's rating it met (null: none any more). */
  current?: StoredRating | null;
}

interface Snapshot {
  /** `${userId}:${assessmentId}`: what one user last saw confirmed by the server. */
  key: string;
  ratings: StoredRating[];
  savedAt: string;
}

interface OfflineDB extends DBSchema {
  changes: { key: number; value: QueuedChange; indexes: { byAudit: [string, string] } };
  snapshots: { key: string; value: Snapshot };
  uploads: { key: number; value: QueuedUpload; indexes: { byAudit: [string, string] } };
}

const DB_NAME = 'ccmm-offline';

let opened: Promise<IDBPDatabase<OfflineDB>> | null = null;
/** The device's database (version 2 added the uploads: findings, evidence files, check-ins). */
export function db(): Promise<IDBPDatabase<OfflineDB>> {
  opened ??= openDB<OfflineDB>(DB_NAME, 2, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        const changes = database.createObjectStore('changes', { keyPath: 'seq', autoIncrement: true });
        // The guide's one query: this user's changes to this audit, in the order they were made.
        changes.createIndex('byAudit', ['userId', 'assessmentId']);
        database.createObjectStore('snapshots', { keyPath: 'key' });
      }
      if (oldVersion < 2) {
        const uploads = database.createObjectStore('uploads', { keyPath: 'seq', autoIncrement: true });
        // This user's uploads to this audit, in the order they were made.
        uploads.createIndex('byAudit', ['userId', 'assessmentId']);
      }
    },
  });
  return opened;
}

/** Keeps a change on the device; resolves once it is written (then it survives a closed tab). */
export async function enqueue(change: Omit<QueuedChange, 'seq' | 'state' | 'madeAt'>): Promise<QueuedChange> {
  const row: QueuedChange = { ...change, state: 'waiting', madeAt: new Date().toISOString() };
  row.seq = await (await db()).add('changes', row);
  return row;
}

/** This user's changes to this audit, oldest first. */
export async function pending(userId: string, assessmentId: string): Promise<QueuedChange[]> {
  const rows = await (await db()).getAllFromIndex('changes', 'byAudit', [userId, assessmentId]);
  return rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/**
 * The server took `sent` and answered with `version`: it leaves the queue, and the later
 * changes of the same clause that were based on the same version (the auditor's own chain of
 * changes) are now based on the new one. One transaction: a tab closed in between leaves
 * either the old state or the new.
 */
export async function acknowledge(sent: QueuedChange, version: number): Promise<void> {
  const tx = (await db()).transaction('changes', 'readwrite');
  const index = tx.store.index('byAudit');
  for await (const cursor of index.iterate([sent.userId, sent.assessmentId])) {
    const row = cursor.value;
    if (row.seq === sent.seq) await cursor.delete();
    else if (
      row.clause === sent.clause &&
      (row.seq ?? 0) > (sent.seq ?? 0) &&
      row.baseVersion === sent.baseVersion
    )
      await cursor.update({ ...row, baseVersion: version });
  }
  await tx.done;
}

/** Marks a change as meeting a newer server version: kept, not sent, until the auditor chooses. */
export async function markConflict(change: QueuedChange, current: StoredRating | null): Promise<void> {
  if (change.seq === undefined) return;
  await (await db()).put('changes', { ...change, state: 'conflict', current });
}

/** Removes every change of one clause (the auditor chose: theirs, or a new change of their own). */
export async function dropClause(userId: string, assessmentId: string, clause: number): Promise<void> {
  const tx = (await db()).transaction('changes', 'readwrite');
  for await (const cursor of tx.store.index('byAudit').iterate([userId, assessmentId])) {
    if (cursor.value.clause === clause) await cursor.delete();
  }
  await tx.done;
}

/** Removes one change (the API refused it for good: not a conflict, not the network). */
export async function drop(change: QueuedChange): Promise<void> {
  if (change.seq !== undefined) await (await db()).delete('changes', change.seq);
}

/** The ratings as the server last confirmed them to this user on this device (empty: none kept). */
export async function snapshot(userId: string, assessmentId: string): Promise<StoredRating[]> {
  return (await (await db()).get('snapshots', `${userId}:${assessmentId}`))?.ratings ?? [];
}

/** Keeps the newest confirmed version of each clause given (older ones never replace newer). */
export async function remember(userId: string, assessmentId: string, ratings: StoredRating[]): Promise<void> {
  const key = `${userId}:${assessmentId}`;
  const tx = (await db()).transaction('snapshots', 'readwrite');
  const kept = new Map(((await tx.store.get(key))?.ratings ?? []).map((r) => [r.clause, r]));
  for (const r of ratings) {
    const old = kept.get(r.clause);
    if (!old || old.version <= r.version) kept.set(r.clause, r);
  }
  await tx.store.put({ key, ratings: [...kept.values()], savedAt: new Date().toISOString() });
  await tx.done;
}
