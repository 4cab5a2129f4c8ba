// What the auditor adds on site besides ratings, kept on the device (IndexedDB, files as Blobs)
// until the API has it: findings, evidence files (a photo from the camera) and check-ins. Each is
// written here first and shown as "saved on this device"; they are sent one at a time in the
// order they were made, through the normal API, and sending one again never makes a second:
// evidence goes with its SHA-256 (the API answers the evidence it already has), a check-in with
// the id made here (the API answers the check-in it recorded), and a finding whose answer was
// lost is looked for among the audit's findings before it is sent again.
import type { FindingKind } from '@ccmm/engine';
import { db } from './queue';

export interface QueuedFinding {
  kind: FindingKind;
  clauses: number[];
  statement: string;
}

export interface QueuedEvidence {
  clauses: number[];
  caption: string | null;
  file: Blob;
  fileName: string;
  /** The file's SHA-256 (hex), computed on the device; null where the browser cannot (no https). */
  sha256: string | null;
}

export interface QueuedCheckIn {
  /** Made on the device: the API's record of it carries the same id. */
  id: string;
  kind: 'in' | 'out';
  /** The device's time of the check-in (ISO). */
  at: string;
  location: { latitude: number; longitude: number; accuracy: number } | null;
  photo: Blob | null;
  fileName: string | null;
  sha256: string | null;
}

export interface QueuedUpload {
  seq?: number;
  userId: string;
  assessmentId: string;
  /** The device's time it was made (ISO). */
  madeAt: string;
  /** Sent at least once without an answer: an earlier try may have arrived. */
  tried: boolean;
  finding?: QueuedFinding;
  evidence?: QueuedEvidence;
  checkIn?: QueuedCheckIn;
}

/** Said on `window` whenever the uploads waiting for an audit change (added, sent, refused). */
export const UPLOADS_CHANGED = 'ccmm:uploads-changed';

/** What changed: an upload was kept, or sent (with the API's answer), or refused (its message). */
export interface UploadsChanged {
  assessmentId: string;
  upload: QueuedUpload;
  sent?: Record<string, unknown>;
  refused?: string;
}

function changed(detail: UploadsChanged) {
  window.dispatchEvent(new CustomEvent<UploadsChanged>(UPLOADS_CHANGED, { detail }));
}

/** Calls `listener` on each change of this audit's uploads; returns the function that stops it. */
export function onUploadsChanged(
  assessmentId: string,
  listener: (change: UploadsChanged) => void,
): () => void {
  const handle = (event: Event) => {
    const detail = (event as CustomEvent<UploadsChanged>).detail;
    if (detail.assessmentId === assessmentId) listener(detail);
  };
  window.addEventListener(UPLOADS_CHANGED, handle);
  return () => window.removeEventListener(UPLOADS_CHANGED, handle);
}

