import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Database, type Executor, schema } from '@ccmm/db';
import { and, eq, sql } from 'drizzle-orm';
import { fileTypeFromFile } from 'file-type';

// Evidence content in the database, content-addressed by sha256 (evidence_contents, its bytes in
// evidence_chunks of at most 256 KiB): every server process on the database sees every file.
// Nothing a user sends ever names anything; an upload lands in a random temp file of this
// process first (hashed and typed there), then is copied into the database a chunk at a time in
// the transaction that records the evidence, so a refused upload never appears under its hash
// and a file is never whole in memory, on the way in or out.

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

/** Whether the content is stored (a complete one: its row is written with its last chunk). */
export async function contentStored(db: Executor, sha256: string): Promise<boolean> {
  const [row] = await db
    .select({ sha256: evidenceContents.sha256 })
    .from(evidenceContents)
    .where(eq(evidenceContents.sha256, sha256));
  return row !== undefined;
}

/**
 * Stores content read from `source` as `sha256` unless it is stored already (in `tx`, under
 * lockContent). Bytes are re-cut into chunks of CHUNK_BYTES as they pass; a source whose bytes
 * do not hash to `sha256` throws, and the transaction's rollback leaves nothing.
 */
export async function putContent(
  tx: Executor,
  sha256: string,
  source: AsyncIterable<Uint8Array>,
): Promise<{ stored: boolean; size: number }> {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  if (await contentStored(tx, sha256)) return { stored: false, size: 0 };
  await tx.insert(evidenceContents).values({ sha256, size: 0, chunks: 0 });
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
  for await (const piece of source) {
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

/** The stored content as a stream, read one chunk per query (never whole in memory). */
export function openContent(db: Database, sha256: string): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const [content] = await db
      .select({ chunks: evidenceContents.chunks })
      .from(evidenceContents)
      .where(eq(evidenceContents.sha256, sha256));
    if (!content) throw new Error(`evidence content ${sha256} is not stored`);
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

/**
 * Evidence content: received into a temp file of this process (DATA_DIR/evidence/tmp), then kept
 * in the database (above). Files an older version kept under DATA_DIR/evidence are moved into
 * the database by importLegacyFiles (at start-up).
 */
export function createEvidenceStorage(dataDir: string, db: Database) {
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
      await putContent(tx, file.sha256, createReadStream(file.tempPath, { highWaterMark: CHUNK_BYTES }));
    },

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

    has: (sha256: string) => contentStored(db, sha256),

    open: (sha256: string) => openContent(db, sha256),

    /**
     * Moves the files an older version kept on disk (DATA_DIR/evidence/<2 hex>/<sha256>) into
     * the database, each checked against its name, then deletes them: run at start-up, by
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
              await putContent(tx, name, createReadStream(path, { highWaterMark: CHUNK_BYTES }));
            });
          } catch {
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
