import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { openDatabase, rowsOf } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../../test/app.ts';
import { backupPlaces } from '../../test/backup-places.ts';
import { certifiedAudit } from '../../test/certification.ts';
import { serverUrl } from '../../test/database.ts';
import { loadConfig } from '../config.ts';
import { openContent } from '../modules/evidence/evidence.storage.ts';
import { BackupError, backup, restore } from './backup.ts';

// Backup → a new, empty place → restore, on the database this run uses (PGlite; PostgreSQL with
// TEST_DATABASE_URL): equal row counts, equal rows, evidence bytes and secrets, every trail and
// certificate verified; a non-empty target refused; a tampered backup caught by the verification.
let t: TestApp;
let work: string;
const places = backupPlaces('ccmm-backup-');
const evidenceBytes = Buffer.from('会议纪要：客户满意度改进计划\n'.repeat(200));
let assessmentId = '';
let certificate = '';

const emptyTarget = () => places.emptyTarget();

async function tableRows(env: Record<string, string>) {
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' }, work);
  const handle = config.databaseUrl
    ? await openDatabase({ url: config.databaseUrl, maxConnections: 1 })
    : await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
  try {
    const names = rowsOf<{ table_name: string }>(
      await handle.db.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
      ),
    ).map((r) => r.table_name);
    const out: Record<string, string[]> = {};
    for (const name of names) {
      const rows = rowsOf<{ j: string }>(
        await handle.db.execute(sql.raw(`select row_to_json(t)::text as j from "${name}" t order by 1`)),
      );
      out[name] = rows.map((r) => r.j);
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** Evidence content as the target's server reads it: from its database, through the storage's stream. */
async function contentIn(env: Record<string, string>, sha256: string): Promise<Buffer> {
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' }, work);
  const handle = config.databaseUrl
    ? await openDatabase({ url: config.databaseUrl, maxConnections: 1 })
    : await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
  try {
    const parts: Buffer[] = [];
    for await (const part of openContent(handle.db, sha256)) parts.push(part as Buffer);
    return Buffer.concat(parts);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  work = await places.open();
  t = await buildTestApp(
    {},
    {
      routeDatabase: places.routeDatabase,
    },
  );
  const seed = seeder(t);
  const reviewer = await seed.user('cb_reviewer');
  const auditor = await seed.user('auditor');
  const org = await seed.organization({ name: '备份客服中心' });
  ({ assessmentId, number: certificate } = await certifiedAudit(t, seed, org.id, auditor, reviewer));
  // Evidence on an audit in progress (its content in the database: evidence_chunks).
  const { id } = await seed.assessment(org.id, 'surveillance', [auditor.id]);
  await t
    .http()
    .post(`/api/assessments/${id}/evidence`)
    .set(auditor.auth)
    .field('clauses', '1')
    .attach('file', evidenceBytes, { filename: 'minutes.txt', contentType: 'text/plain' })
    .expect(201);
  await places.keepEmbeddedSource(t);
}, 120_000);

afterAll(async () => {
  await t?.close();
  await places.close();
});

const sourceEnv = () => places.sourceEnv(t);

describe(`backup and restore (${serverUrl ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  it('round-trips every table row for row, the evidence and the secrets, and verifies trails and signatures', async () => {
    const file = join(work, 'full.ccmm.gz');
    const source = loadConfig({ ...sourceEnv(), LOG_LEVEL: 'silent' }, work);
    const written = await backup(source, file);
    expect(written.tables.rating_events).toBeGreaterThan(0);
    expect(written.tables.certificates).toBe(1);
    expect(written.files).toBeGreaterThanOrEqual(1); // the signing key (evidence is in the database)
    expect(written.tables.evidence_contents).toBeGreaterThanOrEqual(1);
    expect(written.tables.evidence_chunks).toBeGreaterThanOrEqual(1);

    const targetEnv = await emptyTarget();
    const target = loadConfig({ ...targetEnv, LOG_LEVEL: 'silent' }, work);
    const restored = await restore(target, file);
    expect(restored.tables).toEqual(written.tables);
    expect(restored.files).toBe(written.files);
    expect(restored.integrity.ok).toBe(true);
    expect(restored.integrity.trails.checked).toBeGreaterThanOrEqual(1);
    expect(restored.integrity.trails.broken).toEqual([]);
    expect(restored.integrity.certificates).toEqual({ checked: 1, invalid: [] });

    // Row for row the same, in every table.
    const before = await tableRows(sourceEnv());
    const after = await tableRows(targetEnv);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);

    // The evidence content, byte for byte, where the server looks for it (the target's database).
    const [{ sha256 } = { sha256: '' }] = rowsOf<{ sha256: string }>(
      await t.database.db.execute(sql`select sha256 from evidence where sha256 is not null limit 1`),
    );
    expect(await contentIn(targetEnv, sha256)).toEqual(evidenceBytes);
    expect(assessmentId).toBeTruthy();
    expect(certificate).toMatch(/^CCMM/);

    // A second restore into the now non-empty target is refused, naming what it holds.
    const again = await restore(target, file).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(BackupError);
    expect((again as BackupError).code).toBe('not_empty');
    expect((again as BackupError).message).toMatch(/(^|, )rating_events: \d+/);
  }, 180_000);

  it('restores a backup made when evidence was kept on disk: the file goes into the database', async () => {
    const lines = gunzipSync(await readFile(join(work, 'full.ccmm.gz')))
      .toString('utf8')
      .split('\n')
      .filter(Boolean);
    // The same backup as an older version wrote it: no content tables, the evidence as a file.
    const trailer = JSON.parse(lines.at(-1) ?? '') as { tables: Record<string, number>; files: number };
    const sha256 = createHash('sha256').update(evidenceBytes).digest('hex');
    const path = `evidence/${sha256.slice(0, 2)}/${sha256}`;
    const old = lines
      .slice(0, -1)
      .filter(
        (l) => !l.startsWith('{"table":"evidence_contents"') && !l.startsWith('{"table":"evidence_chunks"'),
      );
    old.push(JSON.stringify({ file: path, data: evidenceBytes.toString('base64') }));
    old.push(JSON.stringify({ fileEnd: path, sha256, size: evidenceBytes.length }));
    old.push(
      JSON.stringify({
        end: true,
        tables: { ...trailer.tables, evidence_contents: 0, evidence_chunks: 0 },
        files: trailer.files + 1,
      }),
    );
    const file = join(work, 'old-format.ccmm.gz');
    await writeFile(file, gzipSync(old.join('\n')));
    const targetEnv = await emptyTarget();
    const restored = await restore(loadConfig({ ...targetEnv, LOG_LEVEL: 'silent' }, work), file);
    expect(restored.integrity.ok).toBe(true);
    expect(await contentIn(targetEnv, sha256)).toEqual(evidenceBytes);
    // Nothing of it stays on the disk.
    expect(existsSync(join(targetEnv.DATA_DIR ?? '', path))).toBe(false);
  }, 180_000);

  it('reports an edited trail entry after restoring a tampered backup', async () => {
    const file = join(work, 'full.ccmm.gz');
    const lines = gunzipSync(await readFile(file))
      .toString('utf8')
      .split('\n');
    const index = lines.findIndex((l) => l.startsWith('{"table":"rating_events"'));
    const record = JSON.parse(lines[index] ?? '');
    record.rows[0].new_c = record.rows[0].new_c === 10 ? 5 : 10;
    lines[index] = JSON.stringify(record);
    const tampered = join(work, 'tampered.ccmm.gz');
    await writeFile(tampered, gzipSync(lines.join('\n')));
    const restored = await restore(
      loadConfig({ ...(await emptyTarget()), LOG_LEVEL: 'silent' }, work),
      tampered,
    );
    expect(restored.integrity.ok).toBe(false);
    expect(restored.integrity.trails.broken).toHaveLength(1);
    expect(restored.integrity.trails.broken[0]).toContain('hash');
  }, 180_000);

  it('refuses a file that is not a backup, or cut short, restoring nothing', async () => {
    const notBackup = join(work, 'not.ccmm.gz');
    await writeFile(notBackup, gzipSync('{"hello":1}\n'));
    const target = loadConfig({ ...(await emptyTarget()), LOG_LEVEL: 'silent' }, work);
    await expect(restore(target, notBackup)).rejects.toMatchObject({ code: 'bad_file' });
    const lines = gunzipSync(await readFile(join(work, 'full.ccmm.gz')))
      .toString('utf8')
      .split('\n');
    const cut = join(work, 'cut.ccmm.gz');
    await writeFile(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    await expect(restore(target, cut)).rejects.toMatchObject({ code: 'bad_file' });
    // Nothing of the cut file stayed: the same target still takes the whole backup.
    const restored = await restore(target, join(work, 'full.ccmm.gz'));
    expect(restored.integrity.ok).toBe(true);
  }, 180_000);
});
