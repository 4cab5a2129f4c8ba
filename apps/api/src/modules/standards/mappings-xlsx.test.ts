import { readFile } from 'node:fs/promises';
import { schema } from '@ccmm/db';
import { parseMapping } from '@ccmm/standard';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody, buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';

// A mapping as a workbook (the template of GET /api/mappings/template.xlsx, uploaded to POST
// /api/mappings), and the list of stored mappings. The new edition is the TEST FIXTURE derived
// from 2017 (tests/fixtures/editions): 10 and 50 split, 20 and 21 merged into 20, 30 removed,
// 171 added — never the 2025 text.

const FIXTURES = new URL('../../../../../tests/fixtures/editions/', import.meta.url);
const FIXTURE_REF = 'cc-cmm-oc@test-fixture-1';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let mappingText: string;

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  const edition = await readFile(new URL('test-fixture-1.yaml', FIXTURES), 'utf8');
  mappingText = await readFile(new URL('2017-to-test-fixture-1.yaml', FIXTURES), 'utf8');
  await t
    .http()
    .post('/api/standards')
    .set(admin.auth)
    .set('Content-Type', 'application/yaml')
    .send(edition)
    .expect(201);
});
afterAll(() => t.close());

async function template(): Promise<ExcelJS.Workbook> {
  const res = await t
    .http()
    .get(`/api/mappings/template.xlsx?from=cc-cmm-oc@2017&to=${FIXTURE_REF}`)
    .set(admin.auth)
    .buffer(true)
    .parse(binaryBody)
    .expect(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body);
  return workbook;
}

async function upload(workbook: ExcelJS.Workbook, status: number) {
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  const res = await t.http().post('/api/mappings').set(admin.auth).attach('file', body, 'mapping.xlsx');
  expect(res.status, JSON.stringify(res.body).slice(0, 1500)).toBe(status);
  return res;
}

/** The row of `clauses` whose `from` is `number`. */
function clauseRow(workbook: ExcelJS.Workbook, number: number): ExcelJS.Row {
  const sheet = workbook.getWorksheet('clauses');
  let found: ExcelJS.Row | undefined;
  sheet?.eachRow((row) => {
    if (!found && row.getCell(1).value === number) found = row;
  });
  if (!found) throw new Error(`no row for clause ${number}`);
  return found;
}

/** Fills the template as the fixture's YAML mapping says. */
function fillAsFixture(workbook: ExcelJS.Workbook) {
  const fixture = parseMapping(mappingText, 'fixture.yaml').mapping;
  if (!fixture) throw new Error('the fixture mapping parses');
  for (const entry of fixture.clauses) {
    const row = clauseRow(workbook, entry.from);
    row.getCell(2).value =
      entry.to === null ? null : Array.isArray(entry.to) ? entry.to.join(', ') : entry.to;
    row.getCell(3).value = entry.kind ?? null;
  }
  // The template lists every number 2017 lacks as added; the fixture's splits reach 169 and 170.
  const added = workbook.getWorksheet('added');
  if (!added) throw new Error('the template has the added sheet');
  const numbers = fixture.added ?? [];
  for (let row = 2; row <= Math.max(added.rowCount, numbers.length + 1); row++)
    added.getRow(row).getCell(1).value = numbers[row - 2] ?? null;
  return fixture;
}

describe('the XLSX template of a mapping', () => {
  it('holds one row per old clause mapped to the same number, and the new clauses as added', async () => {
    const workbook = await template();
    const clauses = workbook.getWorksheet('clauses');
    expect(clauses?.getRow(1).values).toEqual([undefined, 'from', 'to', 'kind']);
    expect(clauses?.rowCount).toBe(169);
    expect(clauseRow(workbook, 12).getCell(2).value).toBe(12);
    const added: unknown[] = [];
    workbook.getWorksheet('added')?.eachRow((row, n) => {
      if (n > 1) added.push(row.getCell(1).value);
    });
    expect(added).toEqual([169, 170, 171]);
    const head = workbook.getWorksheet('mapping');
    expect(head?.getRow(4).values).toEqual([undefined, 'to', 'test-fixture-1']);
    const unknown = await t
      .http()
      .get('/api/mappings/template.xlsx?from=cc-cmm-oc@2017&to=cc-cmm-oc@2099')
      .set(admin.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('standard.not_found');
  });

  it('names every problem of a broken workbook by sheet, row and column in the user’s language, storing nothing', async () => {
    const workbook = await template();
    fillAsFixture(workbook);
    clauseRow(workbook, 11).getCell(3).value = 'split'; // 11 → 11 is equal
    clauseRow(workbook, 12).getCell(2).value = 999; // no such clause
    clauseRow(workbook, 13).getCell(2).value = 'thirteen';
    const res = await upload(workbook, 400);
    expect(res.body.code).toBe('standard.mapping_invalid');
    const places = res.body.problems.map(
      (p: { sheet: string; row: number; column: string; code: string }) =>
        `${p.sheet}!${p.column ?? ''}${p.row ?? ''} ${p.code}`,
    );
    // Row 14 holds clause 13 (a header, then clauses 1…).
    expect(places).toEqual(['clauses!B14 schema.invalid_union']);
    clauseRow(workbook, 13).getCell(2).value = 13;
    const semantic = await upload(workbook, 400);
    expect(
      semantic.body.problems.map(
        (p: { sheet: string; row: number; column: string; code: string }) =>
          `${p.sheet}!${p.column ?? ''}${p.row ?? ''} ${p.code}`,
      ),
    ).toEqual([
      'clauses!C12 mapping.kind_mismatch',
      'clauses!B13 mapping.unknown_target_clause',
      // 12 is no longer reached: a new clause the added sheet does not list
      'added! mapping.unlisted_new',
    ]);
    // The admin's language: zh-Hans.
    expect(semantic.body.problems[1].message).toContain('999');
    expect(semantic.body.message).toMatch(/[\u4e00-\u9fff]/);
    const noSheet = new ExcelJS.Workbook();
    noSheet.addWorksheet('mapping');
    const missing = await upload(noSheet, 400);
    expect(missing.body.problems[0]).toMatchObject({ sheet: 'clauses', code: 'xlsx.structure' });
    expect(await t.database.db.select().from(schema.standardMappings)).toEqual([]);
  });

  it('stores a filled workbook as the same mapping the YAML gives, listed with its counts', async () => {
    const workbook = await template();
    const fixture = fillAsFixture(workbook);
    const res = await upload(workbook, 201);
    expect(res.body).toMatchObject({
      from: 'cc-cmm-oc@2017',
      to: FIXTURE_REF,
      counts: { equal: 163, split: 2, merged: 2, removed: 1, added: 1 },
    });
    const [stored] = await t.database.db.select().from(schema.standardMappings);
    expect(stored?.content).toMatchObject({ clauses: fixture.clauses, added: [171] });
    await upload(workbook, 409);

    const list = await t.http().get('/api/mappings').set(admin.auth).expect(200);
    expect(list.body).toEqual([
      {
        id: res.body.id,
        from: 'cc-cmm-oc@2017',
        to: FIXTURE_REF,
        counts: res.body.counts,
        createdByName: expect.any(String),
        createdAt: expect.any(String),
      },
    ]);
    // The fixture edition is a draft: the reviewer does not see a mapping to it.
    const reviewer = await seed.user('cb_reviewer');
    expect((await t.http().get('/api/mappings').set(reviewer.auth).expect(200)).body).toEqual([]);
    await t
      .http()
      .get('/api/mappings')
      .set((await seed.user('auditor')).auth)
      .expect(403);
  });
});
