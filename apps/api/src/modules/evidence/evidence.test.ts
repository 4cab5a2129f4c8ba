import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { schema } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody, buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { displayName } from './evidence.forms.ts';
import { attachment } from './evidence.routes.ts';
import {
  CHUNK_BYTES,
  createEvidenceStorage,
  databaseContentStore,
  openContent,
  SWEEP_GRACE_MS,
  sweepUnreferencedContent,
} from './evidence.storage.ts';
import { recordEvidence } from './evidence.usecases.ts';

// A valid 1×1 PNG (one opaque pixel).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** The same picture with a different trailing byte after IEND: other bytes, still a PNG. */
const pngVariant = (n: number) => Buffer.concat([PNG, Buffer.from([n])]);
// The start of a 64-bit Linux executable, and of a Windows one.
const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  Buffer.alloc(8),
  Buffer.from([0x02, 0x00, 0x3e, 0x00, 0x01, 0x00, 0x00, 0x00]),
  Buffer.alloc(200, 0x90),
]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0x00, 0x03, 0x00]), Buffer.alloc(250, 0)]);
/** Bytes that are no known format and not UTF-8 text (deterministic, with NULs). */
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 167 + 13) % 256));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under a directory, as paths relative to it. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * What an app keeps of evidence content: each content stored in its database (as "db:<sha256>"),
 * and any file under DATA_DIR/evidence (temp files of uploads: none once an upload is answered).
 */
async function stored(app: TestApp): Promise<string[]> {
  const rows = await app.database.db
    .select({ sha256: schema.evidenceContents.sha256 })
    .from(schema.evidenceContents)
    .orderBy(schema.evidenceContents.sha256);
  return [...rows.map((r) => `db:${r.sha256}`), ...(await walk(join(app.config.dataDir, 'evidence')))];
}

