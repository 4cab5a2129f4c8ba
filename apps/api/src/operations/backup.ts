// Backup and restore of the whole product: every table of the database (embedded PGlite or a
// PostgreSQL server; evidence content is in it, evidence_chunks), the evidence content kept in an
// S3 bucket (S3_*), the generated secrets under DATA_DIR and any evidence file an older version
// left on disk, in one portable file; after a restore, every rating trail's hash chain and every
// certificate's signatures are verified. `pnpm ccmm backup FILE` / `pnpm ccmm restore FILE`.
//
// The file: gzip'd JSON lines. A header (format, version, the migrations the database had), then
// per table in foreign-key order its rows in batches ({"table", "rows"}, each row as PostgreSQL's
// row_to_json writes it, so every type round-trips through json_populate_recordset on either
// database), the files ({"file", "data"} base64 chunks, then {"fileEnd", "sha256", "size"}), the
// bucket's contents (version 2: {"content", "data"} base64 chunks streamed from the bucket, then
// {"contentEnd", "size"}), and a trailer with the row count of every table and the number of files
// and contents. A restore puts the contents into the target's store: its bucket with S3_*, else
// its database.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Database, type DatabaseHandle, migrationStatus, openDatabase, rowsOf } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { certificateVerifies } from '../modules/certificates/certificate-revisions.ts';
import { certificateSigner, keyIdsOf } from '../modules/certificates/certificate-signing.ts';
import { createCertificatesRepository } from '../modules/certificates/certificates.repository.ts';
import { openContentStore } from '../modules/evidence/evidence.s3.ts';
import { type ContentStore, createEvidenceStorage } from '../modules/evidence/evidence.storage.ts';
import { verifyChain } from '../modules/ratings/audit-trail.ts';
import { createRatingsRepository } from '../modules/ratings/ratings.repository.ts';

export const BACKUP_FORMAT = 'ccmm-backup';
/** 2: with evidence content from an S3 bucket; 1 (every content in the database) is read too. */
export const BACKUP_VERSION = 2;
const READABLE_VERSIONS: readonly unknown[] = [1, 2];
/** Rows per line of the file (and per INSERT on restore). */
const ROWS_PER_BATCH = 500;
/**
 * Fewer for tables of large rows: a chunk of evidence content is up to 256 KiB, 512 KiB as
 * row_to_json's hex, so a line of 4 stays near 2 MB in memory.
 */
const BATCH_ROWS: Readonly<Record<string, number>> = { evidence_chunks: 4 };
/** Bytes of a file per line (base64 in the file). */
const FILE_CHUNK = 1024 * 1024;
/**
 * What under DATA_DIR a backup holds besides the database: the secrets, and evidence files an
 * older version kept on disk (not yet moved into the database; a restore moves them there).
 */
const FILE_DIRS = ['evidence', 'secrets'] as const;

export class BackupError extends Error {
  constructor(
    readonly code: 'not_empty' | 'bad_file' | 'other_version' | 'migrations_pending' | 'content_unavailable',
    message: string,
  ) {
    super(message);
  }
}

export interface BackupSummary {
  readonly tables: Record<string, number>;
  readonly files: number;
  /** Evidence contents from (or into) an S3 bucket. */
  readonly contents: number;
  readonly bytes: number;
}

export interface IntegrityReport {
  readonly trails: { readonly checked: number; readonly entries: number; readonly broken: string[] };
  readonly certificates: { readonly checked: number; readonly invalid: string[] };
  readonly ok: boolean;
}

interface Header {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly driver: DatabaseHandle['driver'];
  readonly migrations: number;
}

interface TableInfo {
  readonly name: string;
  /** Columns a row is written with (generated ones are recomputed). */
  readonly columns: readonly string[];
}

