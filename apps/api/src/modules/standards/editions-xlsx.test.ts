import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryBody, buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';

// The XLSX template of a pack (one row per clause) and its upload: a round trip gives the same
// pack back, and a broken workbook names every problem by sheet, row and column.

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await seeder(t).setupAdmin();
});
afterAll(() => t.close());

async function template(): Promise<ExcelJS.Workbook> {
  const res = await t
    .http()
    .get('/api/standards/template.xlsx?from=cc-cmm-oc@2017')
    .set(admin.auth)
    .buffer(true)
    .parse(binaryBody)
    .expect(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body);
  return workbook;
}

const xlsx = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());
const uploadXlsx = (body: Buffer) =>
  t.http().post('/api/standards').set(admin.auth).attach('file', body, 'pack.xlsx');

/** The row of a sheet whose first cell is `key`. */
function rowWhere(sheet: ExcelJS.Worksheet, column: number, value: unknown): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(column).value === value) found = row;
  });
  if (!found) throw new Error(`no row with ${String(value)}`);
  return found;
}

describe('the XLSX template', () => {
  it('holds one row per clause, and reads back into the same pack', async () => {
    const workbook = await template();
    const clauses = workbook.getWorksheet('clauses');
    expect(clauses?.rowCount).toBe(169); // a header and 168 clauses
    expect(clauses?.getRow(1).values).toEqual([
      undefined,
      'number',
      'section',
      'topic',
      'summary.zh-Hans',
      'summary.zh-Hant',
      'summary.en',
      'evidence.zh-Hans',
      'evidence.zh-Hant',
      'evidence.en',
    ]);
    const edition = workbook.getWorksheet('edition') as ExcelJS.Worksheet;
    rowWhere(edition, 1, 'version').getCell(2).value = '2017.2';
    const levels = workbook.getWorksheet('levels') as ExcelJS.Worksheet;
    const l5Total = rowWhere(levels, 13, 3380); // column atLeast
    l5Total.getCell(13).value = 3360;

    const res = await uploadXlsx(await xlsx(workbook)).expect(201);
    expect(res.body).toEqual({ ref: 'cc-cmm-oc@2017.2', status: 'draft', warnings: [] });
    const [made, original] = await Promise.all(
      ['cc-cmm-oc@2017.2', 'cc-cmm-oc@2017'].map(
        async (ref) => (await t.http().get(`/api/standards/${ref}`).set(admin.auth).expect(200)).body.pack,
      ),
    );
    for (const key of [
      'title',
      'source',
      'rates',
      'scale',
      'readingRules',
      'domains',
      'clauseGroups',
      'clauses',
    ])
      expect(made[key], key).toEqual(original[key]);
    expect(made.levels[4].criteria).toContainEqual({ kind: 'totalPoints', atLeast: 3360 });
    expect(made.levels.slice(0, 4)).toEqual(original.levels.slice(0, 4));
  });

  it('names every problem of a broken workbook by sheet, row and column, and stores nothing', async () => {
    const workbook = await template();
    const edition = workbook.getWorksheet('edition') as ExcelJS.Worksheet;
    rowWhere(edition, 1, 'version').getCell(2).value = 'broken-xlsx';
    const clauses = workbook.getWorksheet('clauses') as ExcelJS.Worksheet;
    clauses.getRow(5).getCell(1).value = 'four'; // clause 4's number (row 5, column A)
    clauses.getRow(7).getCell(6).value = null; // clause 6's English summary (column F)
    const res = await uploadXlsx(await xlsx(workbook)).expect(400);
    expect(res.body.code).toBe('standard.invalid');
    const found = res.body.problems.map(
      (p: { sheet: string; row: number; column: string; path: string }) =>
        `${p.sheet}!${p.column}${p.row} ${p.path}`,
    );
    expect(found.sort()).toEqual(['clauses!A5 clauses[3].number', 'clauses!F7 clauses[5].summary.en']);

    clauses.getRow(5).getCell(1).value = 4;
    clauses.getRow(7).getCell(6).value = 'restored';
    clauses.getRow(10).getCell(2).value = '9.9'; // clause 9 in a section that does not exist
    const semantic = await uploadXlsx(await xlsx(workbook)).expect(400);
    expect(semantic.body.problems).toEqual([
      expect.objectContaining({
        code: 'semantic.clause_without_section',
        sheet: 'clauses',
        row: 10,
        column: 'B',
        path: 'clauses[8].section',
      }),
    ]);
    await t.http().get('/api/standards/cc-cmm-oc@broken-xlsx').set(admin.auth).expect(404);

    const garbage = await uploadXlsx(Buffer.from('PK\u0003\u0004 not a workbook')).expect(400);
    expect(garbage.body.code).toBe('standard.xlsx_unreadable');
    // Any other file in the form is read as a YAML pack.
    const yaml = await uploadXlsx(Buffer.from('format: ccmm-standard/1\nversion: [\n')).expect(400);
    expect(yaml.body).toMatchObject({ code: 'standard.invalid' });
    expect(yaml.body.problems[0]).toMatchObject({ code: 'pack.yaml_syntax', line: expect.any(Number) });
    const noBase = await template();
    rowWhere(noBase.getWorksheet('edition') as ExcelJS.Worksheet, 1, 'base').getCell(2).value =
      'cc-cmm-oc@1999';
    noBase.removeWorksheet((noBase.getWorksheet('topics') as ExcelJS.Worksheet).id);
    const structural = await uploadXlsx(await xlsx(noBase)).expect(400);
    expect(
      structural.body.problems.map(
        (p: { code: string; sheet: string; row: number | null }) => `${p.code} ${p.sheet} ${p.row}`,
      ),
    ).toEqual(['xlsx.base edition 4', 'xlsx.structure topics null']);
  });
});