/** The file's SHA-256 in hex; null where the browser offers no digest (not a secure context). */
export async function sha256Of(file: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random (version 4) UUID, also where crypto.randomUUID is missing (not a secure context). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Keeps an upload on the device; resolves once it is written (it then survives a closed browser). */
export async function enqueueUpload(
  upload: Omit<QueuedUpload, 'seq' | 'madeAt' | 'tried'>,
): Promise<QueuedUpload> {
  const row: QueuedUpload = { ...upload, madeAt: new Date().toISOString(), tried: false };
  row.seq = await (await db()).add('uploads', row);
  changed({ assessmentId: upload.assessmentId, upload: row });
  return row;
}

/** This user's uploads to this audit waiting to be sent, oldest first. */
export async function pendingUploads(userId: string, assessmentId: string): Promise<QueuedUpload[]> {
  const rows = await (await db()).getAllFromIndex('uploads', 'byAudit', [userId, assessmentId]);
  return rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/** The upload leaves the queue: the API has it (`sent`: its answer), or refused it for good. */
async function done(row: QueuedUpload, outcome: { sent?: Record<string, unknown>; refused?: string }) {
  if (row.seq !== undefined) await (await db()).delete('uploads', row.seq);
  changed({ assessmentId: row.assessmentId, upload: row, ...outcome });
}

export type UploadStop = 'done' | 'network' | 'signed-out' | 'server';

function request(row: QueuedUpload): { path: string; init: RequestInit } {
  const base = `/api/assessments/${row.assessmentId}`;
  if (row.finding) {
    return {
      path: `${base}/findings`,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(row.finding),
      },
    };
  }
  const form = new FormData();
  if (row.evidence) {
    const e = row.evidence;
    form.append('clauses', e.clauses.join(','));
    if (e.caption) form.append('caption', e.caption);
    if (e.sha256) form.append('sha256', e.sha256);
    form.append('file', e.file, e.fileName);
    return { path: `${base}/evidence`, init: { method: 'POST', body: form } };
  }
  const c = row.checkIn as QueuedCheckIn;
  form.append('id', c.id);
  form.append('kind', c.kind);
  form.append('at', c.at);
  if (c.location) {
    form.append('latitude', String(c.location.latitude));
    form.append('longitude', String(c.location.longitude));
    form.append('accuracy', String(c.location.accuracy));
  }
  if (c.sha256) form.append('sha256', c.sha256);
  if (c.photo) form.append('photo', c.photo, c.fileName ?? 'check-in.jpg');
  return { path: `${base}/check-ins`, init: { method: 'POST', body: form } };
}

/**
 * A finding sent before without an answer: the audit's finding with the same kind, clauses and
 * statement recorded since it was made, if the first try arrived.
 */
async function arrivedFinding(row: QueuedUpload, locale: string): Promise<Record<string, unknown> | null> {
  const f = row.finding;
  if (!f || !row.tried) return null;
  const response = await fetch(`/api/assessments/${row.assessmentId}/findings`, {
    credentials: 'same-origin',
    headers: { 'accept-language': locale },
  });
  if (!response.ok) return null;
  const list = (await response.json()) as {
    kind: string;
    clauses: number[];
    statement: string;
    createdAt: string;
  }[];
  const since = new Date(row.madeAt).getTime() - 60_000;
  return (
    (list.find(
      (x) =>
        x.kind === f.kind &&
        x.statement === f.statement &&
        x.clauses.join() === [...f.clauses].sort((a, b) => a - b).join() &&
        new Date(x.createdAt).getTime() >= since,
    ) as Record<string, unknown> | undefined) ?? null
  );
}

/** One sender per page: a second call while sending asks for another round after it. */
let sending: Promise<UploadStop> | null = null;

/**
 * Sends this user's uploads to the audit in the order they were made (each outcome is said as an
 * UPLOADS_CHANGED event); says why it stopped.
 */
export function sendUploads(userId: string, assessmentId: string, locale: string): Promise<UploadStop> {
  if (sending) return sending.then(() => sendUploads(userId, assessmentId, locale));
  sending = (async (): Promise<UploadStop> => {
    for (;;) {
      const [next] = await pendingUploads(userId, assessmentId);
      if (!next) return 'done';
      let response: Response;
      try {
        const found = await arrivedFinding(next, locale);
        if (found) {
          await done(next, { sent: found });
          continue;
        }
        if (!next.tried && next.seq !== undefined)
          await (await db()).put('uploads', { ...next, tried: true });
        const { path, init } = request(next);
        response = await fetch(path, {
          ...init,
          credentials: 'same-origin',
          headers: { ...(init.headers as Record<string, string> | undefined), 'accept-language': locale },
        });
      } catch {
        return 'network';
      }
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) {
        await done(next, { sent: body });
      } else if (response.status === 401) {
        return 'signed-out';
      } else if (response.status >= 500) {
        return 'server';
      } else {
        await done(next, { refused: String(body.message ?? response.status) });
      }
    }
  })().finally(() => {
    sending = null;
  });
  return sending;
}
