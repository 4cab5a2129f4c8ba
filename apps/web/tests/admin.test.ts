// The certification body's pages, in Chromium against the real server: users (/users), the
// auditors and CSV import on the assessment overview, XLSX export, and the standards pages.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const ORG = '华东客服中心';
const users = {
  centerAdmin: { email: 'center@example.com', name: '陈中心' },
  auditor: { email: 'auditor@example.com', name: '王评审' },
};

let product: Product;
let base = '';
let page: Page;
const ids = { org: '', assessment: '', auditor: '' };
let adminToken = '';

const csv = (lines: string[]) => Buffer.from(`clause,c_rate,f_rate,note\n${lines.join('\n')}\n`, 'utf8');

async function addUser(u: { email: string; name: string }, role: string, organization?: string) {
  await page.fill('input[name=email]', u.email);
  await page.fill('input[name=name]', u.name);
  await page.fill('input[name=password]', PASSWORD);
  await page.selectOption('select[name=role]', role);
  if (organization) await page.selectOption('select[name=organizationId]', { label: organization });
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/create"] button')]);
}

async function importFile(name: string, buffer: Buffer) {
  await page.setInputFiles('form[action="?/import"] input[type=file]', {
    name,
    mimeType: 'text/csv',
    buffer,
  });
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/import"] button')]);
}

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
});

afterAll(async () => product?.close());

