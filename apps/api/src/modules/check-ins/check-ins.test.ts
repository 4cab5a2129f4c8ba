import { createHash, randomUUID } from 'node:crypto';
import { schema } from '@ccmm/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody, buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { checkPdf, flat } from '../../pdf/testing.ts';

// Presence on record (issue 15): the audit team checks in and out from the device; only the
// audit's assigned auditors; the photo stored once as evidence; sent again, the same check-in;
// far from the center's site, flagged for the body to explain; append-only down to the database.

/** The smallest PNG there is: 1×1, one transparent pixel (a byte after it makes each one distinct). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const photo = (n: number) => Buffer.concat([PNG, Buffer.from([n])]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The center's registered site (Guangzhou Tianhe), and points near and far from it. */
const SITE = { siteLatitude: 23.1375, siteLongitude: 113.3295 };
const NEAR = { latitude: 23.1381, longitude: 113.3301, accuracy: 25 }; // ~90 m
const FAR = { latitude: 22.5431, longitude: 114.0579, accuracy: 15 }; // Shenzhen, ~100 km

let t: TestApp;
let lead: Session;
let outsider: Session;
let center: Session;
let otherCenter: Session;
let reviewer: Session;
let admin: Session;
let orgId = '';
let auditId = '';
let selfId = '';

beforeAll(async () => {
  t = await buildTestApp();
  const seed = seeder(t);
  admin = await seed.setupAdmin();
  const org = await seed.organization({ name: '广州天河客服中心' });
  const other = await seed.organization({ name: '佛山客服中心' });
  orgId = org.id;
  lead = await seed.user('auditor');
  outsider = await seed.user('auditor');
  reviewer = await seed.user('cb_reviewer');
  center = await seed.user('center_admin', org.id);
  otherCenter = await seed.user('center_admin', other.id);
  auditId = (await seed.assessment(org.id, 'certification', [lead.id])).id;
  selfId = (await seed.assessment(org.id, 'self')).id;
});
afterAll(async () => t.close());

const http = () => t.http();

function checkIn(
  who: Session,
  fields: {
    id?: string;
    kind?: string;
    at?: string;
    latitude?: number | string;
    longitude?: number | string;
    accuracy?: number | string;
    sha256?: string;
  },
  file?: { bytes: Buffer; name?: string; type?: string },
  assessmentId = auditId,
) {
  let req = http().post(`/api/assessments/${assessmentId}/check-ins`).set(who.auth);
  const values = { id: randomUUID(), kind: 'in', at: new Date().toISOString(), ...fields };
  for (const [name, value] of Object.entries(values)) req = req.field(name, String(value));
  if (file)
    return req.attach('photo', file.bytes, {
      filename: file.name ?? 'checkin.png',
      contentType: file.type ?? 'image/png',
    });
  return req;
}

const count = async (
  table: typeof schema.checkIns | typeof schema.evidence | typeof schema.checkInExplanations,
) => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n ?? 0;

describe('the center’s site coordinates', () => {
  it('the center admin sets them, both together; one alone is refused', async () => {
    const one = await http()
      .patch(`/api/organizations/${orgId}`)
      .set(center.auth)
      .send({ siteLatitude: 23.1 })
      .expect(400);
    expect(one.body.code).toBe('request.invalid');
    const set = await http().patch(`/api/organizations/${orgId}`).set(center.auth).send(SITE).expect(200);
    expect(set.body).toMatchObject(SITE);
    const changes = await http().get(`/api/organizations/${orgId}/changes`).set(admin.auth).expect(200);
    expect(changes.body[0].changes).toMatchObject({ siteLatitude: { from: null, to: SITE.siteLatitude } });
    await http()
      .patch(`/api/organizations/${orgId}`)
      .set(admin.auth)
      .send({ siteLatitude: 91, siteLongitude: 0 })
      .expect(400);
  });
});