/** The database a Config names: DATABASE_URL's server, else the embedded one under DATA_DIR. */
export function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return config.databaseUrl
    ? openDatabase({ url: config.databaseUrl, maxConnections: 2 })
    : openDatabase({ dataDir: join(config.dataDir, 'pglite') });
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The public schema's tables, each after the tables it refers to. */
async function tablesInOrder(db: Database): Promise<TableInfo[]> {
  const columns = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and is_generated = 'NEVER'
        and table_name in (select table_name from information_schema.tables
                           where table_schema = 'public' and table_type = 'BASE TABLE')
      order by table_name, ordinal_position`),
  );
  const references = rowsOf<{ child: string; parent: string }>(
    await db.execute(sql`
      select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public'`),
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
  const unquote = (name: string) => name.replace(/^"|"$/g, '').replace(/^public\./, '');
  const parents = new Map<string, Set<string>>();
  for (const r of references) {
    const child = unquote(r.child);
    const parent = unquote(r.parent);
    if (child !== parent) parents.set(child, (parents.get(child) ?? new Set()).add(parent));
  }
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.includes(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const parent of [...(parents.get(name) ?? [])].sort()) if (byTable.has(parent)) visit(parent);
    visiting.delete(name);
    ordered.push(name);
  };
  for (const name of [...byTable.keys()].sort()) visit(name);
  return ordered.map((name) => ({ name, columns: byTable.get(name) ?? [] }));
}

/** Every file under DATA_DIR's evidence and secrets directories (not uploads in progress). */
async function dataFiles(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative(dataDir, path) !== join('evidence', 'tmp')) await walk(path);
      } else if (entry.isFile()) found.push(relative(dataDir, path).split(sep).join('/'));
    }
  };
  for (const dir of FILE_DIRS) await walk(join(dataDir, dir));
  return found.sort();
}

/** Evidence contents whose bytes are in a bucket, a page at a time (by sha256). */
async function* contentsInBucket(db: Database): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const page = rowsOf<{ sha256: string }>(
      await db.execute(
        sql`select sha256 from evidence_contents where chunks = 0 and size > 0 and sha256 > ${after} order by sha256 limit ${ROWS_PER_BATCH}`,
      ),
    );
    for (const { sha256 } of page) yield sha256;
    const last = page.at(-1);
    if (!last || page.length < ROWS_PER_BATCH) return;
    after = last.sha256;
  }
}

/** Writes the backup of the configured database, its bucket's contents and DATA_DIR's files to `file`. */
export async function backup(config: Config, file: string): Promise<BackupSummary> {
  const database = await openConfiguredDatabase(config);
  let store: ContentStore | undefined;
  try {
    const { db } = database;
    // A database never migrated has no bookkeeping table at all.
    const migrations = await migrationStatus(db).catch(() => undefined);
    if (!migrations || migrations.applied !== migrations.expected)
      throw new BackupError(
        'migrations_pending',
        `the database has ${migrations?.applied ?? 0} of this version's migrations${migrations ? ` (of ${migrations.expected})` : ''}: start the server once (it migrates), then back up`,
      );
    const applied = migrations.applied;
    const content = await openContentStore(config, db);
    store = content;
    const [inBucket] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from evidence_contents where chunks = 0 and size > 0`),
    );
    if (content.kind === 'database' && (inBucket?.n ?? 0) > 0)
      throw new BackupError(
        'content_unavailable',
        `${inBucket?.n} evidence contents are kept in an S3 bucket and S3_BUCKET is not set: back up with the server's S3_* settings`,
      );
    const tables = await tablesInOrder(db);
    const counts: Record<string, number> = {};
    let files = 0;
    let contents = 0;
    const paths = await dataFiles(config.dataDir);
    const temp = `${file}.part`;
    await mkdir(dirname(file), { recursive: true });
    async function* lines(): AsyncGenerator<string> {
      const header: Header = {
        format: BACKUP_FORMAT,
        // Readable by versions before buckets while it holds no bucket's content.
        version: content.kind === 's3' || (inBucket?.n ?? 0) > 0 ? BACKUP_VERSION : 1,
        createdAt: new Date().toISOString(),
        driver: database.driver,
        migrations: applied,
      };
      yield `${JSON.stringify(header)}\n`;
      for (const table of tables) {
        counts[table.name] = 0;
        const select = table.columns.map(quoteIdent).join(', ');
        // Keyset paging on the physical row id: the whole table is never in memory at once.
        let after = '(0,0)';
        const batchRows = BATCH_ROWS[table.name] ?? ROWS_PER_BATCH;
        for (;;) {
          const batch = rowsOf<{ ctid: string; row: Record<string, unknown> }>(
            await db.execute(
              sql.raw(
                `select t.ctid::text as ctid, row_to_json(t) as row from (select ctid, ${select} from ${quoteIdent(table.name)} where ctid > '${after}'::tid order by ctid limit ${batchRows}) t`,
              ),
            ),
          );
          if (batch.length === 0) break;
          after = batch.at(-1)?.ctid ?? after;
          const rows = batch.map(({ row }) => {
            const { ctid: _ctid, ...rest } = typeof row === 'string' ? JSON.parse(row) : row;
            return rest;
          });
          counts[table.name] = (counts[table.name] ?? 0) + rows.length;
          yield `${JSON.stringify({ table: table.name, rows })}\n`;
          if (batch.length < batchRows) break;
        }
      }
      for (const path of paths) {
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of createReadStream(join(config.dataDir, path), {
          highWaterMark: FILE_CHUNK,
        })) {
          const buffer = chunk as Buffer;
          hash.update(buffer);
          size += buffer.length;
          yield `${JSON.stringify({ file: path, data: buffer.toString('base64') })}\n`;
        }
        files += 1;
        yield `${JSON.stringify({ fileEnd: path, sha256: hash.digest('hex'), size })}\n`;
      }
      // The bucket's objects, streamed through: each checked against its name.
      for await (const sha256 of contentsInBucket(db)) {
        const hash = createHash('sha256');
        let size = 0;
        try {
          for await (const chunk of content.open(sha256)) {
            const buffer = chunk as Buffer;
            hash.update(buffer);
            size += buffer.length;
            yield `${JSON.stringify({ content: sha256, data: buffer.toString('base64') })}\n`;
          }
        } catch (error) {
          throw new BackupError(
            'content_unavailable',
            `evidence content ${sha256} cannot be read from the bucket ${config.s3?.bucket}: ${(error as Error).message}`,
          );
        }
        if (hash.digest('hex') !== sha256)
          throw new BackupError(
            'content_unavailable',
            `evidence content ${sha256} in the bucket ${config.s3?.bucket} does not match its name (damaged)`,
          );
        contents += 1;
        yield `${JSON.stringify({ contentEnd: sha256, size })}\n`;
      }
      yield `${JSON.stringify({ end: true, tables: counts, files, contents })}\n`;
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(temp, { mode: 0o600 }));
    await rename(temp, file);
    return { tables: counts, files, contents, bytes: (await stat(file)).size };
  } finally {
    store?.close();
    await database.close();
  }
}

