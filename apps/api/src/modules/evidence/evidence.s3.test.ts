import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { schema } from '@ccmm/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody, buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { startS3, type TestS3 } from '../../../test/s3.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { openContentStore } from './evidence.s3.ts';
import { SWEEP_GRACE_MS, sweepUnreferencedContent } from './evidence.storage.ts';

// Evidence content in an S3 bucket (S3_*), against a real S3-compatible server in this process
// (s3rver, on a free port, its objects in a temp directory): what the API stores is the bucket's
// object, byte for byte, and every rule of the database store holds.

const BUCKET = 'ccmm-evidence';
/** One session secret: apps on one database, as server processes, take each other's sessions. */
const JWT_SECRET = 'j'.repeat(48);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** UTF-8 text of `bytes` length, different for each `seed` (text is taken as text/plain). */
const text = (bytes: number, seed: string) => {
  const line = Buffer.from(`证据 ${seed} — line of a call recording transcript\n`);
  const lines = Buffer.concat(Array.from({ length: Math.floor(bytes / line.length) }, () => line));
  return Buffer.concat([lines, Buffer.alloc(bytes - lines.length, '.')]);
};

let s3: TestS3;
let env: Record<string, string>;
let t: TestApp;
let auditor: Session;
let audit: { id: string };

const objects = () => s3.keys();
const object = (sha: string) => s3.object(`evidence/${sha}`);

function upload(app: TestApp, file: Buffer, fields: { filename?: string; sha256?: string } = {}) {
  let req = app.http().post(`/api/assessments/${audit.id}/evidence`).set(auditor.auth).field('clauses', '1');
  if (fields.sha256) req = req.field('sha256', fields.sha256);
  return req.attach('file', file, { filename: fields.filename ?? 'notes.txt', contentType: 'text/plain' });
}

const download = (app: TestApp, id: string) =>
  app
    .http()
    .get(`/api/assessments/${audit.id}/evidence/${id}/content`)
    .set(auditor.auth)
    .buffer(true)
    .parse(binaryBody);

const remove = (app: TestApp, id: string) =>
  app.http().delete(`/api/assessments/${audit.id}/evidence/${id}`).set(auditor.auth).expect(204);

async function contentRow(app: TestApp, sha: string) {
  const [row] = await app.database.db
    .select()
    .from(schema.evidenceContents)
    .where(eq(schema.evidenceContents.sha256, sha));
  const chunks = await app.database.db
    .select({ seq: schema.evidenceChunks.seq })
    .from(schema.evidenceChunks)
    .where(eq(schema.evidenceChunks.sha256, sha));
  return row && { size: row.size, chunks: row.chunks, chunkRows: chunks.length };
}

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  env = s3.env;
  t = await buildTestApp({ ...env, JWT_SECRET });
  const s = seeder(t);
  await s.setupAdmin();
  const org = await s.organization();
  auditor = await s.user('auditor');
  audit = await s.assessment(org.id, 'certification', [auditor.id]);
});

afterAll(async () => {
  await t?.close();
  await s3?.stop();
});

