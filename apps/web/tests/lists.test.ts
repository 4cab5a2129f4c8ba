// Lists that grow, in Chromium against the real server: the home page's assessments are paged and
// filtered on the server (the count beside them, the filters kept from page to page), and each
// role sees its own work first — here the auditor's audits still to score.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const AUDITOR = {
  email: 'wang@example.com',
  name: '王审核',
  password: 'another long password',
  role: 'auditor',
};
const NAMES = ['北京呼叫中心', '广州客户联络中心', '成都服务热线'];
const PER_ORGANIZATION = 24;

let product: Product;
let base = '';
let page: Page;

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
  const { call } = product;
  const admin = (await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
  const auditor = (await call<{ id: string }>('POST', '/api/users', admin, AUDITOR)).body.id;
  for (const name of NAMES) {
    const org = await call<{ id: string }>('POST', '/api/organizations', admin, {
      name,
      operatingSince: '2016-01-01',
    });
    for (let i = 0; i < PER_ORGANIZATION; i++) {
      const month = String((i % 12) + 1).padStart(2, '0');
      await call('POST', '/api/assessments', admin, {
        organizationId: org.body.id,
        standard: 'cc-cmm-oc@2017',
        kind: 'self',
        assessedOn: `${2024 + (i % 2)}-${month}-10`,
      });
    }
    // One audit per organization for the auditor to score.
    const audit = await product.startAssessment<{ id: string }>(admin, {
      organizationId: org.body.id,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
      assessedOn: '2026-06-01',
    });
    await call('PUT', `/api/assessments/${audit.body.id}/auditors`, admin, { userIds: [auditor] });
  }
}, 120_000);

afterAll(async () => product?.close());

const count = () => page.textContent('[data-testid=pager-count]');

describe('the assessments list', () => {
  it('is paged on the server with the count, and the filters stay from page to page', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    const total = NAMES.length * (PER_ORGANIZATION + 1);
    expect(await page.locator('[data-testid=assessments] tbody tr').count()).toBe(50);
    expect(await count()).toContain(`共 ${total} 条`);
    await Promise.all([
      page.waitForURL(`${base}/?page=2`),
      page.click('[data-testid=pager] >> nth=0 >> a[rel=next]'),
    ]);
    expect(await page.locator('[data-testid=assessments] tbody tr').count()).toBe(total - 50);
    expect(await count()).toContain(`第 51–${total} 条`);

    await page.fill('input[name=q]', '广州');
    await page.selectOption('select[name=kind]', 'self');
    await page.fill('input[name=from]', '2025-01-01');
    await Promise.all([
      page.waitForURL(/[?&]from=2025-01-01/),
      page.click('[data-testid=assessment-filters] button'),
    ]);
    const rows = await page.locator('[data-testid=assessments] tbody tr').allTextContents();
    expect(rows).toHaveLength(PER_ORGANIZATION / 2);
    expect(
      rows.every((r) => r.includes('广州客户联络中心') && r.includes('自评') && r.includes('2025-')),
    ).toBe(true);
    expect(await count()).toContain(`共 ${PER_ORGANIZATION / 2} 条`);
    await product.shot('assessments-filtered');

    await page.fill('input[name=q]', '不存在的中心');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('q') === '不存在的中心'),
      page.click('[data-testid=assessment-filters] button'),
    ]);
    expect(await page.textContent('[data-testid=assessments-empty]')).toContain('没有符合筛选条件');

    // The organizations list searches the same way, on the server.
    await page.goto(`${base}/organizations`);
    await page.fill('[data-testid=organization-search] input[name=q]', '成都');
    await Promise.all([page.waitForURL(/q=/), page.click('[data-testid=organization-search] button')]);
    expect(await page.locator('table.framed tbody tr').allTextContents()).toEqual([
      expect.stringContaining('成都服务热线'),
    ]);
    expect(await page.textContent('[data-testid=pager-count]')).toContain('共 1 条');
  });

  it('shows the auditor the audits still to score first, each opening the scoring guide', async () => {
    await page.context().clearCookies();
    await product.signIn(AUDITOR.email, AUDITOR.password);
    const work = page.locator('[data-testid=audits-to-score]');
    expect(await work.locator('h2').textContent()).toContain(`（${NAMES.length}）`);
    expect((await work.locator('li a').allTextContents()).sort()).toEqual([...NAMES].sort());
    const first = work.locator('li a').first();
    const href = await first.getAttribute('href');
    expect(href).toMatch(/^\/assessments\/[0-9a-f-]+\/score$/);
    await product.shot('audits-to-score');
  });
});
