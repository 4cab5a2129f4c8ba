// Sends the changes kept on the device (queue.ts) through the normal API, one at a time in the
// order they were made, each with the version it was based on. A change that meets a newer
// server version is kept and marked, and the later changes of its clause wait behind it until
// the auditor keeps or discards it; nothing is overwritten and nothing dropped.
import { acknowledge, drop, markConflict, pending, type QueuedChange, type StoredRating } from './queue';

export interface SyncHandlers {
  /** The API has the change; `rating` is what it stored (its new version). */
  sent(change: QueuedChange, rating: StoredRating): void;
  /** A newer server version: `current` is it (null: the clause has no rating any more). */
  conflict(change: QueuedChange, current: StoredRating | null): void;
  /** Refused for good (the audit was submitted, say): `message` is the API's, in the user's language. */
  refused(change: QueuedChange, message: string): void;
}

/** Why sending stopped: `done` (nothing left to send), or what it waits for. */
export type SyncStop = 'done' | 'network' | 'signed-out' | 'server';

const sameValues = (a: StoredRating, b: QueuedChange) =>
  a.c === b.c && a.f === b.f && (a.note ?? null) === (b.note ?? null);

export async function sendQueued(
  userId: string,
  assessmentId: string,
  locale: string,
  on: SyncHandlers,
): Promise<SyncStop> {
  for (;;) {
    // Read again each time: sending rebases the clause's later changes (queue.acknowledge).
    const rows = await pending(userId, assessmentId);
    const held = new Set(rows.filter((r) => r.state === 'conflict').map((r) => r.clause));
    const next = rows.find((r) => r.state === 'waiting' && !held.has(r.clause));
    if (!next) return 'done';
    let response: Response;
    try {
      response = await fetch(`/api/assessments/${assessmentId}/scores/${next.clause}`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'accept-language': locale },
        body: JSON.stringify({ c: next.c, f: next.f, note: next.note, version: next.baseVersion }),
      });
    } catch {
      return 'network';
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) {
      const rating = body as unknown as StoredRating;
      on.sent(next, rating);
      await acknowledge(next, rating.version);
    } else if (response.status === 409 && body.code === 'rating.conflict') {
      const current = (body.current as StoredRating | null | undefined) ?? null;
      if (current && sameValues(current, next)) {
        // The server already has exactly this: an earlier try arrived, its answer did not.
        on.sent(next, current);
        await acknowledge(next, current.version);
      } else {
        await markConflict(next, current);
        on.conflict(next, current);
      }
    } else if (response.status === 401) {
      return 'signed-out';
    } else if (response.status >= 500) {
      return 'server';
    } else {
      await drop(next);
      on.refused(next, String(body.message ?? response.status));
    }
  }
}
