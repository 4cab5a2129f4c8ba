import { evaluateEligibility, fullYearsBetween, withoutSuggestedChanges } from '@ccmm/engine';
import { parseRatingsCsv } from '@ccmm/ratings-csv';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody, buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let organization: { id: string };
let auditorA: Session;

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  organization = await seed.organization({ operatingSince: '2023-07-01' });
  auditorA = await seed.user('auditor');
});
afterAll(async () => t.close());

const standard2017 = () => {
  const loaded = t.standards.get('cc-cmm-oc@2017');
  if (!loaded) throw new Error('the 2017 pack is not loaded');
  return loaded.standard;
};
// One rater: their rating is the team rating (team audits, with a layer per rater: team-audits.test.ts).
// The concurrent writers below are that auditor on two devices.
const newAudit = () => seed.assessment(organization.id, 'certification', [auditorA.id]);
const allClauses = (c: number | null, f: number | null) =>
  Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c, f }));

describe('rating one clause', () => {
  it('stores C-Rate, F-Rate and a note, bumps the version and moves the assessment into progress', async () => {
    const { id } = await newAudit();
    const res = await t
      .http()
      .put(`/api/assessments/${id}/scores/12`)
      .set(auditorA.auth)
      .send({ c: 10, f: 5, note: '现场抽查 3 份记录', version: 0 })
      .expect(200);
    expect(res.body).toMatchObject({ clause: 12, c: 10, f: 5, note: '现场抽查 3 份记录', version: 1 });
    const again = await t
      .http()
      .put(`/api/assessments/${id}/scores/12`)
      .set(auditorA.auth)
      .send({ c: 10, f: 10, version: 1 })
      .expect(200);
    expect(again.body.version).toBe(2);
    const detail = await t.http().get(`/api/assessments/${id}`).set(auditorA.auth).expect(200);
    expect(detail.body.status).toBe('in_progress');
  });

  it('refuses a stale version with 409 and the current rating, never losing the other change', async () => {
    const { id } = await newAudit();
    await t
      .http()
      .put(`/api/assessments/${id}/scores/7`)
      .set(auditorA.auth)
      .send({ c: 5, f: 5, version: 0 })
      .expect(200);
    // The other device still holds version 0: its write must not silently replace the first.
    const stale = await t
      .http()
      .put(`/api/assessments/${id}/scores/7`)
      .set(auditorA.auth)
      .set('Accept-Language', 'en')
      .send({ c: 0, f: 0, version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('rating.conflict');
    expect(stale.body.current).toMatchObject({ clause: 7, c: 5, f: 5, version: 1 });
    const stored = await t.http().get(`/api/assessments/${id}/scores`).set(auditorA.auth).expect(200);
    expect(stored.body.ratings).toEqual([expect.objectContaining({ clause: 7, c: 5, f: 5, version: 1 })]);
  });

  it('lets exactly one of many simultaneous writers of the same version win', async () => {
    const { id } = await newAudit();
    const writers = Array.from({ length: 8 }, (_, i) =>
      t
        .http()
        .put(`/api/assessments/${id}/scores/20`)
        .set(auditorA.auth)
        .send({ c: i % 2 ? 10 : 5, f: 5, note: `writer ${i}`, version: 0 }),
    );
    const results = await Promise.all(writers);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)?.body;
    const stored = await t.http().get(`/api/assessments/${id}/scores`).set(auditorA.auth).expect(200);
    expect(stored.body.ratings[0]).toMatchObject({ note: winner.note, version: 1 });
    const trail = await t.http().get(`/api/assessments/${id}/trail`).set(auditorA.auth).expect(200);
    expect(trail.body).toHaveLength(1);
  });

  it('refuses values other than 0, 5, 10 or null, and clauses the version does not have, changing nothing', async () => {
    const { id } = await newAudit();
    for (const body of [
      { c: 7, f: 5, version: 0 },
      { c: '10', f: 5, version: 0 },
      { c: 10, f: 5 },
    ]) {
      const res = await t.http().put(`/api/assessments/${id}/scores/3`).set(auditorA.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.invalid');
    }
    const unknown = await t
      .http()
      .put(`/api/assessments/${id}/scores/169`)
      .set(auditorA.auth)
      .send({ c: 10, f: 10, version: 0 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('clause.unknown');
    const stored = await t.http().get(`/api/assessments/${id}/scores`).set(auditorA.auth).expect(200);
    expect(stored.body.ratings).toEqual([]);
  });
});

describe('rating many clauses at once', () => {
  it('imports the CSV format and returns what it wrote', async () => {
    const { id } = await newAudit();
    const csv = '\uFEFFclause,c_rate,f_rate,note\r\n1,10,10,\r\n2,5,,"部分落实, 待补证据"\r\n3,0,0\r\n';
    const res = await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(res.body.written).toBe(3);
    const stored = await t.http().get(`/api/assessments/${id}/scores`).set(auditorA.auth).expect(200);
    expect(
      stored.body.ratings.map((r: { clause: number; c: number; f: number; note: string }) => [
        r.clause,
        r.c,
        r.f,
        r.note,
      ]),
    ).toEqual([
      [1, 10, 10, null],
      [2, 5, null, '部分落实, 待补证据'],
      [3, 0, 0, null],
    ]);
  });

  it('refuses a CSV with bad lines whole, listing every bad line, and leaves the ratings as they were', async () => {
    const { id } = await newAudit();
    await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .send({ ratings: [{ clause: 1, c: 5, f: 5 }] })
      .expect(200);
    const csv = 'clause,c_rate,f_rate\n1,10,10\n2,7,5\n999,10,10\n4,10,10\n4,5,5\n';
    const res = await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .set('content-type', 'text/csv')
      .set('Accept-Language', 'en')
      .send(csv);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('rating.import_refused');
    expect(res.body.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([
      [3, 'csv.invalid_rating'],
      [4, 'csv.unknown_clause'],
      [6, 'csv.duplicate_clause'],
    ]);
    const stored = await t.http().get(`/api/assessments/${id}/scores`).set(auditorA.auth).expect(200);
    expect(stored.body.ratings).toEqual([expect.objectContaining({ clause: 1, c: 5, f: 5, version: 1 })]);
  });

  it('refuses a file that is not UTF-8, a CSV without its header, and an unknown clause in JSON', async () => {
    const { id } = await newAudit();
    const gbk = Buffer.concat([
      Buffer.from('clause,c_rate,f_rate,note\n1,10,10,'),
      Buffer.from([0xb1, 0xb8, 0xd7, 0xa2]),
    ]);
    const notUtf8 = await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .set('content-type', 'text/csv')
      .send(gbk);
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.body.problems[0]).toMatchObject({ code: 'csv.not_utf8', line: 2 });
    const headless = await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .set('content-type', 'text/csv')
      .send('1,10,10\n');
    expect(headless.body.problems[0].code).toBe('csv.missing_header');
    const json = await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .send({
        ratings: [
          { clause: 1, c: 10, f: 10 },
          { clause: 500, c: 10, f: 10 },
          { clause: 1, c: 5, f: 5 },
        ],
      });
    expect(json.status).toBe(400);
    expect(json.body.problems).toEqual([
      expect.objectContaining({ line: 2, code: 'clause.unknown' }),
      expect.objectContaining({
        line: 3,
        code: 'rating.duplicate_clause',
        message: '第 3 项：条目 1 重复出现',
      }),
    ]);
    const stored = await t.http().get(`/api/assessments/${id}/scores`).set(auditorA.auth).expect(200);
    expect(stored.body.ratings).toEqual([]);
  });

  it('exports CSV that imports back to the same ratings, and an XLSX with every clause', async () => {
    const { id } = await newAudit();
    await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .send({
        ratings: [
          { clause: 1, c: 10, f: 5, note: '备注, 含 "引号"' },
          { clause: 168, c: 0, f: null },
        ],
      })
      .expect(200);
    const csv = await t.http().get(`/api/assessments/${id}/scores.csv`).set(auditorA.auth).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const standard = standard2017();
    const reparsed = parseRatingsCsv(csv.text, standard, 'en');
    expect(reparsed.problems).toEqual([]);
    expect(reparsed.ratings.map((r) => [r.clause, r.c, r.f, r.note])).toEqual([
      [1, 10, 5, '备注, 含 "引号"'],
      [168, 0, null, null],
    ]);
    const xlsx = await t
      .http()
      .get(`/api/assessments/${id}/scores.xlsx`)
      .set(auditorA.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    const sheet = workbook.getWorksheet('Ratings');
    expect(sheet?.rowCount).toBe(169);
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      1,
      '1.1',
      expect.any(String),
      10,
      5,
      '备注, 含 "引号"',
    ]);
  });
});

describe('the audit trail', () => {
  it('records who changed which clause when, with old and new values, chained by hashes', async () => {
    const { id } = await newAudit();
    await t
      .http()
      .put(`/api/assessments/${id}/scores/5`)
      .set(auditorA.auth)
      .send({ c: 5, f: 0, version: 0 })
      .expect(200);
    await t
      .http()
      .put(`/api/assessments/${id}/scores/5`)
      .set(auditorA.auth)
      .send({ c: 10, f: 5, note: '复核', version: 1 })
      .expect(200);
    const trail = await t.http().get(`/api/assessments/${id}/trail`).set(auditorA.auth).expect(200);
    expect(trail.body).toHaveLength(2);
    expect(trail.body[0]).toMatchObject({
      seq: 1,
      clause: 5,
      actorId: auditorA.id,
      old: { c: null, f: null },
      new: { c: 5, f: 0 },
    });
    expect(trail.body[1]).toMatchObject({
      seq: 2,
      actorId: auditorA.id,
      old: { c: 5, f: 0 },
      new: { c: 10, f: 5, note: '复核' },
    });
    expect(trail.body[1].prevHash).toBe(trail.body[0].hash);
    expect(new Date(trail.body[0].at).toISOString()).toBe(trail.body[0].at);
    const verify = await t.http().get(`/api/assessments/${id}/trail/verify`).set(auditorA.auth).expect(200);
    expect(verify.body).toMatchObject({ valid: true, entries: 2, head: trail.body[1].hash });
  });

  it('detects an entry edited in the database, and one deleted', async () => {
    const { id } = await newAudit();
    for (const [clause, c] of [
      [1, 5],
      [2, 10],
      [3, 0],
    ] as const) {
      await t
        .http()
        .put(`/api/assessments/${id}/scores/${clause}`)
        .set(auditorA.auth)
        .send({ c, f: 5, version: 0 })
        .expect(200);
    }
    await t.database.db.execute(
      sql`update rating_events set new_c = 5 where assessment_id = ${id} and seq = 2`,
    );
    const edited = await t.http().get(`/api/assessments/${id}/trail/verify`).set(auditorA.auth).expect(200);
    expect(edited.body).toMatchObject({ valid: false, brokenAt: 2, reason: 'hash' });
    await t.database.db.execute(
      sql`update rating_events set new_c = 10 where assessment_id = ${id} and seq = 2`,
    );
    const restored = await t.http().get(`/api/assessments/${id}/trail/verify`).set(auditorA.auth).expect(200);
    expect(restored.body.valid).toBe(true);
    await t.database.db.execute(sql`delete from rating_events where assessment_id = ${id} and seq = 2`);
    const deleted = await t.http().get(`/api/assessments/${id}/trail/verify`).set(auditorA.auth).expect(200);
    expect(deleted.body).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('offers no way to change the trail through the API', async () => {
    const { id } = await newAudit();
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const res = await t.http()[method](`/api/assessments/${id}/trail`).set(auditorA.auth).send({});
      expect(res.status, method).toBe(404);
    }
  });
});

describe('eligibility and submission', () => {
  it('computes the engine’s result from the stored ratings and the operating years at the assessment date', async () => {
    const { id } = await newAudit();
    const ratings = allClauses(10, 10).map((r) => (r.clause <= 30 ? { ...r, f: 5 } : r));
    await t.http().put(`/api/assessments/${id}/scores`).set(auditorA.auth).send({ ratings }).expect(200);
    const res = await t.http().get(`/api/assessments/${id}/eligibility`).set(auditorA.auth).expect(200);
    // Opened 2023-07-01, assessed 2026-06-30: two full years, the third completes the next day.
    const years = fullYearsBetween('2023-07-01', '2026-06-30');
    expect(years).toBe(2);
    const standard = standard2017();
    const expected = evaluateEligibility(standard, ratings as never, { operatingYears: 2 });
    expect(res.body).toMatchObject({
      level: expected.level,
      total: expected.total,
      complete: true,
      operatingYears: 2,
    });
    expect(res.body.criteria).toEqual(JSON.parse(JSON.stringify(expected.criteria)));
    // An auditor reading an audit gets the gap without the suggested changes.
    expect(res.body.gap).toEqual(JSON.parse(JSON.stringify(withoutSuggestedChanges(expected).gap)));
  });

  it('submits only a complete assessment, after which its ratings cannot change', async () => {
    const { id } = await newAudit();
    await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .send({ ratings: allClauses(10, null) })
      .expect(200);
    const early = await t
      .http()
      .post(`/api/assessments/${id}/submit`)
      .set(auditorA.auth)
      .set('Accept-Language', 'en');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'assessment.incomplete' });
    expect(early.body.message).toContain('168');
    await t
      .http()
      .put(`/api/assessments/${id}/scores`)
      .set(auditorA.auth)
      .send({ ratings: allClauses(10, 10) })
      .expect(200);
    const submitted = await t.http().post(`/api/assessments/${id}/submit`).set(auditorA.auth).expect(200);
    expect(submitted.body.status).toBe('submitted');
    const late = await t
      .http()
      .put(`/api/assessments/${id}/scores/1`)
      .set(auditorA.auth)
      .send({ c: 0, f: 0, version: 2 });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('assessment.closed');
    const trailBefore = await t.http().get(`/api/assessments/${id}/trail`).set(auditorA.auth).expect(200);
    expect(trailBefore.body).toHaveLength(336);
  });
});
