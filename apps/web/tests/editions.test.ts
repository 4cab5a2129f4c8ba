// Standard editions in Chromium against the real server: the body's admin uploads a broken
// pack and sees every problem, uploads the TEST FIXTURE edition (derived from 2017, never the
// 2025 text) as a draft, publishes it, and reads the transition simulator for a certified center.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const FIXTURES = new URL('../../../tests/fixtures/editions/', import.meta.url);
const EDITION = readFileSync(new URL('test-fixture-1.yaml', FIXTURES));
const MAPPING = readFileSync(new URL('2017-to-test-fixture-1.yaml', FIXTURES), 'utf8');
const REF = 'cc-cmm-oc@test-fixture-1';

let product: Product;
let base = '';
let page: Page;
let token = '';
let organizationId = '';

async function upload(name: string, buffer: Buffer) {
  await page.setInputFiles('form[action="?/upload"] input[type=file]', {
    name,
    mimeType: 'application/yaml',
    buffer,
  });
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/upload"] button')]);
}

/** Uploads through the mappings page's form. */
async function uploadTo(name: string, buffer: Buffer) {
  await page.setInputFiles('form[action="?/upload"] input[type=file]', {
    name,
    mimeType: 'application/octet-stream',
    buffer,
  });
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/upload"] button')]);
}

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
  const setup = await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
  token = setup.body.token;
});
afterAll(async () => product?.close());

