import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '@ccmm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../../test/app.ts';
import { backupPlaces } from '../../test/backup-places.ts';
import { serverUrl } from '../../test/database.ts';
import { startS3, type TestS3 } from '../../test/s3.ts';
import { openContent } from '../modules/evidence/evidence.storage.ts';
import { BackupError, backup, restore } from './backup.ts';

// Backups of a product whose evidence content is in an S3 bucket (s3rver in this process): the
// file holds the bucket's objects, streamed from it, and a restore puts them into the target's
// bucket, or its database when the target has no S3 settings.

let s3: TestS3;
let t: TestApp;
let work: string;
const places = backupPlaces('ccmm-backup-s3-');
const evidenceBytes = Buffer.from('整改记录：质检抽样与辅导\n'.repeat(3000));
const sha = createHash('sha256').update(evidenceBytes).digest('hex');

const emptyTarget = () => places.emptyTarget();

const settings = (env: Record<string, string>) => places.settings(env);

const sourceEnv = () => places.sourceEnv(t);

const lines = (file: string) => places.lines(file);

beforeAll(async () => {
  s3 = await startS3();
  work = await places.open();
  t = await buildTestApp(s3.env, {
    routeDatabase: places.routeDatabase,
  });
  const seed = seeder(t);
  await seed.setupAdmin();
  const auditor = await seed.user('auditor');
  const org = await seed.organization();
  const { id } = await seed.assessment(org.id, 'certification', [auditor.id]);
  await t
    .http()
    .post(`/api/assessments/${id}/evidence`)
    .set(auditor.auth)
    .field('clauses', '1')
    .attach('file', evidenceBytes, { filename: 'records.txt', contentType: 'text/plain' })
    .expect(201);
  expect(await s3.keys()).toEqual([`evidence/${sha}`]);
  await places.keepEmbeddedSource(t);
}, 120_000);

afterAll(async () => {
  await t?.close();
  await s3?.stop();
  await places.close();
});

describe(`backups with evidence content in an S3 bucket (${serverUrl ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  const file = () => join(work, 's3.ccmm.gz');

  it('writes the bucket’s objects into the file and restores them into another bucket byte for byte', async () => {
    const written = await backup(settings({ ...sourceEnv(), ...s3.env }), file());
    expect(written.contents).toBe(1);
    const records = await lines(file());
    expect(records[0]).toMatchObject({ format: 'ccmm-backup', version: 2 });
    expect(records.find((r) => r.contentEnd === sha)).toEqual({
      contentEnd: sha,
      size: evidenceBytes.length,
    });
    expect(records.at(-1)).toMatchObject({ end: true, contents: 1 });

    await s3.createBucket('ccmm-restored');
    const restored = await restore(
      settings({ ...(await emptyTarget()), ...s3.env, S3_BUCKET: 'ccmm-restored' }),
      file(),
    );
    expect(restored.contents).toBe(1);
    expect(restored.integrity.ok).toBe(true);
    expect(await s3.keys('ccmm-restored')).toEqual([`evidence/${sha}`]);
    expect(Buffer.compare(await s3.object(`evidence/${sha}`, 'ccmm-restored'), evidenceBytes)).toBe(0);
  }, 180_000);

  it('restores them into the database when the target has no S3 settings', async () => {
    const target = await emptyTarget();
    const restored = await restore(settings(target), file());
    expect(restored.contents).toBe(1);
    const config = settings(target);
    const handle = config.databaseUrl
      ? await openDatabase({ url: config.databaseUrl, maxConnections: 1 })
      : await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
    try {
      const parts: Buffer[] = [];
      for await (const part of openContent(handle.db, sha)) parts.push(part as Buffer);
      expect(Buffer.compare(Buffer.concat(parts), evidenceBytes)).toBe(0);
    } finally {
      await handle.close();
    }
  }, 180_000);

  it('refuses a content whose bytes were altered, leaving nothing in the bucket', async () => {
    const altered = (await lines(file())).map((r) =>
      r.content === sha ? { ...r, data: Buffer.from('改过的内容').toString('base64') } : r,
    );
    const damaged = join(work, 'damaged.ccmm.gz');
    await writeFile(damaged, gzipSync(`${altered.map((r) => JSON.stringify(r)).join('\n')}\n`));
    await s3.createBucket('ccmm-damaged');
    const refused = await restore(
      settings({ ...(await emptyTarget()), ...s3.env, S3_BUCKET: 'ccmm-damaged' }),
      damaged,
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as BackupError).code).toBe('bad_file');
    expect((refused as BackupError).message).toContain(sha);
    expect(await s3.keys('ccmm-damaged')).toEqual([]);
  }, 180_000);

  it('refuses to back up content kept in a bucket without the S3 settings, saying so', async () => {
    const refused = await backup(settings(sourceEnv()), join(work, 'without-s3.ccmm.gz')).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as BackupError).code).toBe('content_unavailable');
    expect((refused as BackupError).message).toMatch(
      /1 evidence contents are kept in an S3 bucket and S3_BUCKET is not set/,
    );
  }, 180_000);
});