describe('evidence content in an S3 bucket', () => {
  it('stores an upload as the object evidence/<sha256>, its row without chunks, and downloads it byte for byte', async () => {
    const bytes = text(3000, 'one');
    const sha = sha256(bytes);
    const res = await upload(t, bytes).expect(201);
    expect(res.body).toMatchObject({ sha256: sha, size: bytes.length, mediaType: 'text/plain' });
    expect(Buffer.compare(await object(sha), bytes)).toBe(0);
    expect(await contentRow(t, sha)).toEqual({ size: bytes.length, chunks: 0, chunkRows: 0 });
    const back = await download(t, res.body.id).expect(200);
    expect(back.headers['content-length']).toBe(String(bytes.length));
    expect(Buffer.compare(back.body, bytes)).toBe(0);
    await remove(t, res.body.id);
  });

  it('takes a retry of the same upload as the same evidence, keeps one object, and deletes it with the last evidence', async () => {
    const bytes = text(5000, 'retry');
    const sha = sha256(bytes);
    const first = await upload(t, bytes, { sha256: sha }).expect(201);
    const retry = await upload(t, bytes, { sha256: sha }).expect(200);
    expect(retry.body.id).toBe(first.body.id);
    const other = await upload(t, bytes, { filename: 'copy.txt' }).expect(201);
    expect(other.body.id).not.toBe(first.body.id);
    expect((await objects()).filter((key) => key === `evidence/${sha}`)).toHaveLength(1);

    await remove(t, first.body.id);
    expect(await objects()).toContain(`evidence/${sha}`);
    expect(Buffer.compare((await download(t, other.body.id).expect(200)).body, bytes)).toBe(0);
    await remove(t, other.body.id);
    expect(await objects()).not.toContain(`evidence/${sha}`);
    expect(await contentRow(t, sha)).toBeUndefined();
  });

  it('streams a 20 MB file in (a multipart upload) and out, byte for byte', async () => {
    const bytes = text(20 * 1024 * 1024, 'large');
    const sha = sha256(bytes);
    const res = await upload(t, bytes, { filename: 'large.txt' }).expect(201);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `evidence/${sha}` }));
    expect(head.ContentLength).toBe(bytes.length);
    const back = await download(t, res.body.id).expect(200);
    expect(back.body.length).toBe(bytes.length);
    expect(sha256(back.body)).toBe(sha);
    await remove(t, res.body.id);
    expect(await objects()).not.toContain(`evidence/${sha}`);
  }, 60_000);

  it('leaves no object for an upload refused over quota after its bytes went to the bucket', async () => {
    const small = await buildTestApp(
      { ...env, JWT_SECRET, EVIDENCE_MAX_BYTES_PER_ASSESSMENT: '1000' },
      { shareDatabaseOf: t },
    );
    try {
      const bytes = text(2000, 'over quota');
      const res = await upload(small, bytes).expect(413);
      expect(res.body.code).toBe('evidence.quota_bytes');
      expect(await objects()).not.toContain(`evidence/${sha256(bytes)}`);
      expect(await contentRow(t, sha256(bytes))).toBeUndefined();
    } finally {
      await small.close();
    }
  });

  it('serves through a second process on the same database and bucket what the first stored, and removes it there', async () => {
    const other = await buildTestApp({ ...env, JWT_SECRET }, { shareDatabaseOf: t });
    try {
      const bytes = text(70_000, 'two processes');
      const res = await upload(t, bytes).expect(201);
      expect(Buffer.compare((await download(other, res.body.id).expect(200)).body, bytes)).toBe(0);
      await remove(other, res.body.id);
      expect(await objects()).not.toContain(`evidence/${sha256(bytes)}`);
    } finally {
      await other.close();
    }
  });

  it('still serves content stored in the database before S3 was set; without S3 content in the bucket is not found', async () => {
    const plain = await buildTestApp({ JWT_SECRET }, { shareDatabaseOf: t });
    try {
      const before = text(1000, 'before S3');
      const old = await upload(plain, before).expect(201);
      expect(await contentRow(t, sha256(before))).toMatchObject({ chunks: 1, chunkRows: 1 });
      expect(Buffer.compare((await download(t, old.body.id).expect(200)).body, before)).toBe(0);

      const after = text(1000, 'in the bucket');
      const inBucket = await upload(t, after).expect(201);
      const missing = await download(plain, inBucket.body.id).expect(404);
      expect(JSON.parse(missing.body.toString()).code).toBe('evidence.not_found');
      await remove(t, old.body.id);
      await remove(t, inBucket.body.id);
    } finally {
      await plain.close();
    }
  });
});