/** Rows in the public tables; a database holding none is empty. */
async function rowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tablesInOrder(db)) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql.raw(`select count(*)::int as n from ${quoteIdent(table.name)}`)),
    );
    counts[table.name] = row?.n ?? 0;
  }
  return counts;
}

/**
 * Restores `file` into the configured database (migrated first) and DATA_DIR, both of which
 * must be empty, then verifies every trail and certificate.
 */
export async function restore(
  config: Config,
  file: string,
): Promise<BackupSummary & { readonly integrity: IntegrityReport }> {
  const database = await openConfiguredDatabase(config);
  let store: ContentStore | undefined;
  try {
    const { db } = database;
    await database.migrate();
    const present = Object.entries(await rowCounts(db)).filter(([, n]) => n > 0);
    if (present.length > 0)
      throw new BackupError(
        'not_empty',
        // Table names and counts only: the CLI puts them after a sentence in the reader's language.
        present.map(([t, n]) => `${t}: ${n}`).join(', '),
      );
    const existing = await dataFiles(config.dataDir);
    if (existing.length > 0) throw new BackupError('not_empty', `${config.dataDir}: ${existing.length}`);
    const migrations = (await migrationStatus(db)).expected;
    const tables = new Map((await tablesInOrder(db)).map((t) => [t.name, t]));
    const content = await openContentStore(config, db);
    store = content;
    const counts: Record<string, number> = {};
    let files = 0;
    let contents = 0;
    /** The content being restored: its bytes flow into the store as they are read. */
    let incoming: { sha256: string; sink: ContentSink } | undefined;
    const restoredContents: string[] = [];
    let header: Header | undefined;
    let trailer: { tables: Record<string, number>; files: number; contents?: number } | undefined;
    const written: string[] = [];
    let open: { path: string; temp: string; stream: ReturnType<typeof createWriteStream> } | undefined;
    const hashes = new Map<string, ReturnType<typeof createHash>>();
    try {
      await db.transaction(async (tx) => {
        // Made here, right before it is read: lines readline reads before the loop starts
        // (while BEGIN went to a PostgreSQL server) would be lost, and with them its end.
        const input = createInterface({
          input: createReadStream(file).pipe(createGunzip()),
          crlfDelay: Number.POSITIVE_INFINITY,
        });
        for await (const line of input) {
          if (!line) continue;
          let record: Record<string, unknown>;
          try {
            record = JSON.parse(line);
          } catch {
            throw new BackupError('bad_file', `${file} is not a ccmm backup (a line is not JSON)`);
          }
          if (!header) {
            if (record.format !== BACKUP_FORMAT || !READABLE_VERSIONS.includes(record.version))
              throw new BackupError(
                'bad_file',
                `${file} is not a ccmm backup (format ${BACKUP_FORMAT} ${READABLE_VERSIONS.join(' or ')})`,
              );
            header = record as unknown as Header;
            if (header.migrations !== migrations)
              throw new BackupError(
                'other_version',
                `the backup was made by a version with ${header.migrations} migrations, this one has ${migrations}: restore it with the same version, then upgrade`,
              );
            continue;
          }
          if (typeof record.table === 'string' && Array.isArray(record.rows)) {
            const table = tables.get(record.table);
            if (!table)
              throw new BackupError('bad_file', `the backup has a table this version lacks: ${record.table}`);
            const columns = table.columns.map(quoteIdent).join(', ');
            await tx.execute(
              sql`${sql.raw(`insert into ${quoteIdent(table.name)} (${columns}) overriding system value select ${columns} from json_populate_recordset(null::${quoteIdent(table.name)}, `)}${JSON.stringify(record.rows)}::json)`,
            );
            counts[table.name] = (counts[table.name] ?? 0) + record.rows.length;
          } else if (typeof record.file === 'string' && typeof record.data === 'string') {
            const path = safePath(config.dataDir, record.file);
            if (open?.path !== path) {
              await mkdir(dirname(path), { recursive: true, mode: 0o700 });
              open = {
                path,
                temp: `${path}.restoring`,
                stream: createWriteStream(`${path}.restoring`, { mode: 0o600 }),
              };
              hashes.set(path, createHash('sha256'));
            }
            const data = Buffer.from(record.data, 'base64');
            hashes.get(path)?.update(data);
            if (!open.stream.write(data)) {
              const stream = open.stream;
              await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
            }
          } else if (typeof record.fileEnd === 'string') {
            const path = safePath(config.dataDir, record.fileEnd);
            if (open?.path !== path) {
              // An empty file has no data line.
              await mkdir(dirname(path), { recursive: true, mode: 0o700 });
              await writeFile(`${path}.restoring`, Buffer.alloc(0), { mode: 0o600 });
              hashes.set(path, createHash('sha256'));
            } else {
              await new Promise<void>((resolve, reject) =>
                open?.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
              );
              open = undefined;
            }
            if (hashes.get(path)?.digest('hex') !== record.sha256)
              throw new BackupError('bad_file', `${record.fileEnd} in the backup does not match its hash`);
            await rename(`${path}.restoring`, path);
            written.push(path);
            files += 1;
          } else if (typeof record.content === 'string' && typeof record.data === 'string') {
            if (incoming?.sha256 !== record.content) {
              if (incoming) throw new BackupError('bad_file', `${incoming.sha256} in the backup has no end`);
              const sha256 = record.content;
              incoming = { sha256, sink: contentSink((source) => content.restore(tx, sha256, source)) };
              restoredContents.push(sha256);
            }
            await incoming.sink.write(Buffer.from(record.data, 'base64'));
          } else if (typeof record.contentEnd === 'string') {
            if (incoming?.sha256 !== record.contentEnd)
              throw new BackupError('bad_file', `${record.contentEnd} in the backup has no data`);
            try {
              await incoming.sink.end();
            } catch (error) {
              throw new BackupError(
                'bad_file',
                `evidence content ${record.contentEnd} in the backup cannot be restored: ${(error as Error).message}`,
              );
            }
            incoming = undefined;
            contents += 1;
          } else if (record.end === true) {
            trailer = record as unknown as typeof trailer;
          }
        }
        if (!header) throw new BackupError('bad_file', `${file} is empty`);
        if (!trailer)
          throw new BackupError('bad_file', `${file} is cut short (no trailer): nothing was restored`);
        for (const [name, n] of Object.entries(trailer.tables)) {
          counts[name] ??= 0;
          if ((counts[name] ?? 0) !== n)
            throw new BackupError(
              'bad_file',
              `${name}: ${counts[name] ?? 0} rows read, the backup says ${n}`,
            );
        }
        if (files !== trailer.files)
          throw new BackupError('bad_file', `${files} files read, the backup says ${trailer.files}`);
        if (incoming || contents !== (trailer.contents ?? 0))
          throw new BackupError(
            'bad_file',
            `${contents} evidence contents read, the backup says ${trailer.contents ?? 0}`,
          );
        await resetSequences(tx as unknown as Database);
      });
    } catch (error) {
      open?.stream.destroy();
      incoming?.sink.abort();
      if (open) await rm(open.temp, { force: true });
      for (const path of written) await rm(path, { force: true });
      // Objects put into a bucket for rows that were rolled back.
      for (const sha256 of restoredContents) await content.release(sha256).catch(() => {});
      throw error;
    }
    // Evidence files of a backup made when content was kept on disk: into the content store.
    await createEvidenceStorage(config.dataDir, db, content).importLegacyFiles();
    const integrity = await verifyIntegrity(config, db);
    return { tables: counts, files, contents, bytes: (await stat(file)).size, integrity };
  } finally {
    store?.close();
    await database.close();
  }
}

/** Bytes written into a store's restore as a backup's lines are read (with back-pressure). */
interface ContentSink {
  write(data: Buffer): Promise<void>;
  /** No more bytes: resolves once the store has them (and checked their hash). */
  end(): Promise<void>;
  abort(): void;
}

function contentSink(restore: (source: Readable) => Promise<void>): ContentSink {
  const source = new PassThrough();
  const done = restore(source);
  // A failure is awaited by write or end; until then it must not go unhandled.
  done.catch(() => {});
  return {
    async write(data) {
      if (!source.write(data)) await Promise.race([once(source, 'drain'), done]);
    },
    async end() {
      source.end();
      await done;
    },
    abort: () => source.destroy(),
  };
}

/** A path the backup names, kept inside DATA_DIR's evidence and secrets directories. */
function safePath(dataDir: string, name: string): string {
  const path = join(dataDir, name);
  const rel = relative(dataDir, path);
  const top = rel.split(sep)[0];
  if (rel.startsWith('..') || !FILE_DIRS.some((d) => d === top) || rel.split(sep).length < 2)
    throw new BackupError('bad_file', `the backup names a file outside the data directory: ${name}`);
  return path;
}

/** Serial and identity columns continue after the restored rows. */
async function resetSequences(db: Database): Promise<void> {
  const sequences = rowsOf<{ table_name: string; column_name: string; seq: string }>(
    await db.execute(sql`
      select table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) as seq
      from information_schema.columns
      where table_schema = 'public' and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`),
  );
  for (const s of sequences) {
    await db.execute(
      sql.raw(
        `select setval('${s.seq.replaceAll("'", "''")}', coalesce((select max(${quoteIdent(s.column_name)}) from ${quoteIdent(s.table_name)}), 1), (select count(*) > 0 from ${quoteIdent(s.table_name)}))`,
      ),
    );
  }
}

/**
 * Every assessment's rating trail (verifyChain, as GET …/trail/verify does) and every
 * certificate's signatures (certificateVerifies, as the verification page does).
 */
export async function verifyIntegrity(config: Config, db: Database): Promise<IntegrityReport> {
  const ratings = createRatingsRepository(db);
  const assessments = rowsOf<{ id: string }>(
    await db.execute(sql`select distinct assessment_id as id from rating_events order by 1`),
  );
  const broken: string[] = [];
  let entries = 0;
  for (const { id } of assessments) {
    const check = verifyChain(await ratings.trail(id));
    entries += check.entries;
    if (!check.valid) broken.push(`${id} (entry ${check.brokenAt}: ${check.reason})`);
  }
  const certificates = createCertificatesRepository(db);
  const numbers = rowsOf<{ number: string }>(
    await db.execute(sql`select number from certificates order by 1`),
  );
  const invalid: string[] = [];
  if (numbers.length > 0) {
    const signer = await certificateSigner(config, db);
    const today = new Date().toISOString().slice(0, 10);
    for (const { number } of numbers) {
      const view = await certificates.findAny(number, today);
      if (view) await signer.learn(keyIdsOf([view]));
      if (!view || !certificateVerifies(signer, view)) invalid.push(number);
    }
  }
  return {
    trails: { checked: assessments.length, entries, broken },
    certificates: { checked: numbers.length, invalid },
    ok: broken.length === 0 && invalid.length === 0,
  };
}