/** The stored content of `sha256`, read back through the storage's stream. */
async function contentOf(app: TestApp, sha256: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of openContent(app.database.db, sha256)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function upload(
  app: TestApp,
  who: Session,
  assessmentId: string,
  file: Buffer,
  fields: { filename?: string; clauses?: string | string[]; caption?: string } = {},
) {
  let req = app.http().post(`/api/assessments/${assessmentId}/evidence`).set(who.auth);
  const clauses = fields.clauses ?? '1';
  for (const value of Array.isArray(clauses) ? clauses : [clauses]) req = req.field('clauses', value);
  if (fields.caption !== undefined) req = req.field('caption', fields.caption);
  return req.attach('file', file, { filename: fields.filename ?? 'photo.png', contentType: 'image/png' });
}

async function evidenceRows(app: TestApp): Promise<number> {
  const [row] = await app.database.db.select({ n: sql<number>`count(*)::int` }).from(schema.evidence);
  return row?.n ?? 0;
}

let t: TestApp;
let auditor: Session;
let otherAuditor: Session;
let centerAdmin: Session;
let otherCenter: Session;
let grantedConsultant: Session;
let consultant: Session;
let admin: Session;
let audit: { id: string };
let selfAssessment: { id: string };
let orgA: { id: string };
let s: ReturnType<typeof seeder>;

beforeAll(async () => {
  t = await buildTestApp();
  s = seeder(t);
  admin = await s.setupAdmin();
  orgA = await s.organization();
  const orgB = await s.organization();
  auditor = await s.user('auditor');
  otherAuditor = await s.user('auditor');
  centerAdmin = await s.user('center_admin', orgA.id);
  otherCenter = await s.user('center_admin', orgB.id);
  grantedConsultant = await s.user('consultant');
  consultant = await s.user('consultant');
  audit = await s.assessment(orgA.id, 'certification', [auditor.id]);
  selfAssessment = await s.assessment(orgA.id, 'self');
  await t
    .http()
    .post(`/api/organizations/${orgA.id}/consultants`)
    .set(centerAdmin.auth)
    .send({ consultantId: grantedConsultant.id })
    .expect(201);
});
afterAll(async () => t.close());

describe('uploading files', () => {
  it('stores a PNG linked to two clauses, lists it and downloads the same bytes with its type', async () => {
    const res = await upload(t, auditor, audit.id, PNG, { clauses: '1, 2', caption: '前台照片' }).expect(201);
    expect(res.body).toMatchObject({
      kind: 'file',
      assessmentId: audit.id,
      clauses: [1, 2],
      caption: '前台照片',
      sha256: sha256(PNG),
      mediaType: 'image/png',
      size: PNG.length,
      fileName: 'photo.png',
      createdBy: auditor.id,
      url: null,
      text: null,
    });
    expect(new Date(res.body.createdAt).getTime()).not.toBeNaN();

    const list = await t.http().get(`/api/assessments/${audit.id}/evidence`).set(auditor.auth).expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toContain(res.body.id);
    const ofClause2 = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence?clause=2`)
      .set(auditor.auth)
      .expect(200);
    expect(ofClause2.body.map((e: { id: string }) => e.id)).toContain(res.body.id);
    const ofClause3 = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence?clause=3`)
      .set(auditor.auth)
      .expect(200);
    expect(ofClause3.body.map((e: { id: string }) => e.id)).not.toContain(res.body.id);

    const download = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${res.body.id}/content`)
      .set(auditor.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(Buffer.compare(download.body, PNG)).toBe(0);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="photo\.png"/);
  });

  it('reads the clauses whether they come before or after the file, comma-separated or repeated', async () => {
    const after = await t
      .http()
      .post(`/api/assessments/${audit.id}/evidence`)
      .set(auditor.auth)
      .attach('file', pngVariant(1), 'after.png')
      .field('clauses', '5')
      .field('clauses', '3，4')
      .expect(201);
    expect(after.body.clauses).toEqual([3, 4, 5]);
  });

  it('names stored files by their sha256 only: the uploaded name never appears in the data directory', async () => {
    const bytes = pngVariant(2);
    const name = '机密-secret-name-q7.png';
    const res = await upload(t, auditor, audit.id, bytes, { filename: name }).expect(201);
    expect(res.body.fileName).toBe(name);
    const hash = sha256(bytes);
    expect(Buffer.compare(await contentOf(t, hash), bytes)).toBe(0);
    const files = await stored(t);
    expect(files.length).toBeGreaterThan(0);
    // In the database under its hash; nothing left on disk (the temp file is gone).
    for (const file of files) expect(file).toMatch(/^db:[0-9a-f]{64}$/);
    const everything = await walk(t.config.dataDir);
    expect(everything.filter((f) => f.includes('secret-name') || f.includes('机密'))).toEqual([]);
  });

  it('stores the same bytes uploaded twice once, and keeps them until no evidence uses them', async () => {
    const bytes = pngVariant(3);
    const hash = sha256(bytes);
    const first = await upload(t, auditor, audit.id, bytes, { filename: 'a.png' }).expect(201);
    const second = await upload(t, auditor, audit.id, bytes, { filename: 'b.png', clauses: '7' }).expect(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.sha256).toBe(hash);
    expect((await stored(t)).filter((f) => f.endsWith(hash))).toHaveLength(1);

    await t
      .http()
      .delete(`/api/assessments/${audit.id}/evidence/${first.body.id}`)
      .set(auditor.auth)
      .expect(204);
    expect((await stored(t)).filter((f) => f.endsWith(hash))).toHaveLength(1);
    const stillThere = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${second.body.id}/content`)
      .set(auditor.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(Buffer.compare(stillThere.body, bytes)).toBe(0);
    const gone = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${first.body.id}/content`)
      .set(auditor.auth)
      .expect(404);
    expect(gone.body.code).toBe('evidence.not_found');

    await t
      .http()
      .delete(`/api/assessments/${audit.id}/evidence/${second.body.id}`)
      .set(auditor.auth)
      .expect(204);
    expect((await stored(t)).filter((f) => f.endsWith(hash))).toEqual([]);
    const again = await t
      .http()
      .delete(`/api/assessments/${audit.id}/evidence/${second.body.id}`)
      .set(auditor.auth)
      .expect(404);
    expect(again.body.code).toBe('evidence.not_found');
  });

  it('refuses a file named photo.png whose content is an executable or unknown binary, storing nothing', async () => {
    const filesBefore = await stored(t);
    const rowsBefore = await evidenceRows(t);
    for (const bytes of [ELF, EXE, BINARY]) {
      const res = await upload(t, auditor, audit.id, bytes, { filename: 'photo.png' }).expect(415);
      expect(res.body.code).toBe('evidence.type_not_allowed');
      expect(res.body.message).toEqual(expect.any(String));
    }
    expect(await stored(t)).toEqual(filesBefore);
    expect(await evidenceRows(t)).toBe(rowsBefore);
  });

  it('accepts UTF-8 text such as CSV as text/plain, and offers a Chinese name as filename*', async () => {
    const csv = Buffer.from('条目,说明\n1,培训记录\n2,排班表\n', 'utf8');
    const res = await upload(t, auditor, audit.id, csv, { filename: '培训记录.csv' }).expect(201);
    expect(res.body.mediaType).toBe('text/plain');
    const download = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${res.body.id}/content`)
      .set(auditor.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(Buffer.compare(download.body, csv)).toBe(0);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="____.csv"; filename*=UTF-8''${encodeURIComponent('培训记录.csv')}`,
    );
  });

  it('refuses an empty file, a request without a file and one with two files', async () => {
    const rowsBefore = await evidenceRows(t);
    const empty = await upload(t, auditor, audit.id, Buffer.alloc(0)).expect(400);
    expect(empty.body.code).toBe('evidence.empty');
    const none = await t
      .http()
      .post(`/api/assessments/${audit.id}/evidence`)
      .set(auditor.auth)
      .field('clauses', '1')
      .expect(400);
    expect(none.body.code).toBe('evidence.file_required');
    const two = await t
      .http()
      .post(`/api/assessments/${audit.id}/evidence`)
      .set(auditor.auth)
      .field('clauses', '1')
      .attach('file', pngVariant(20), 'one.png')
      .attach('file', pngVariant(21), 'two.png')
      .expect(400);
    expect(two.body.code).toBe('evidence.file_required');
    expect((await stored(t)).filter((f) => f.endsWith(sha256(pngVariant(20))))).toEqual([]);
    const json = await t
      .http()
      .post(`/api/assessments/${audit.id}/evidence`)
      .set(auditor.auth)
      .send({ clauses: [1] })
      .expect(415);
    expect(json.body.code).toBe('request.unsupported_media_type');
    expect(await evidenceRows(t)).toBe(rowsBefore);
  });

  it('refuses an unknown, a missing or a malformed clause and stores nothing', async () => {
    const filesBefore = await stored(t);
    const rowsBefore = await evidenceRows(t);
    const bytes = pngVariant(4);
    const unknown = await upload(t, auditor, audit.id, bytes, { clauses: '1,9999' }).expect(400);
    expect(unknown.body.code).toBe('clause.unknown');
    expect(unknown.body.message).toContain('9999');
    const missing = await upload(t, auditor, audit.id, bytes, { clauses: ' ' }).expect(400);
    expect(missing.body.code).toBe('evidence.no_clause');
    const malformed = await upload(t, auditor, audit.id, bytes, { clauses: '1,two' }).expect(400);
    expect(malformed.body.code).toBe('request.invalid');
    expect(await stored(t)).toEqual(filesBefore);
    expect(await evidenceRows(t)).toBe(rowsBefore);
  });

  it('accepts a file at the configured limit, answers 413 for one over it and stores nothing of that', async () => {
    const small = await buildTestApp({ EVIDENCE_MAX_BYTES: '1024' });
    try {
      const seed = seeder(small);
      const org = await seed.organization();
      const rater = await seed.user('auditor');
      const assessment = await seed.assessment(org.id, 'certification', [rater.id]);
      const atLimit = Buffer.alloc(1024, 0x61);
      await upload(small, rater, assessment.id, atLimit, { filename: 'a.txt' }).expect(201);
      const filesBefore = await stored(small);
      expect(filesBefore).toHaveLength(1);
      const big = Buffer.concat([PNG, Buffer.alloc(2048, 0x41)]);
      const res = await upload(small, rater, assessment.id, big).expect(413);
      expect(res.body.code).toBe('request.body_too_large');
      expect(res.body.message).toContain('1024');
      expect(await stored(small)).toEqual(filesBefore);
      expect(await evidenceRows(small)).toBe(1);
    } finally {
      await small.close();
    }
  });
});

describe('a caption written after the file', () => {
  it('captions an uploaded file, changes and clears the caption, and refuses an auditor not on the audit', async () => {
    const res = await upload(t, auditor, audit.id, pngVariant(31)).expect(201);
    expect(res.body.caption).toBeNull();
    const path = `/api/assessments/${audit.id}/evidence/${res.body.id}`;
    const set = await t
      .http()
      .patch(path)
      .set(auditor.auth)
      .send({ caption: '  机房门禁记录  ' })
      .expect(200);
    expect(set.body).toMatchObject({ id: res.body.id, caption: '机房门禁记录', fileName: 'photo.png' });
    const listed = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence?clause=1`)
      .set(auditor.auth)
      .expect(200);
    expect(listed.body.find((e: { id: string }) => e.id === res.body.id).caption).toBe('机房门禁记录');
    await t.http().patch(path).set(auditor.auth).send({ caption: '' }).expect(200);
    const cleared = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence?clause=1`)
      .set(auditor.auth)
      .expect(200);
    expect(cleared.body.find((e: { id: string }) => e.id === res.body.id).caption).toBeNull();
    const tooLong = await t
      .http()
      .patch(path)
      .set(auditor.auth)
      .send({ caption: 'x'.repeat(501) });
    expect(tooLong.status).toBe(400);
    const stranger = await t.http().patch(path).set(otherAuditor.auth).send({ caption: '改' });
    expect(stranger.status).toBe(404);
    const missing = await t
      .http()
      .patch(`/api/assessments/${audit.id}/evidence/00000000-0000-4000-8000-000000000000`)
      .set(auditor.auth)
      .send({ caption: '改' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('evidence.not_found');
  });
});

describe('notes and links', () => {
  it('adds a note and an https link to clauses and lists them with the files', async () => {
    const note = await t
      .http()
      .post(`/api/assessments/${audit.id}/evidence/notes`)
      .set(auditor.auth)
      .send({ kind: 'note', text: '现场查看了排班系统', clauses: [10, 11], caption: '现场记录' })
      .expect(201);
    expect(note.body).toMatchObject({
      kind: 'note',
      text: '现场查看了排班系统',
      clauses: [10, 11],
      caption: '现场记录',
      sha256: null,
      url: null,
    });
    const link = await t
      .http()
      .post(`/api/assessments/${audit.id}/evidence/notes`)
      .set(auditor.auth)
      .send({ kind: 'link', url: 'https://intranet.example/qa/report?id=7', clauses: [10] })
      .expect(201);
    expect(link.body).toMatchObject({
      kind: 'link',
      url: 'https://intranet.example/qa/report?id=7',
      caption: null,
    });

    const list = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence?clause=10`)
      .set(auditor.auth)
      .expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toEqual([note.body.id, link.body.id]);
    const noContent = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${note.body.id}/content`)
      .set(auditor.auth)
      .expect(404);
    expect(noContent.body.code).toBe('evidence.not_found');
  });

  it('refuses a javascript: or ftp: link, an unknown clause and no clause at all', async () => {
    const post = (body: object) =>
      t.http().post(`/api/assessments/${audit.id}/evidence/notes`).set(auditor.auth).send(body);
    const script = await post({ kind: 'link', url: 'javascript:alert(1)', clauses: [1] }).expect(400);
    expect(script.body.code).toBe('request.invalid');
    const ftp = await post({ kind: 'link', url: 'ftp://files.example/x', clauses: [1] }).expect(400);
    expect(ftp.body.code).toBe('request.invalid');
    const unknown = await post({ kind: 'note', text: 'x', clauses: [0] }).expect(400);
    expect(unknown.body.code).toBe('request.invalid');
    const notInStandard = await post({ kind: 'note', text: 'x', clauses: [500] }).expect(400);
    expect(notInStandard.body.code).toBe('clause.unknown');
    const none = await post({ kind: 'note', text: 'x', clauses: [] }).expect(400);
    expect(none.body.code).toBe('evidence.no_clause');
  });
});

describe('who may see and add evidence', () => {
  let fileId: string;
  beforeAll(async () => {
    fileId = (await upload(t, auditor, audit.id, pngVariant(5)).expect(201)).body.id;
  });

  it('hides it from a center user of another organization and an unassigned auditor', async () => {
    for (const outsider of [otherCenter, otherAuditor]) {
      const list = await t.http().get(`/api/assessments/${audit.id}/evidence`).set(outsider.auth).expect(404);
      expect(list.body.code).toBe('assessment.not_found');
      const download = await t
        .http()
        .get(`/api/assessments/${audit.id}/evidence/${fileId}/content`)
        .set(outsider.auth)
        .expect(404);
      expect(download.body.code).toBe('assessment.not_found');
      const add = await upload(t, outsider, audit.id, pngVariant(6)).expect(404);
      expect(add.body.code).toBe('assessment.not_found');
      const remove = await t
        .http()
        .delete(`/api/assessments/${audit.id}/evidence/${fileId}`)
        .set(outsider.auth)
        .expect(404);
      expect(remove.body.code).toBe('assessment.not_found');
    }
  });

  it('hides it from a consultant without a grant, who may not upload either', async () => {
    await t.http().get(`/api/assessments/${audit.id}/evidence`).set(consultant.auth).expect(404);
    await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${fileId}/content`)
      .set(consultant.auth)
      .expect(404);
    const add = await upload(t, consultant, audit.id, pngVariant(6)).expect(403);
    expect(add.body.code).toBe('auth.forbidden');
  });

  it('lets a granted consultant neither list nor download the evidence of an audit in progress, nor add or remove', async () => {
    const list = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence`)
      .set(grantedConsultant.auth)
      .expect(403);
    expect(list.body.code).toBe('assessment.sealed');
    await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${fileId}/content`)
      .set(grantedConsultant.auth)
      .expect(403);
    await upload(t, grantedConsultant, audit.id, pngVariant(6)).expect(403);
    await t
      .http()
      .post(`/api/assessments/${audit.id}/evidence/notes`)
      .set(grantedConsultant.auth)
      .send({ kind: 'note', text: 'x', clauses: [1] })
      .expect(403);
    await t
      .http()
      .delete(`/api/assessments/${audit.id}/evidence/${fileId}`)
      .set(grantedConsultant.auth)
      .expect(403);
  });

  it('lets the certification body read everything but add nothing', async () => {
    const list = await t.http().get(`/api/assessments/${audit.id}/evidence`).set(admin.auth).expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toContain(fileId);
    const add = await upload(t, admin, audit.id, pngVariant(6)).expect(403);
    expect(add.body.code).toBe('auth.forbidden');
  });

  it('lets center users add evidence to their self-assessment but not to an audit of them', async () => {
    const own = await upload(t, centerAdmin, selfAssessment.id, pngVariant(7)).expect(201);
    expect(own.body.createdBy).toBe(centerAdmin.id);
    const audited = await upload(t, centerAdmin, audit.id, pngVariant(8)).expect(403);
    expect(audited.body.code).toBe('evidence.not_contributor');
    // The audit in progress is sealed from the center until it is submitted.
    const sealed = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence`)
      .set(centerAdmin.auth)
      .expect(403);
    expect(sealed.body.code).toBe('assessment.sealed');
  });
});

describe('a submitted assessment', () => {
  it('refuses new evidence and removals once submitted, and still serves what it has', async () => {
    const rater = await s.user('auditor');
    const assessment = await s.assessment(orgA.id, 'certification', [rater.id]);
    const kept = await upload(t, rater, assessment.id, pngVariant(9)).expect(201);
    const standard = await t.http().get('/api/standards/cc-cmm-oc@2017').set(rater.auth).expect(200);
    const clauses = (standard.body.pack.clauses as { number: number }[]).map((c) => c.number);
    expect(clauses).toHaveLength(168);
    await t
      .http()
      .put(`/api/assessments/${assessment.id}/scores`)
      .set(rater.auth)
      .send({ ratings: clauses.map((clause) => ({ clause, c: 10, f: 10 })) })
      .expect(200);
    await t.http().post(`/api/assessments/${assessment.id}/submit`).set(rater.auth).expect(200);

    const filesBefore = await stored(t);
    const add = await upload(t, rater, assessment.id, pngVariant(10)).expect(409);
    expect(add.body.code).toBe('assessment.closed');
    const note = await t
      .http()
      .post(`/api/assessments/${assessment.id}/evidence/notes`)
      .set(rater.auth)
      .send({ kind: 'note', text: '补充说明', clauses: [1] })
      .expect(409);
    expect(note.body.code).toBe('assessment.closed');
    const remove = await t
      .http()
      .delete(`/api/assessments/${assessment.id}/evidence/${kept.body.id}`)
      .set(rater.auth)
      .expect(409);
    expect(remove.body.code).toBe('assessment.closed');
    expect(await stored(t)).toEqual(filesBefore);
    await t
      .http()
      .get(`/api/assessments/${assessment.id}/evidence/${kept.body.id}/content`)
      .set(rater.auth)
      .expect(200);
  });
});

describe('file names, storage and the contract', () => {
  it('sweeps temp files of uploads that never finished, leaving recent ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ccmm-evidence-sweep-'));
    try {
      const storage = createEvidenceStorage(dir, t.database.db);
      await mkdir(join(storage.root, 'tmp'), { recursive: true });
      const stale = join(storage.root, 'tmp', 'stale.part');
      const fresh = join(storage.root, 'tmp', 'fresh.part');
      await writeFile(stale, 'x');
      await writeFile(fresh, 'y');
      const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
      await utimes(stale, dayAgo, dayAgo);
      await storage.sweep();
      expect(await walk(storage.root)).toEqual([join('tmp', 'fresh.part')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sweeps content no evidence names once past the grace period, chunks and all, and keeps what evidence uses', async () => {
    const orphan = pngVariant(41);
    const used = pngVariant(42);
    const gone = await upload(t, auditor, audit.id, orphan, { filename: 'orphan.png' }).expect(201);
    const kept = await upload(t, auditor, audit.id, used, { filename: 'used.png' }).expect(201);
    // Evidence that went without its content (with its assessment, or a crash before the clean-up).
    await t.database.db.execute(sql`delete from ${schema.evidence} where id = ${gone.body.id}::uuid`);
    const content = databaseContentStore(t.database.db);
    expect(await sweepUnreferencedContent(t.database.db, content)).toEqual({ rows: 0, objects: 0 });
    expect(await stored(t)).toContain(`db:${sha256(orphan)}`);
    const later = new Date(Date.now() + SWEEP_GRACE_MS + 60_000);
    expect(await sweepUnreferencedContent(t.database.db, content, later)).toEqual({ rows: 1, objects: 0 });
    const left = await stored(t);
    expect(left).not.toContain(`db:${sha256(orphan)}`);
    expect(left).toContain(`db:${sha256(used)}`);
    const chunks = await t.database.db.execute(
      sql`select count(*)::int as n from ${schema.evidenceChunks} where sha256 = ${sha256(orphan)}`,
    );
    expect(
      (Array.isArray(chunks) ? chunks : (chunks as unknown as { rows: { n: number }[] }).rows)[0]?.n,
    ).toBe(0);
    await t
      .http()
      .delete(`/api/assessments/${audit.id}/evidence/${kept.body.id}`)
      .set(auditor.auth)
      .expect(204);
  });

  it('keeps a file over several chunks in the database and streams it back byte for byte', async () => {
    // 2.5 chunks of text that is not all one byte, so a chunk out of order would show.
    const size = Math.floor(CHUNK_BYTES * 2.5);
    const bytes = Buffer.from(Array.from({ length: size }, (_, i) => 0x61 + ((i * 7) % 26)));
    const hash = sha256(bytes);
    const res = await upload(t, auditor, audit.id, bytes, { filename: 'long.txt' }).expect(201);
    const [content] = await t.database.db
      .select()
      .from(schema.evidenceContents)
      .where(sql`${schema.evidenceContents.sha256} = ${hash}`);
    expect(content).toMatchObject({ size, chunks: 3 });
    const chunks = await t.database.db
      .select({ seq: schema.evidenceChunks.seq, n: sql<number>`length(${schema.evidenceChunks.data})::int` })
      .from(schema.evidenceChunks)
      .where(sql`${schema.evidenceChunks.sha256} = ${hash}`)
      .orderBy(schema.evidenceChunks.seq);
    expect(chunks).toEqual([
      { seq: 0, n: CHUNK_BYTES },
      { seq: 1, n: CHUNK_BYTES },
      { seq: 2, n: size - 2 * CHUNK_BYTES },
    ]);
    const download = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${res.body.id}/content`)
      .set(auditor.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(sha256(download.body)).toBe(hash);
  });

  it('moves files an older version kept on disk into the database, and leaves one that does not match its name', async () => {
    const storage = createEvidenceStorage(t.config.dataDir, t.database.db);
    const good = Buffer.from('旧版本留在磁盘上的证据\n'.repeat(50));
    const goodHash = sha256(good);
    const badHash = sha256(Buffer.from('something else'));
    await mkdir(join(storage.root, goodHash.slice(0, 2)), { recursive: true });
    await mkdir(join(storage.root, badHash.slice(0, 2)), { recursive: true });
    await writeFile(join(storage.root, goodHash.slice(0, 2), goodHash), good);
    await writeFile(join(storage.root, badHash.slice(0, 2), badHash), 'not the bytes its name says');
    const result = await storage.importLegacyFiles();
    expect(result.imported).toBe(1);
    expect(result.mismatched).toEqual([join(storage.root, badHash.slice(0, 2), badHash)]);
    expect(Buffer.compare(await contentOf(t, goodHash), good)).toBe(0);
    expect(await storage.has(badHash)).toBe(false);
    expect(await walk(storage.root)).toEqual([join(badHash.slice(0, 2), badHash)]);
    await rm(join(storage.root, badHash.slice(0, 2)), { recursive: true });
  });

  it('keeps only a display name: no path, no control or direction characters, at most 200 characters', () => {
    expect(displayName('../../etc/passwd')).toBe('passwd');
    expect(displayName('C:\\Users\\张三\\证据.pdf')).toBe('证据.pdf');
    expect(displayName('evil\u202egnp.exe')).toBe('evilgnp.exe');
    expect(displayName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(displayName('  ')).toBeNull();
    expect(displayName(undefined)).toBeNull();
    const long = displayName(`${'长'.repeat(300)}.docx`);
    expect([...(long ?? '')]).toHaveLength(200);
    expect(long?.endsWith('.docx')).toBe(true);
  });

  it('quotes names in content-disposition safely for old and new clients', () => {
    expect(attachment('report "final".pdf')).toBe(
      `attachment; filename="report _final_.pdf"; filename*=UTF-8''report%20%22final%22.pdf`,
    );
    expect(attachment("it's (1).txt")).toBe(
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });

  it('documents the evidence routes, the upload as multipart/form-data', async () => {
    const doc = await t.http().get('/api/docs/json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, { requestBody?: { content: object } }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/assessments/{id}/evidence',
        '/api/assessments/{id}/evidence/notes',
        '/api/assessments/{id}/evidence/{evidenceId}/content',
        '/api/assessments/{id}/evidence/{evidenceId}',
      ]),
    );
    expect(Object.keys(paths['/api/assessments/{id}/evidence']?.post?.requestBody?.content ?? {})).toEqual([
      'multipart/form-data',
    ]);
  });
});