describe('unreferenced content in the bucket', () => {
  it('sweeps, past the grace period, an object no row names and a row no evidence names, and keeps what evidence uses', async () => {
    // A process that died between its upload and its commit: an object and no row.
    const lost = text(700, 'lost');
    await s3.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `evidence/${sha256(lost)}`, Body: lost }),
    );
    // Evidence gone with its assessment, its content row left behind.
    const left = text(800, 'left');
    const leftEvidence = await upload(t, left).expect(201);
    await t.database.db.delete(schema.evidence).where(eq(schema.evidence.id, leftEvidence.body.id));
    const kept = text(900, 'kept');
    const keptEvidence = await upload(t, kept).expect(201);
    const content = await openContentStore(loadConfig({ ...env, JWT_SECRET }, '/tmp'), t.database.db);
    try {
      // Within the grace period nothing goes (an upload or a restore may be under way).
      expect(await sweepUnreferencedContent(t.database.db, content)).toEqual({ rows: 0, objects: 0 });
      expect(await objects()).toContain(`evidence/${sha256(lost)}`);
      const later = new Date(Date.now() + SWEEP_GRACE_MS + 60_000);
      expect(await sweepUnreferencedContent(t.database.db, content, later)).toEqual({ rows: 1, objects: 1 });
      const keys = await objects();
      expect(keys).not.toContain(`evidence/${sha256(lost)}`);
      expect(keys).not.toContain(`evidence/${sha256(left)}`);
      expect(await contentRow(t, sha256(left))).toBeUndefined();
      expect(Buffer.compare((await download(t, keptEvidence.body.id).expect(200)).body, kept)).toBe(0);
    } finally {
      content.close();
    }
    await remove(t, keptEvidence.body.id);
  });
});

describe('S3 settings', () => {
  /** The problems a start-up with these settings stops with (the store the app opens), or none. */
  async function problems(settings: Record<string, string>): Promise<readonly string[]> {
    try {
      (await openContentStore(loadConfig(settings, '/'), t.database.db)).close();
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  }

  it('stops an app starting with a bucket that is not there, naming S3_BUCKET', async () => {
    const refused = await buildTestApp({ ...env, S3_BUCKET: 'no-such-bucket' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems).toEqual([
      `S3_BUCKET: there is no bucket no-such-bucket at ${env.S3_ENDPOINT} (create it, or name the right one)`,
    ]);
  }, 120_000);

  it('names refused keys and an endpoint nobody answers at', async () => {
    expect(await problems(env)).toEqual([]);
    const refused = await problems({ ...env, S3_ACCESS_KEY_ID: 'WRONG' });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(
      /^S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: the bucket ccmm-evidence at .* refuses them/,
    );
    const unreachable = await problems({ ...env, S3_ENDPOINT: 'http://127.0.0.1:9' });
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]).toMatch(
      /^S3_ENDPOINT: cannot reach the bucket ccmm-evidence at http:\/\/127\.0\.0\.1:9/,
    );
  }, 60_000);

  it('refuses incomplete settings, naming each missing one', () => {
    const problems = (settings: Record<string, string>) => {
      try {
        loadConfig(settings, '/');
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.split(':')[0]);
      }
    };
    expect(problems({ S3_ENDPOINT: 'http://minio:9000' })).toEqual(['S3_BUCKET', 'S3_REGION']);
    expect(problems({ S3_BUCKET: BUCKET })).toEqual(['S3_REGION']);
    expect(problems({ S3_BUCKET: BUCKET, S3_REGION: 'eu-central-1', S3_ACCESS_KEY_ID: 'k' })).toEqual([
      'S3_SECRET_ACCESS_KEY',
    ]);
    expect(problems({ S3_BUCKET: 'Not_A_Bucket' })).toEqual(['S3_BUCKET']);
    expect(problems({ S3_BUCKET: BUCKET, S3_REGION: 'eu-central-1' })).toEqual([]);
    expect(loadConfig({}, '/').s3).toBeUndefined();
    expect(loadConfig({ ...env }, '/').s3).toEqual({
      bucket: BUCKET,
      endpoint: env.S3_ENDPOINT,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
    });
  });
});