describe('checking in', () => {
  const id = randomUUID();
  const at = '2026-07-01T01:30:00.000Z';
  const bytes = photo(1);

  it('the audit’s assigned auditor checks in with the device’s time, location and photo', async () => {
    const res = await checkIn(lead, { id, at, ...NEAR, sha256: sha256(bytes) }, { bytes }).expect(201);
    expect(res.body).toMatchObject({
      id,
      assessmentId: auditId,
      kind: 'in',
      user: { id: lead.id },
      at,
      location: { latitude: NEAR.latitude, longitude: NEAR.longitude, accuracyM: 25 },
      photo: { sha256: sha256(bytes) },
      far: false,
      explanation: null,
    });
    expect(res.body.distanceM).toBeGreaterThan(50);
    expect(res.body.distanceM).toBeLessThan(150);
    // The device's time and the server's receipt time are both kept.
    expect(new Date(res.body.receivedAt).getTime()).toBeGreaterThan(new Date(at).getTime());
    // The photo is evidence of the audit, with no clause.
    const evidence = await http().get(`/api/assessments/${auditId}/evidence`).set(lead.auth).expect(200);
    const item = evidence.body.find((e: { id: string }) => e.id === res.body.photo.evidenceId);
    expect(item).toMatchObject({ kind: 'file', sha256: sha256(bytes), mediaType: 'image/png', clauses: [] });
  });

  it('sent again with the same id (a lost answer), it is the same check-in and the photo is stored once', async () => {
    const [checkIns, evidence] = [await count(schema.checkIns), await count(schema.evidence)];
    const again = await checkIn(lead, { id, at, ...NEAR, sha256: sha256(bytes) }, { bytes }).expect(200);
    expect(again.body.id).toBe(id);
    expect(await count(schema.checkIns)).toBe(checkIns);
    expect(await count(schema.evidence)).toBe(evidence);
  });

  it('only the audit’s assigned auditors check in', async () => {
    const before = await count(schema.checkIns);
    // An auditor not assigned does not see the audit at all.
    expect((await checkIn(outsider, {}).expect(404)).body.code).toBe('assessment.not_found');
    expect((await checkIn(center, {}).expect(403)).body.code).toBe('auth.forbidden');
    expect((await checkIn(admin, {}).expect(403)).body.code).toBe('auth.forbidden');
    expect((await checkIn(reviewer, {}).expect(403)).body.code).toBe('auth.forbidden');
    expect(await count(schema.checkIns)).toBe(before);
  });

  it('an auditor taken off the team checks in no more; their earlier check-in stays', async () => {
    await http()
      .put(`/api/assessments/${auditId}/auditors`)
      .set(admin.auth)
      .send({ userIds: [lead.id, outsider.id] })
      .expect(200);
    await checkIn(outsider, { kind: 'in' }).expect(201);
    await http()
      .put(`/api/assessments/${auditId}/auditors`)
      .set(admin.auth)
      .send({ userIds: [lead.id] })
      .expect(200);
    expect((await checkIn(outsider, { kind: 'out' }).expect(404)).body.code).toBe('assessment.not_found');
    const list = await http().get(`/api/assessments/${auditId}/check-ins`).set(lead.auth).expect(200);
    expect(list.body.filter((c: { user: { id: string } }) => c.user.id === outsider.id)).toHaveLength(1);
  });

  it('a self-assessment has no check-ins', async () => {
    await http()
      .put(`/api/assessments/${selfId}/auditors`)
      .set(admin.auth)
      .send({ userIds: [lead.id] })
      .expect(200);
    const refused = await checkIn(lead, {}, undefined, selfId).expect(422);
    expect(refused.body).toMatchObject({
      code: 'check_in.not_audit',
      message: '自评没有现场审核，不需要签到',
    });
  });

  it('bad input is refused with a code and stores nothing', async () => {
    const [checkIns, evidence] = [await count(schema.checkIns), await count(schema.evidence)];
    const half = await checkIn(lead, { latitude: 23.1 }).expect(400);
    expect(half.body.code).toBe('request.invalid');
    await checkIn(lead, { kind: 'lunch' }).expect(400);
    await checkIn(lead, { id: 'not-a-uuid' }).expect(400);
    await checkIn(lead, { at: 'yesterday' }).expect(400);
    const ahead = await checkIn(lead, { at: '2099-01-01T00:00:00Z' })
      .set('accept-language', 'en')
      .expect(400);
    expect(ahead.body).toMatchObject({ code: 'check_in.in_future' });
    expect(ahead.body.message).toContain('2099-01-01T00:00:00.000Z');
    const text = Buffer.from('not a photo at all, just some words\n');
    const notImage = await checkIn(lead, {}, { bytes: text, name: 'a.txt', type: 'text/plain' }).expect(415);
    expect(notImage.body.code).toBe('check_in.photo_not_image');
    const damaged = await checkIn(lead, { sha256: sha256(photo(9)) }, { bytes: photo(8) }).expect(400);
    expect(damaged.body.code).toBe('evidence.sha256_mismatch');
    const json = await http()
      .post(`/api/assessments/${auditId}/check-ins`)
      .set(lead.auth)
      .send({ kind: 'in' })
      .expect(415);
    expect(json.body.code).toBe('request.unsupported_media_type');
    expect(await count(schema.checkIns)).toBe(checkIns);
    expect(await count(schema.evidence)).toBe(evidence);
  });
});

