import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Database, type Executor, schema } from '@ccmm/db';
import { and, eq, sql } from 'drizzle-orm';
import { fileTypeFromFile } from 'file-type';

// Evidence content, content-addressed by sha256: its row in evidence_contents (size, number of
// chunks) and its bytes either in the database (evidence_chunks of at most 256 KiB, the default)
// or in an S3 bucket (S3_*, evidence.s3.ts; its rows have no chunks): every server process on
// the database sees every file. Nothing a user sends ever names anything; an upload lands in a
// random temp file of this process first (hashed and typed there), then is copied into the
// content store in the transaction that records the evidence, so a refused upload never appears
// under its hash and a file is never whole in memory, on the way in or out.

const { evidenceContents, evidenceChunks } = schema;

/** Bytes per stored chunk (a row of evidence_chunks). */
export const CHUNK_BYTES = 256 * 1024;

/** What file-type detects that is accepted, by its extension; anything else must be plain text. */
const ALLOWED = new Set([
  'pdf',
  'png',
  'jpg',
  'webp',
  'gif',
  'heic',
  'mp3',
  'm4a',
  'wav',
  'ogg',
  'oga',
  'opus',
  'mp4',
  'mov',
  'docx',
  'xlsx',
  'pptx',
]);

export const TEXT_PLAIN = 'text/plain';

const SHA256 = /^[0-9a-f]{64}$/;

/** An upload written to a temp file: not yet stored under its hash. */
export interface ReceivedFile {
  readonly tempPath: string;
  readonly sha256: string;
  readonly size: number;
  /** Decodes as UTF-8 and has no NUL byte. */
  readonly textual: boolean;
}

export type Detected =
  | { readonly ok: true; readonly mediaType: string }
  | { readonly ok: false; readonly type: string };

/** Hashes, counts and checks for text as the bytes pass through. */
class Inspector extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  textual = true;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.textual) {
      if (chunk.includes(0)) this.textual = false;
      else {
        try {
          this.decoder.decode(chunk, { stream: true });
        } catch {
          this.textual = false;
        }
      }
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.textual) {
      try {
        this.decoder.decode();
      } catch {
        this.textual = false;
      }
    }
    callback();
  }
}

/** The bytes as a Buffer, whichever driver read them (postgres.js: Buffer, PGlite: Uint8Array). */
const asBuffer = (data: Uint8Array) =>
  Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * Takes, until the transaction ends, the lock of one content: storing it and recording evidence
 * of it, or forgetting the last evidence of it and deleting it, never interleave across every
 * process on the database (a PostgreSQL advisory lock).
 */
export async function lockContent(tx: Executor, sha256: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ccmm.evidence_content'), hashtext(${sha256}))`);
}

/**
 * Where a content's bytes are: none (no row), the database, or object storage (a row without
 * chunks that is not empty). A row is written complete, with its last chunk or after its object.
 */
export async function contentPlace(db: Executor, sha256: string): Promise<'none' | 'database' | 'object'> {
  const [row] = await db
    .select({ size: evidenceContents.size, chunks: evidenceContents.chunks })
    .from(evidenceContents)
    .where(eq(evidenceContents.sha256, sha256));
  if (!row) return 'none';
  return row.chunks === 0 && row.size > 0 ? 'object' : 'database';
}

/** Whether the content is stored, wherever its bytes are. */
export async function contentStored(db: Executor, sha256: string): Promise<boolean> {
  return (await contentPlace(db, sha256)) !== 'none';
}

/**
 * Stores content read from `source` as `sha256` in the database unless its bytes are there
 * already (in `tx`, under lockContent; content whose bytes are in object storage gets them here
 * too). Bytes are re-cut into chunks of CHUNK_BYTES as they pass; a source whose bytes do not
 * hash to `sha256` throws, and the transaction's rollback leaves nothing.
 */
export async function putContent(
  tx: Executor,
  sha256: string,
  // Opened only when the bytes are read: a file stream left unread keeps its descriptor, and
  // fails uncaught when its file is removed before it opened.
  source: () => AsyncIterable<Uint8Array>,
): Promise<{ stored: boolean; size: number }> {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  const place = await contentPlace(tx, sha256);
  if (place === 'database') return { stored: false, size: 0 };
  if (place === 'none') await tx.insert(evidenceContents).values({ sha256, size: 0, chunks: 0 });
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (all: boolean) => {
    while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending);
      const data = joined.subarray(0, CHUNK_BYTES);
      const rest = joined.subarray(data.length);
      await tx.insert(evidenceChunks).values({ sha256, seq, data });
      seq += 1;
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
    }
  };
  for await (const piece of source()) {
    const buffer = asBuffer(piece);
    hash.update(buffer);
    size += buffer.length;
    pending.push(buffer);
    pendingBytes += buffer.length;
    await flush(false);
  }
  await flush(true);
  if (hash.digest('hex') !== sha256) throw new Error(`content does not hash to ${sha256}`);
  await tx.update(evidenceContents).set({ size, chunks: seq }).where(eq(evidenceContents.sha256, sha256));
  return { stored: true, size };
}