describe('users, auditors, CSV import and standards, in Chromium against the real server', () => {
  it('the admin adds a center admin and an auditor on /users, and a taken e-mail is refused next to the form', async () => {
    const setup = await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
    expect(setup.status).toBe(201);
    adminToken = setup.body.token;
    const org = await product.call<{ id: string }>('POST', '/api/organizations', adminToken, {
      name: ORG,
      operatingSince: '2012-05-01',
    });
    expect(org.status).toBe(201);
    ids.org = org.body.id;

    await product.signIn(ADMIN.email, ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/users`), page.click('nav a[href="/users"]')]);
    expect(await page.textContent('h1')).toBe('用户');

    await addUser(users.centerAdmin, 'center_admin', ORG);
    await page.waitForSelector(`td:text("${users.centerAdmin.email}")`);
    await addUser(users.auditor, 'auditor');
    await page.waitForSelector(`td:text("${users.auditor.email}")`);
    const rows = await page.$$eval('[data-testid=users] tbody tr', (trs) =>
      // Name, e-mail, role, organization (the status column after them has its own buttons).
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent?.trim())),
    );
    expect(rows).toContainEqual([users.centerAdmin.name, users.centerAdmin.email, '中心管理员', ORG]);
    expect(rows).toContainEqual([users.auditor.name, users.auditor.email, '审核员', '—']);

    // The same e-mail again: the API's own message, in the admin's language, beside the form.
    await addUser({ email: users.auditor.email, name: '重复' }, 'auditor');
    const direct = await product.call<{ code: string; message: string }>('POST', '/api/users', adminToken, {
      ...users.auditor,
      password: PASSWORD,
      role: 'auditor',
    });
    expect(direct.body.code).toBe('user.email_taken');
    const shown = await page.textContent('section[aria-labelledby=user-create] [role=alert]');
    expect(shown?.trim()).toBe(direct.body.message);
    expect(shown).toMatch(/[\u4e00-\u9fff]/);
    // The form keeps what was typed (not the password).
    expect(await page.inputValue('input[name=email]')).toBe(users.auditor.email);
    await product.shot('users');

    // A center role without an organization: refused with the API's message.
    await addUser({ email: 'member@example.com', name: '无机构' }, 'center_member');
    expect(await page.textContent('section[aria-labelledby=user-create] [role=alert]')).toMatch(/机构/);

    const listed = await product.call<{ id: string; email: string }[]>(
      'GET',
      '/api/users?role=auditor',
      adminToken,
    );
    ids.auditor = listed.body.find((u) => u.email === users.auditor.email)?.id ?? '';
    expect(ids.auditor).not.toBe('');
  });

  it('the admin assigns the auditor on the overview', async () => {
    const created = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: ids.org,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    });
    expect(created.status).toBe(201);
    ids.assessment = created.body.id;

    await page.goto(`${base}/assessments/${ids.assessment}`);
    expect(await page.textContent('[data-testid=auditors]')).toContain('尚未指派审核员');
    await page.check(`input[name=userIds][value="${ids.auditor}"]`);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/auditors"] button')]);
    await page.waitForSelector('[data-testid=auditors] [role=status]');
    expect(await page.textContent('[data-testid=auditors] .people')).toContain(users.auditor.name);
    expect(await page.isChecked(`input[name=userIds][value="${ids.auditor}"]`)).toBe(true);
    await product.shot('overview-auditors', false);

    const detail = await product.call<{ auditors: { id: string }[] }>(
      'GET',
      `/api/assessments/${ids.assessment}`,
      adminToken,
    );
    expect(detail.body.auditors.map((a) => a.id)).toEqual([ids.auditor]);
  });

  it('the auditor imports a CSV on the overview: a bad file lists every bad line and changes nothing, a good one is written', async () => {
    await product.signIn(users.auditor.email, PASSWORD);
    const auditorToken = await product.tokenOf(users.auditor.email, PASSWORD);
    await page.goto(`${base}/assessments/${ids.assessment}`);
    expect(await page.textContent('[data-testid=overview-total]')).toBe('0 / 3360');
    // An auditor does not assign auditors.
    expect(await page.$('form[action="?/auditors"]')).toBeNull();

    await importFile('bad.csv', csv(['1,7,10,', '999,10,10,', '2,10,10,']));
    const problems = await page.$$eval('[data-testid=import-error] li', (lis) =>
      lis.map((li) => ({ line: li.getAttribute('data-line'), text: li.textContent ?? '' })),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]?.line).toBe('2');
    expect(problems[0]?.text).toContain('7');
    expect(problems[1]?.line).toBe('3');
    expect(problems[1]?.text).toContain('999');
    expect(await page.textContent('[data-testid=import-error]')).toContain('未做任何更改');
    const untouched = await product.call<{ ratings: unknown[] }>(
      'GET',
      `/api/assessments/${ids.assessment}/scores`,
      auditorToken,
    );
    expect(untouched.body.ratings).toHaveLength(0);
    expect(await page.textContent('[data-testid=overview-total]')).toBe('0 / 3360');
    await product.shot('overview-import-refused', false);

    const good = Array.from({ length: 12 }, (_, i) => `${i + 1},10,${i < 10 ? 10 : 5},`);
    good.push('13,5,,"培训记录齐全, 但缺考试成绩"');
    await importFile('good.csv', csv(good));
    expect(await page.textContent('[data-testid=import-done]')).toContain('13');
    expect(await page.$('[data-testid=import-error]')).toBeNull();
    // 10 clauses at 10+10, 2 at 10+5, one at 5: 200 + 30 + 5.
    expect(await page.textContent('[data-testid=overview-total]')).toBe('235 / 3360');
    const stored = await product.call<{ ratings: { clause: number; note: string | null }[] }>(
      'GET',
      `/api/assessments/${ids.assessment}/scores`,
      auditorToken,
    );
    expect(stored.body.ratings).toHaveLength(13);
    expect(stored.body.ratings.find((r) => r.clause === 13)?.note).toBe('培训记录齐全, 但缺考试成绩');
    await product.shot('overview-import');
  });

  it('a center admin sees their own center’s users on /users, read-only', async () => {
    await product.signIn(users.centerAdmin.email, PASSWORD);
    await Promise.all([page.waitForURL(`${base}/users`), page.click('nav a[href="/users"]')]);
    const table = await page.textContent('[data-testid=users]');
    expect(table).toContain(users.centerAdmin.email);
    expect(table).not.toContain(users.auditor.email);
    expect(await page.$('form[action="?/create"]')).toBeNull();
    expect(await page.textContent('main')).toContain('只读');
    // The auditor's import form is not offered on a certification assessment.
    await page.goto(`${base}/assessments/${ids.assessment}`);
    expect(await page.$('form[action="?/import"]')).toBeNull();
    await product.signIn(users.auditor.email, PASSWORD);
    await page.goto(`${base}/assessments/${ids.assessment}`);
  });

  it('the XLSX export link downloads a workbook', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=export-xlsx]'),
    ]);
    const path = await download.path();
    expect(path).toBeTruthy();
    const bytes = readFileSync(path as string);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  });

  it('/standards lists the 2017 pack with the unattainable L5 total, and its page shows rules, levels and clauses', async () => {
    await Promise.all([page.waitForURL(`${base}/standards`), page.click('nav a[href="/standards"]')]);
    const row = await page.textContent('[data-testid=standards] tbody');
    expect(row).toContain('cc-cmm-oc@2017');
    expect(row).toContain('已发布');
    expect(row).toContain('168');
    expect(row).toContain('3380');
    expect(row).toContain('3360');
    await product.shot('standards');

    await Promise.all([
      page.waitForURL(`${base}/standards/${encodeURIComponent('cc-cmm-oc@2017')}`),
      page.click('[data-testid=standards] tbody a'),
    ]);
    expect(await page.textContent('#clause-1')).toContain(
      '中心明确界定并书面记录自身的核心价值观、愿景与使命。',
    );
    const levels = await page.textContent('[data-testid=levels]');
    for (const code of ['L1', 'L2', 'L3', 'L4', 'L5']) expect(levels).toContain(code);
    expect(levels).toContain('总分至少 3380');
    expect(levels).toContain('评估日已运营满 5 年');
    expect(await page.textContent('main')).toContain('5 分计入总分');
    await product.shot('standard-detail', false);
    await page.setViewportSize({ width: 1024, height: 1400 });
    await page.evaluate(() => document.querySelector('#clauses-title')?.scrollIntoView());
    await product.shot('standard-detail-clauses', false);
    await page.evaluate(() => document.querySelector('tr.topic')?.scrollIntoView());
    await product.shot('standard-detail-topics', false);
    await page.setViewportSize({ width: 1024, height: 768 });

    // The page at its address, as a link would open it.
    await page.goto(`${base}/standards/cc-cmm-oc@2017`);
    expect(await page.textContent('#clause-1')).toContain('核心价值观');
  });
});