describe('standard editions in the browser', () => {
  it('lists every problem of a broken pack next to the upload form, and stores nothing', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/standards`);
    const broken = EDITION.toString('utf8')
      .replace('version: test-fixture-1', 'version: broken-1')
      .replace(/number: 3\n/, 'number: 1\n');
    await upload('broken.yaml', Buffer.from(broken));
    const problems = await page.textContent('[data-testid=upload-problems] tbody');
    expect(problems).toContain('clauses[2].number');
    expect(problems).toMatch(/第 \d+ 行/);
    await product.shot('editions-upload-problems');
    expect(await page.textContent('[data-testid=standards] tbody')).not.toContain('broken-1');
  });

  it('uploads the fixture as a draft and publishes it after review', async () => {
    await upload('test-fixture-1.yaml', EDITION);
    await page.waitForURL(`${base}/standards/${encodeURIComponent(REF)}`);
    expect(await page.textContent('[data-testid=draft-notice]')).toBeTruthy();
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/publish"] button')]);
    expect(await page.locator('[data-testid=draft-notice]').count()).toBe(0);
    expect(await page.textContent('main')).toContain('已发布');
  });

  it('shows the transition simulator for a certified center', async () => {
    // The mappings through their page: a broken YAML mapping is refused with every problem by
    // line, the fixture's YAML is stored; the XLSX template (the reverse pair, as downloaded: each
    // clause to the same number) uploads as a workbook; both are listed with their counts.
    await page.goto(`${base}/standards`);
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=mappings-link]')]);
    expect(await page.textContent('[data-testid=no-mappings]')).toBeTruthy();
    await uploadTo('broken.yaml', Buffer.from(MAPPING.replace('{from: 12, to: 12}', '{from: 12, to: 999}')));
    const problems = await page.textContent('[data-testid=upload-problems] tbody');
    expect(problems).toContain('clauses[11].to');
    expect(problems).toMatch(/第 \d+ 行/);
    await product.shot('mappings-upload-problems');
    await uploadTo('mapping.yaml', Buffer.from(MAPPING));
    expect(await page.textContent('[data-testid=mapping-stored]')).toContain(REF);
    const template = await page.evaluate(async (ref) => {
      const res = await fetch(`/api/mappings/template.xlsx?from=${ref}&to=cc-cmm-oc@2017`);
      return [...new Uint8Array(await res.arrayBuffer())];
    }, REF);
    await uploadTo('mapping.xlsx', Buffer.from(template));
    expect(await page.textContent('[data-testid=mapping-stored]')).toContain(`${REF} → cc-cmm-oc@2017`);
    const rows = await page.locator('[data-testid=mappings] tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    const forward = rows.find((r) => r.includes(`cc-cmm-oc@2017cc-cmm-oc@test-fixture-1`));
    // equal, split, merged, removed, new
    expect(forward).toContain('16322');
    await product.shot('mappings-list');
    // A center certified on 2017 through the API, as the body does.
    const org = await product.call<{ id: string }>('POST', '/api/organizations', token, {
      name: '华南客服中心',
      operatingSince: '2015-01-01',
    });
    organizationId = org.body.id;
    const auditor = await product.call<{ id: string }>('POST', '/api/users', token, {
      email: 'auditor@example.com',
      name: '王评审',
      password: 'auditor password 1',
      role: 'auditor',
    });
    const reviewer = await product.call<{ id: string }>('POST', '/api/users', token, {
      email: 'reviewer@example.com',
      name: '李复核',
      password: 'reviewer password 1',
      role: 'cb_reviewer',
    });
    expect(reviewer.status).toBe(201);
    const audit = await product.startAssessment<{ id: string }>(token, {
      organizationId: org.body.id,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
      assessedOn: '2026-06-30',
    });
    await product.call('PUT', `/api/assessments/${audit.body.id}/auditors`, token, {
      userIds: [auditor.body.id],
    });
    const auditorToken = await product.tokenOf('auditor@example.com', 'auditor password 1');
    const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: 10 }));
    expect(
      (await product.call('PUT', `/api/assessments/${audit.body.id}/scores`, auditorToken, { ratings }))
        .status,
    ).toBe(200);
    expect(
      (await product.call('POST', `/api/assessments/${audit.body.id}/submit`, auditorToken)).status,
    ).toBe(200);
    const reviewerToken = await product.tokenOf('reviewer@example.com', 'reviewer password 1');
    const decided = await product.call('POST', `/api/assessments/${audit.body.id}/decision`, reviewerToken, {
      outcome: 'certify',
      level: 4,
      scope: '呼入客户服务',
    });
    expect(decided.status).toBe(201);

    await page.goto(`${base}/standards/${encodeURIComponent(REF)}`);
    await Promise.all([page.waitForLoadState('load'), page.click(`a[href$="/transition"]`)]);
    const table = await page.textContent('[data-testid=transition] tbody');
    expect(table).toContain('华南客服中心');
    expect(await page.locator('a[href*="transition.csv"]').count()).toBe(1);
    await product.shot('editions-transition');
  });

  it('moves an open self-assessment to the published edition along the mapping', async () => {
    const self = await product.call<{ id: string }>('POST', '/api/assessments', token, {
      organizationId,
      standard: 'cc-cmm-oc@2017',
      kind: 'self',
    });
    expect(self.status).toBe(201);
    await page.goto(`${base}/assessments/${self.body.id}`);
    await page.selectOption('form[action="?/move"] select[name=to]', REF);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/move"] button')]);
    const moved = await page.textContent('[data-testid=moved]');
    expect(moved).toContain(REF);
    // Nothing rated yet: nothing carried, every clause of the fixture unrated.
    expect(moved).toContain('169');
    await product.shot('editions-moved');
  });

  it('lists a moved audit’s proposals and confirms them one by one: accepted as proposed, or changed', async () => {
    const org = await product.call<{ id: string }>('POST', '/api/organizations', token, {
      name: '西南客服中心',
      operatingSince: '2016-01-01',
    });
    const audit = await product.startAssessment<{ id: string }>(token, {
      organizationId: org.body.id,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    });
    const auditors = await product.call<{ id: string; email: string }[]>(
      'GET',
      '/api/users?role=auditor',
      token,
    );
    const auditor = auditors.body.find((u) => u.email === 'auditor@example.com');
    await product.call('PUT', `/api/assessments/${audit.body.id}/auditors`, token, {
      userIds: [auditor?.id],
    });
    const auditorToken = await product.tokenOf('auditor@example.com', 'auditor password 1');
    const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: 5 }));
    await product.call('PUT', `/api/assessments/${audit.body.id}/scores`, auditorToken, { ratings });
    await page.goto(`${base}/assessments/${audit.body.id}`);
    await page.selectOption('form[action="?/move"] select[name=to]', REF);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/move"] button')]);
    // 10 and 50 split (10 + 169, 50 + 170), 20 and 21 merged into 20: five proposals.
    expect(await page.textContent('[data-testid=proposals-notice]')).toContain('5');

    await product.signIn('auditor@example.com', 'auditor password 1');
    await page.goto(`${base}/assessments/${audit.body.id}`);
    await page.click('[data-testid=open-proposals]');
    await page.waitForURL(`${base}/assessments/${audit.body.id}/proposals`);
    const rows = page.locator('[data-testid=proposal]');
    expect(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.clause))).toEqual([
      '10',
      '20',
      '50',
      '169',
      '170',
    ]);
    await product.shot('proposals');
    const clause169 = page.locator('[data-testid=proposal][data-clause="169"]');
    await Promise.all([
      page.waitForLoadState('networkidle'),
      clause169.locator('[data-testid=accept]').click(),
    ]);
    await expect.poll(() => page.locator('[data-testid=proposal-saved]').count()).toBe(1);
    const clause170 = page.locator('[data-testid=proposal][data-clause="170"]');
    await clause170.locator('select[name=c]').selectOption('0');
    await Promise.all([
      page.waitForLoadState('networkidle'),
      clause170.locator('[data-testid=change]').click(),
    ]);
    await expect.poll(() => page.locator('[data-testid=proposal]').count()).toBe(3);
    const team = await product.call<{
      ratings: { clause: number; c: number; f: number; carried: boolean }[];
    }>('GET', `/api/assessments/${audit.body.id}/scores`, token);
    const byClause = new Map(team.body.ratings.map((r) => [r.clause, r]));
    expect(byClause.get(169)).toMatchObject({ c: 10, f: 5, carried: false });
    expect(byClause.get(170)).toMatchObject({ c: 0, f: 5, carried: false });
    expect(byClause.get(10)).toMatchObject({ carried: true });
    await product.signIn(ADMIN.email, ADMIN.password);
  });
});