describe('limits', () => {
  it('takes an evidence file larger than the JSON body limit, and refuses a JSON body over it with 413', async () => {
    const big = await buildTestApp();
    try {
      const s = seeder(big);
      const org = await s.organization();
      const auditor = await s.user('auditor');
      const { id } = await s.assessment(org.id, 'certification', [auditor.id]);
      // 5 MiB of text: over the 4 MiB JSON limit, under the 50 MB evidence limit.
      const text = Buffer.alloc(5 * 1024 * 1024, 'x');
      const upload = await big
        .http()
        .post(`/api/assessments/${id}/evidence`)
        .set(auditor.auth)
        .field('clauses', '1')
        .attach('file', text, 'log.txt');
      expect(upload.status).toBe(201);
      expect(upload.body.size).toBe(text.length);
      const json = await big
        .http()
        .put(`/api/assessments/${id}/scores`)
        .set(auditor.auth)
        .set('content-type', 'application/json')
        .send(`{"ratings":[],"pad":"${'y'.repeat(5 * 1024 * 1024)}"}`);
      expect(json.status).toBe(413);
      expect(json.body.code).toBe('request.body_too_large');
    } finally {
      await big.close();
    }
  });
});

describe('the name a download is offered under', () => {
  it('offers a PNG uploaded as report.pdf as report.png, with its type', async () => {
    const bytes = pngVariant(30);
    const res = await upload(t, auditor, audit.id, bytes, { filename: 'report.pdf' }).expect(201);
    expect(res.body.mediaType).toBe('image/png');
    expect(res.body.fileName).toBe('report.pdf');
    const download = await t
      .http()
      .get(`/api/assessments/${audit.id}/evidence/${res.body.id}/content`)
      .set(auditor.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="report.png"; filename*=UTF-8''report.png`,
    );
    expect(Buffer.compare(download.body, bytes)).toBe(0);
  });
});

describe('evidence quotas', () => {
  /** A text file of `size` bytes, its content told apart by `letter`. */
  const text = (letter: string, size: number) => Buffer.alloc(size, letter);

  /** An app with the given quotas, one organization, an auditor and `count` audits of it. */
  async function withQuotas(env: Record<string, string>, count = 1) {
    const app = await buildTestApp(env);
    const seed = seeder(app);
    const org = await seed.organization();
    const rater = await seed.user('auditor');
    const assessments: { id: string }[] = [];
    for (let i = 0; i < count; i++)
      assessments.push(await seed.assessment(org.id, 'certification', [rater.id]));
    return { app, seed, org, rater, assessments };
  }

  it('refuses a third file of an assessment allowed two with 422, and takes one again after a removal', async () => {
    const { app, rater, assessments, seed, org } = await withQuotas(
      { EVIDENCE_MAX_FILES_PER_ASSESSMENT: '2' },
      2,
    );
    try {
      const [first, second] = assessments as [{ id: string }, { id: string }];
      const kept = await upload(app, rater, first.id, text('a', 10), { filename: 'a.txt' }).expect(201);
      // The same content again is a second file: the quota counts files, not contents.
      await upload(app, rater, first.id, text('a', 10), { filename: 'a-again.txt' }).expect(201);
      const refused = await upload(app, rater, first.id, text('b', 10), { filename: 'b.txt' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'evidence.quota_files', limit: 2, used: 2 });
      expect(refused.body.message).toBe('本评估的证据文件已达上限 2 个：请先删除不需要的文件');
      // Notes and links are not files, and the other assessment has its own two.
      await app
        .http()
        .post(`/api/assessments/${first.id}/evidence/notes`)
        .set(rater.auth)
        .send({ kind: 'note', text: '现场记录', clauses: [1] })
        .expect(201);
      await upload(app, rater, second.id, text('b', 10), { filename: 'b.txt' }).expect(201);
      await app
        .http()
        .delete(`/api/assessments/${first.id}/evidence/${kept.body.id}`)
        .set(rater.auth)
        .expect(204);
      await upload(app, rater, first.id, text('b', 10), { filename: 'b.txt' }).expect(201);
      // A self-assessment of the same center counts on its own as well.
      const center = await seed.user('center_admin', org.id);
      const own = await seed.assessment(org.id, 'self');
      await upload(app, center, own.id, text('c', 10), { filename: 'c.txt' }).expect(201);
    } finally {
      await app.close();
    }
  });

  it('refuses a file that takes an assessment over its bytes with 413, but not content it already holds', async () => {
    const { app, rater, assessments } = await withQuotas({ EVIDENCE_MAX_BYTES_PER_ASSESSMENT: '1536' });
    try {
      const [only] = assessments as [{ id: string }];
      await upload(app, rater, only.id, text('a', 1000), { filename: 'a.txt' }).expect(201);
      await upload(app, rater, only.id, text('b', 536), { filename: 'b.txt' }).expect(201);
      const refused = await upload(app, rater, only.id, text('c', 1), { filename: 'c.txt' }).expect(413);
      expect(refused.body).toMatchObject({ code: 'evidence.quota_bytes', limit: 1536, used: 1536 });
      // Stored once already: a second upload of the same bytes takes no more space.
      const again = await upload(app, rater, only.id, text('a', 1000), { filename: 'copy.txt' }).expect(201);
      expect(again.body.size).toBe(1000);
    } finally {
      await app.close();
    }
  });

  it('refuses a file that takes an organization over its bytes across two assessments, and no other organization', async () => {
    const { app, seed, rater, assessments } = await withQuotas(
      { EVIDENCE_MAX_BYTES_PER_ORGANIZATION: '1000' },
      2,
    );
    try {
      const [first, second] = assessments as [{ id: string }, { id: string }];
      await upload(app, rater, first.id, text('a', 600), { filename: 'a.txt' }).expect(201);
      await upload(app, rater, second.id, text('b', 400), { filename: 'b.txt' }).expect(201);
      const refused = await upload(app, rater, second.id, text('c', 1), { filename: 'c.txt' }).expect(413);
      expect(refused.body).toMatchObject({
        code: 'evidence.quota_organization_bytes',
        limit: 1000,
        used: 1000,
      });
      // The organization holds that content already (in the first assessment): no more space.
      await upload(app, rater, second.id, text('a', 600), { filename: 'a.txt' }).expect(201);
      // Another organization's evidence, even of the same content, counts against its own quota.
      const other = await seed.organization();
      const otherAudit = await seed.assessment(other.id, 'certification', [rater.id]);
      await upload(app, rater, otherAudit.id, text('c', 1), { filename: 'c.txt' }).expect(201);
      await upload(app, rater, otherAudit.id, text('a', 600), { filename: 'a.txt' }).expect(201);
    } finally {
      await app.close();
    }
  });

  it('leaves no row and no file on disk, not even a temp file, for an upload refused over quota', async () => {
    const { app, rater, assessments } = await withQuotas(
      {
        EVIDENCE_MAX_FILES_PER_ASSESSMENT: '1',
        EVIDENCE_MAX_BYTES_PER_ORGANIZATION: '100',
      },
      2,
    );
    try {
      const [first, second] = assessments as [{ id: string }, { id: string }];
      await upload(app, rater, first.id, text('a', 60), { filename: 'a.txt' }).expect(201);
      const rowsBefore = await evidenceRows(app);
      const filesBefore = await stored(app);
      expect(filesBefore).toHaveLength(1);
      const overFiles = await upload(app, rater, first.id, pngVariant(40)).expect(422);
      expect(overFiles.body.code).toBe('evidence.quota_files');
      const overBytes = await upload(app, rater, second.id, text('b', 41), { filename: 'b.txt' }).expect(413);
      expect(overBytes.body.code).toBe('evidence.quota_organization_bytes');
      expect(await evidenceRows(app)).toBe(rowsBefore);
      expect(await stored(app)).toEqual(filesBefore);
      // Refused content that another evidence row holds stays for that row.
      await upload(app, rater, first.id, text('a', 60), { filename: 'again.txt' }).expect(422);
      expect(await stored(app)).toEqual(filesBefore);
      await app
        .http()
        .get(`/api/assessments/${first.id}/evidence`)
        .set(rater.auth)
        .expect(200)
        .expect((res) => expect(res.body).toHaveLength(1));
    } finally {
      await app.close();
    }
  });

  it('names the limit in the language the caller’s account chose: 简体, 繁體 and English', async () => {
    const { app, rater, assessments } = await withQuotas({ EVIDENCE_MAX_BYTES_PER_ASSESSMENT: '1536' });
    try {
      const [only] = assessments as [{ id: string }];
      const big = text('z', 1537);
      const messages: Record<string, string> = {};
      for (const locale of ['zh-Hans', 'zh-Hant', 'en']) {
        await app.http().patch('/api/me').set(rater.auth).send({ locale }).expect(200);
        const res = await upload(app, rater, only.id, big, { filename: 'z.txt' }).expect(413);
        messages[locale] = res.body.message;
      }
      expect(messages['zh-Hans']).toBe('加上此文件，本评估的证据文件总大小将超过上限 1.5 KiB（1536 字节）');
      expect(messages['zh-Hant']).toBe('加上此檔案，本評估的證據檔案總大小將超過上限 1.5 KiB（1536 位元組）');
      expect(messages.en).toContain('limit of 1.5 KiB (1536 bytes)');
    } finally {
      await app.close();
    }
  });

  it('takes exactly three of ten uploads that race to an assessment allowed three files', async () => {
    const { app, rater, assessments } = await withQuotas({ EVIDENCE_MAX_FILES_PER_ASSESSMENT: '3' });
    try {
      const [only] = assessments as [{ id: string }];
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          upload(app, rater, only.id, text(String.fromCharCode(0x61 + i), 20), { filename: `${i}.txt` }).then(
            (res) => res.status,
          ),
        ),
      );
      expect(results.filter((status) => status === 201)).toHaveLength(3);
      expect(results.filter((status) => status === 422)).toHaveLength(7);
      expect(await evidenceRows(app)).toBe(3);
      expect(await stored(app)).toHaveLength(3);
    } finally {
      await app.close();
    }
  });

  it('records exactly five of ten 20-byte files inserted at once into two assessments of an organization allowed 100 bytes', async () => {
    const { app, rater, assessments } = await withQuotas({}, 2);
    try {
      const quota = { filesPerAssessment: 100, bytesPerAssessment: 1000, bytesPerOrganization: 100 };
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          recordEvidence(
            app.database.db,
            {
              assessmentId: (assessments[i % 2] as { id: string }).id,
              kind: 'file',
              sha256: sha256(text(String.fromCharCode(0x61 + i), 20)),
              mediaType: 'text/plain',
              size: 20,
              fileName: `${i}.txt`,
              createdBy: rater.id,
            },
            [1],
            quota,
          ),
        ),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
      expect(outcomes.filter((o) => !o.ok && o.reason === 'quota')).toHaveLength(5);
      expect(await evidenceRows(app)).toBe(5);
    } finally {
      await app.close();
    }
  });

  it('takes exactly five of ten 20-byte uploads that race to two assessments of an organization allowed 100 bytes', async () => {
    const { app, rater, assessments } = await withQuotas({ EVIDENCE_MAX_BYTES_PER_ORGANIZATION: '100' }, 2);
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          upload(
            app,
            rater,
            (assessments[i % 2] as { id: string }).id,
            text(String.fromCharCode(0x61 + i), 20),
            {
              filename: `${i}.txt`,
            },
          ).then((res) => res.status),
        ),
      );
      expect(results.filter((status) => status === 201)).toHaveLength(5);
      expect(results.filter((status) => status === 413)).toHaveLength(5);
      expect(await evidenceRows(app)).toBe(5);
      expect(await stored(app)).toHaveLength(5);
    } finally {
      await app.close();
    }
  });
});