/** Deletes stored content (in `tx`, under lockContent, once no evidence refers to it). */
export async function deleteContent(tx: Executor, sha256: string): Promise<void> {
  await tx.delete(evidenceContents).where(eq(evidenceContents.sha256, sha256));
}

/** The content stored in the database as a stream, read one chunk per query (never whole in memory). */
export function openContent(db: Database, sha256: string): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const [content] = await db
      .select({ chunks: evidenceContents.chunks, size: evidenceContents.size })
      .from(evidenceContents)
      .where(eq(evidenceContents.sha256, sha256));
    if (!content) throw new Error(`evidence content ${sha256} is not stored`);
    if (content.chunks === 0 && content.size > 0)
      throw new Error(`evidence content ${sha256} is in S3 object storage, and S3_BUCKET is not set`);
    for (let seq = 0; seq < content.chunks; seq++) {
      const [row] = await db
        .select({ data: evidenceChunks.data })
        .from(evidenceChunks)
        .where(and(eq(evidenceChunks.sha256, sha256), eq(evidenceChunks.seq, seq)));
      if (!row) throw new Error(`evidence content ${sha256} lacks chunk ${seq}`);
      yield asBuffer(row.data);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** Unreferenced content is left this long first: an upload or a restore under way is never swept. */
export const SWEEP_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes content nothing refers to any more, written before the grace period: rows no evidence
 * names (left behind when evidence went with its assessment, or by a crash between a commit and
 * its clean-up) with their bytes, and in a bucket the objects no row names. Each row goes under
 * its content's lock after a second look, so an upload of the same content meanwhile keeps it;
 * safe on every process at once.
 */
export async function sweepUnreferencedContent(
  db: Database,
  content: ContentStore,
  now: Date = new Date(),
): Promise<{ rows: number; objects: number }> {
  const cutoff = new Date(now.getTime() - SWEEP_GRACE_MS);
  const unreferenced = sql`${evidenceContents.createdAt} < ${cutoff.toISOString()}::timestamptz
    and not exists (select 1 from ${schema.evidence} e where e.sha256 = ${evidenceContents.sha256})`;
  const candidates = await db
    .select({ sha256: evidenceContents.sha256 })
    .from(evidenceContents)
    .where(unreferenced);
  let rows = 0;
  for (const { sha256 } of candidates) {
    const deleted = await db.transaction(async (tx) => {
      await lockContent(tx, sha256);
      const gone = await tx
        .delete(evidenceContents)
        .where(and(eq(evidenceContents.sha256, sha256), unreferenced))
        .returning({ sha256: evidenceContents.sha256 });
      return gone.length > 0;
    });
    if (deleted) {
      rows += 1;
      await content.release(sha256);
    }
  }
  return { rows, objects: await content.sweepOrphans(cutoff) };
}

/**
 * Where the bytes of evidence content are kept: the database (databaseContentStore) or an S3
 * bucket (evidence.s3.ts). The content's row (evidence_contents) is in the database either way,
 * and lockContent orders every change of one content across processes.
 */
export interface ContentStore {
  readonly kind: 'database' | 's3';
  /**
   * Stores the content unless stored (in `tx`, under lockContent): `source` is opened only if
   * its bytes are needed, and must hash to `sha256`. Bytes left outside the database by a
   * transaction that then failed are removed by `release`.
   */
  put(tx: Executor, sha256: string, source: () => Readable): Promise<{ stored: boolean; size: number }>;
  /**
   * Puts the bytes of content whose row is already there (a restored backup's), in `tx`; they
   * must hash to `sha256`.
   */
  restore(tx: Executor, sha256: string, source: Readable): Promise<void>;
  /**
   * After a transaction that stored content, or deleted its row (deleteContent), ended however:
   * bytes no row refers to any more are removed (under lockContent, in a transaction of its own).
   */
  release(sha256: string): Promise<void>;
  has(sha256: string): Promise<boolean>;
  /**
   * Removes bytes outside the database that no row names and that were written before `cutoff`
   * (a process that died between an upload and its commit): the number removed.
   */
  sweepOrphans(cutoff: Date): Promise<number>;
  /** The content's bytes as a stream, never whole in memory. */
  open(sha256: string): Readable;
  /** Lets go of connections (the S3 client's). */
  close(): void;
}

/** Content kept whole in the database: evidence_chunks, gone with its row. */
export function databaseContentStore(db: Database): ContentStore {
  return {
    kind: 'database',
    put: (tx, sha256, source) => putContent(tx, sha256, source),
    restore: async (tx, sha256, source) => {
      await putContent(tx, sha256, () => source);
    },
    release: async () => {},
    // Bytes in the database go with their row: nothing outside it to sweep.
    sweepOrphans: async () => 0,
    has: async (sha256) => (await contentPlace(db, sha256)) === 'database',
    open: (sha256) => openContent(db, sha256),
    close: () => {},
  };
}

/**
 * Evidence content: received into a temp file of this process (DATA_DIR/evidence/tmp), then kept
 * in the content store (the database unless S3_* says a bucket). Files an older version kept
 * under DATA_DIR/evidence are moved into the store by importLegacyFiles (at start-up).
 */
export function createEvidenceStorage(
  dataDir: string,
  db: Database,
  content: ContentStore = databaseContentStore(db),
) {
  const root = join(dataDir, 'evidence');
  const tempDir = join(root, 'tmp');

  return {
    root,

    /** Writes the stream to a temp file while hashing it; the caller commits or discards it. */
    async receive(source: Readable): Promise<ReceivedFile> {
      await mkdir(tempDir, { recursive: true, mode: 0o700 });
      const tempPath = join(tempDir, `${randomUUID()}.part`);
      const inspector = new Inspector();
      try {
        await pipeline(source, inspector, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }
      return {
        tempPath,
        sha256: inspector.hash.digest('hex'),
        size: inspector.size,
        textual: inspector.textual,
      };
    },

    /** The media type by content: an allowed detected type, else UTF-8 text, else refused. */
    async detect(file: ReceivedFile): Promise<Detected> {
      const detected = await fileTypeFromFile(file.tempPath);
      if (detected && ALLOWED.has(detected.ext)) return { ok: true, mediaType: detected.mime };
      if (file.textual) return { ok: true, mediaType: TEXT_PLAIN };
      return { ok: false, type: detected?.mime ?? 'application/octet-stream' };
    },

    /**
     * Stores a received file's content in `tx` (under lockContent) unless stored already; the
     * temp file stays for the caller to discard.
     */
    async commit(tx: Executor, file: ReceivedFile): Promise<void> {
      await content.put(tx, file.sha256, () =>
        createReadStream(file.tempPath, { highWaterMark: CHUNK_BYTES }),
      );
    },

    /** After the transaction that committed (or deleted) content ended: see ContentStore.release. */
    release: (sha256: string) => content.release(sha256),

    /** Removes temp files left by uploads that never finished (a crash, a killed process). */
    async sweep(olderThanMs = 60 * 60 * 1000): Promise<void> {
      const names = await readdir(tempDir).catch(() => [] as string[]);
      const cutoff = Date.now() - olderThanMs;
      for (const name of names) {
        const path = join(tempDir, name);
        const info = await stat(path).catch(() => null);
        if (info?.isFile() && info.mtimeMs < cutoff) await rm(path, { force: true });
      }
    },

    async discard(file: ReceivedFile | null): Promise<void> {
      if (file) await rm(file.tempPath, { force: true });
    },

    has: (sha256: string) => content.has(sha256),

    open: (sha256: string) => content.open(sha256),

    /**
     * Moves the files an older version kept on disk (DATA_DIR/evidence/<2 hex>/<sha256>) into
     * the content store, each checked against its name, then deletes them: run at start-up, by
     * every process (each has its own disk), harmless when there are none. A file whose bytes
     * do not match its name is left where it is and reported.
     */
    async importLegacyFiles(): Promise<{ imported: number; mismatched: string[] }> {
      let imported = 0;
      const mismatched: string[] = [];
      const prefixes = await readdir(root, { withFileTypes: true }).catch(() => []);
      for (const prefix of prefixes) {
        if (!prefix.isDirectory() || !/^[0-9a-f]{2}$/.test(prefix.name)) continue;
        const dir = join(root, prefix.name);
        for (const name of await readdir(dir)) {
          const path = join(dir, name);
          if (!SHA256.test(name) || !name.startsWith(prefix.name)) continue;
          try {
            await db.transaction(async (tx) => {
              await lockContent(tx, name);
              await content.put(tx, name, () => createReadStream(path, { highWaterMark: CHUNK_BYTES }));
            });
          } catch {
            await content.release(name);
            mismatched.push(path);
            continue;
          }
          await rm(path, { force: true });
          imported += 1;
        }
        // Emptied: gone (still holding a file that did not match: kept).
        await rmdir(dir).catch(() => {});
      }
      return { imported, mismatched };
    },
  };
}

export type EvidenceStorage = ReturnType<typeof createEvidenceStorage>;