describe('a check-in far from the site', () => {
  let farId = '';
  let nearId = '';

  it('is flagged with its distance, listed for the center and the body, not for another center', async () => {
    const far = await checkIn(lead, { kind: 'out', ...FAR }, { bytes: photo(2) }).expect(201);
    farId = far.body.id;
    expect(far.body.far).toBe(true);
    expect(far.body.distanceM).toBeGreaterThan(95_000);
    const list = await http().get(`/api/assessments/${auditId}/check-ins`).set(center.auth).expect(200);
    nearId = list.body.find((c: { far: boolean; location: unknown }) => !c.far && c.location).id;
    expect(list.body.map((c: { id: string }) => c.id)).toContain(farId);
    // In the order they were made on the devices.
    const times = list.body.map((c: { at: string }) => c.at);
    expect([...times].sort()).toEqual(times);
    await http().get(`/api/assessments/${auditId}/check-ins`).set(reviewer.auth).expect(200);
    await http().get(`/api/assessments/${auditId}/check-ins`).set(otherCenter.auth).expect(404);
  });

  it('without a location or without site coordinates nothing is measured or flagged', async () => {
    const none = await checkIn(lead, { kind: 'out' }).expect(201);
    expect(none.body).toMatchObject({ location: null, distanceM: null, far: false, photo: null });
  });

  it('the body explains it; the audit team and the center may not; a near check-in needs none', async () => {
    const before = await count(schema.checkInExplanations);
    const text = '当日开场会改在深圳分中心召开，已附会议通知。';
    await http().post(`/api/check-ins/${farId}/explanations`).set(lead.auth).send({ text }).expect(403);
    await http().post(`/api/check-ins/${farId}/explanations`).set(center.auth).send({ text }).expect(403);
    const near = await http()
      .post(`/api/check-ins/${nearId}/explanations`)
      .set(reviewer.auth)
      .send({ text })
      .expect(409);
    expect(near.body.code).toBe('check_in.not_far');
    await http()
      .post(`/api/check-ins/${farId}/explanations`)
      .set(reviewer.auth)
      .send({ text: ' ' })
      .expect(400);
    await http()
      .post(`/api/check-ins/${randomUUID()}/explanations`)
      .set(reviewer.auth)
      .send({ text })
      .expect(404);
    const first = await http()
      .post(`/api/check-ins/${farId}/explanations`)
      .set(reviewer.auth)
      .send({ text: '待核实' })
      .expect(201);
    expect(first.body.explanation).toMatchObject({ text: '待核实', by: { id: reviewer.id } });
    const later = await http()
      .post(`/api/check-ins/${farId}/explanations`)
      .set(admin.auth)
      .send({ text })
      .expect(201);
    expect(later.body.explanation.text).toBe(text);
    // Both stay: a later explanation supersedes, it does not overwrite.
    expect(await count(schema.checkInExplanations)).toBe(before + 2);
  });

  it('the report PDF lists the check-ins, the far one with the body’s explanation', async () => {
    const res = await http()
      .get(`/api/assessments/${auditId}/report/pdf`)
      .set(reviewer.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const pdf = checkPdf(res.body as Buffer, 'report-check-ins');
    const list = (await http().get(`/api/assessments/${auditId}/check-ins`).set(reviewer.auth).expect(200))
      .body;
    expect(pdf.flat).toContain(flat('现场签到记录'));
    expect(pdf.flat).toContain(flat('认证机构说明：当日开场会改在深圳分中心召开，已附会议通知。'));
    // Every photo's hash is in the record as it is in the PDF.
    for (const c of list) if (c.photo) expect(pdf.flat).toContain(c.photo.sha256);
    expect(pdf.flat).toContain(flat('签退（末次会议）'));
  });
});

describe('append-only', () => {
  it('has no route to change or remove a check-in, and the photo cannot be removed as evidence', async () => {
    const [row] = await t.database.db.select().from(schema.checkIns).limit(1);
    if (!row) throw new Error('no check-in');
    for (const method of ['patch', 'put', 'delete'] as const) {
      const res = await http()[method](`/api/check-ins/${row.id}`).set(admin.auth).send({});
      expect(res.status, method).toBe(404);
    }
    const withPhoto = (await t.database.db.select().from(schema.checkIns)).find((c) => c.photoEvidenceId);
    const refused = await http()
      .delete(`/api/assessments/${auditId}/evidence/${withPhoto?.photoEvidenceId}`)
      .set(lead.auth)
      .expect(409);
    expect(refused.body.code).toBe('evidence.check_in_photo');
  });

  it('the database refuses to change or remove a check-in or an explanation', async () => {
    const db = t.database.db;
    const [row] = await db.select().from(schema.checkIns).limit(1);
    if (!row) throw new Error('no check-in');
    await expect(
      db.update(schema.checkIns).set({ far: !row.far }).where(eq(schema.checkIns.id, row.id)),
    ).rejects.toThrow();
    await expect(db.delete(schema.checkIns).where(eq(schema.checkIns.id, row.id))).rejects.toThrow();
    await expect(db.update(schema.checkInExplanations).set({ text: 'x' })).rejects.toThrow();
    await expect(db.delete(schema.checkInExplanations)).rejects.toThrow();
    const [still] = await db.select().from(schema.checkIns).where(eq(schema.checkIns.id, row.id));
    expect(still?.far).toBe(row.far);
  });
});

describe('an evidence upload sent again with its sha256', () => {
  it('is the same evidence: answered 200, stored once, its clauses joined', async () => {
    const bytes = photo(40);
    const send = (clause: string) =>
      http()
        .post(`/api/assessments/${auditId}/evidence`)
        .set(lead.auth)
        .field('clauses', clause)
        .field('sha256', sha256(bytes))
        .attach('file', bytes, { filename: 'floor.png', contentType: 'image/png' });
    const before = await count(schema.evidence);
    const first = await send('3').expect(201);
    const again = await send('3').expect(200);
    expect(again.body.id).toBe(first.body.id);
    const more = await send('5').expect(200);
    expect(more.body).toMatchObject({ id: first.body.id, clauses: [3, 5] });
    expect(await count(schema.evidence)).toBe(before + 1);
    // The same content under another name is another piece of evidence, as before.
    await http()
      .post(`/api/assessments/${auditId}/evidence`)
      .set(lead.auth)
      .field('clauses', '3')
      .field('sha256', sha256(bytes))
      .attach('file', bytes, { filename: 'floor-again.png', contentType: 'image/png' })
      .expect(201);
    expect(await count(schema.evidence)).toBe(before + 2);
    // Without sha256 an upload stays a new piece of evidence, as before.
    await http()
      .post(`/api/assessments/${auditId}/evidence`)
      .set(lead.auth)
      .field('clauses', '3')
      .attach('file', bytes, { filename: 'floor.png', contentType: 'image/png' })
      .expect(201);
    expect(await count(schema.evidence)).toBe(before + 3);
  });
});
