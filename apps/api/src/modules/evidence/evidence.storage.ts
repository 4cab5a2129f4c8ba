import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';

// Evidence files on disk, content-addressed: <dataDir>/evidence/<first 2 hex>/<sha256>. Nothing
// a user sends ever names a file; uploads land in a random temp file first and are renamed into
// place once complete, so a half-written or refused upload never appears under its hash.

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

/**
 * The per-content locks of each data directory, shared by every storage made for it: evidence
 * and check-ins (a check-in's photo) store and remove files of one directory.
 */
const lockTables = new Map<string, Map<string, Promise<unknown>>>();

export function createEvidenceStorage(dataDir: string) {
  const root = join(dataDir, 'evidence');
  const tempDir = join(root, 'tmp');
  const locks = lockTables.get(root) ?? new Map<string, Promise<unknown>>();
  lockTables.set(root, locks);

  const pathOf = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(root, sha256.slice(0, 2), sha256);
  };

  const exists = async (path: string) =>
    stat(path).then(
      (s) => s.isFile(),
      () => false,
    );

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

    /** Moves a received file under its hash; if that content is stored already, drops the copy. */
    async commit(file: ReceivedFile): Promise<void> {
      const target = pathOf(file.sha256);
      if (await exists(target)) {
        await rm(file.tempPath, { force: true });
        return;
      }
      await mkdir(join(root, file.sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
      await rename(file.tempPath, target);
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

    async has(sha256: string): Promise<boolean> {
      return exists(pathOf(sha256));
    },

    open(sha256: string) {
      return createReadStream(pathOf(sha256));
    },

    async remove(sha256: string): Promise<void> {
      await rm(pathOf(sha256), { force: true });
    },

    /**
     * Runs `fn` alone for one hash: storing a file and recording it, or forgetting a record and
     * deleting the file when nothing else refers to it, never interleave in this process.
     */
    async exclusive<T>(sha256: string, fn: () => Promise<T>): Promise<T> {
      const previous = locks.get(sha256) ?? Promise.resolve();
      const run = previous.then(fn);
      const tail = run.catch(() => {});
      locks.set(sha256, tail);
      try {
        return await run;
      } finally {
        if (locks.get(sha256) === tail) locks.delete(sha256);
      }
    },
  };
}

export type EvidenceStorage = ReturnType<typeof createEvidenceStorage>;
