// Findings and corrective actions in Chromium against the real server: the auditor records a
// major nonconformity from the scoring guide by keyboard, the decision form names it and refuses,
// the center plans and corrects it, the auditor accepts and verifies, and the audit is certified.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const AUDITOR = { email: 'auditor@example.com', name: '王审核', password: PASSWORD, role: 'auditor' };
const REVIEWER = { email: 'reviewer@example.com', name: '周评审', password: PASSWORD, role: 'cb_reviewer' };

let product: Product;
let base = '';
let page: Page;
let admin = '';
let auditor = '';
const center = {
  email: 'center@example.com',
  name: '陈中心',
  password: PASSWORD,
  role: 'center_admin',
  organizationId: '',
};
let audit = '';
/** A 1×1 PNG: the correction's photo. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
  const { call } = product;
  admin = (await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
  const org = await call<{ id: string }>('POST', '/api/organizations', admin, {
    name: '杭州客户联络中心',
    operatingSince: '2012-03-01',
  });
  center.organizationId = org.body.id;
  const auditorId = (await call<{ id: string }>('POST', '/api/users', admin, AUDITOR)).body.id;
  await call('POST', '/api/users', admin, REVIEWER);
  await call('POST', '/api/users', admin, center);
  audit = (
    await product.startAssessment<{ id: string }>(admin, {
      organizationId: org.body.id,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    })
  ).body.id;
  await call('PUT', `/api/assessments/${audit}/auditors`, admin, { userIds: [auditorId] });
  auditor = await product.tokenOf(AUDITOR.email, PASSWORD);
  // Every clause compliant but clause 5's method (C 0).
  const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: i + 1 === 5 ? 0 : 10, f: 10 }));
  expect((await call('PUT', `/api/assessments/${audit}/scores`, auditor, { ratings })).status).toBe(200);
});

afterAll(async () => product?.close());

async function decideCertify(): Promise<void> {
  await page.goto(`${base}/assessments/${audit}`);
  await page.check('input[name=outcome][value=certify]');
  await page.fill('textarea[name=reason]', '按申请等级认证');
  await page.check('[data-testid=decision-confirm]');
  await Promise.all([
    page.waitForLoadState('networkidle'),
    page.click('[data-testid=decision-form] button[type=submit]'),
  ]);
}

describe('findings and corrective actions', () => {
  it('records a major nonconformity from the scoring guide by keyboard', async () => {
    await product.signIn(AUDITOR.email, PASSWORD);
    await page.goto(`${base}/assessments/${audit}/score?clause=5`);
    await page.waitForSelector('[data-ready=yes]');
    // The 0 suggests a finding; F opens the form with the statement's outline and its focus.
    expect(await page.locator('[data-testid=finding-suggested]').count()).toBe(1);
    await page.keyboard.press('f');
    const form = page.locator('[data-testid=finding-form]');
    await expect.poll(() => form.count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await form.locator('select[name=kind]').selectOption('major');
    await form
      .locator('textarea')
      .fill('要求：建立服务质量管理方法。\n看到的证据：仅有口头说明。\n缺少：书面方法及其批准记录。');
    await product.shot('finding-form-1024', false);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('[data-testid=clause-findings] [role=status]').count()).toBe(1);
    expect(await page.locator('[data-testid=clause-findings]').textContent()).toContain('严重不符合项');
    // Kept on the device first, then sent: it reaches the server a moment after the page says so.
    const listed = async () =>
      (
        await product.call<{ number: number; kind: string; clauses: number[] }[]>(
          'GET',
          `/api/assessments/${audit}/findings`,
          admin,
        )
      ).body.map(({ number, kind, clauses }) => ({ number, kind, clauses }));
    await expect.poll(listed).toEqual([{ number: 1, kind: 'major', clauses: [5] }]);
    expect((await product.call('POST', `/api/assessments/${audit}/submit`, auditor)).status).toBe(200);
  });

  it('names the open finding above the decision form and refuses certify', async () => {
    await product.signIn(REVIEWER.email, PASSWORD);
    await page.goto(`${base}/assessments/${audit}`);
    expect(await page.locator('[data-testid=decision-blocking]').textContent()).toContain('#1');
    await decideCertify();
    expect(await page.locator('[data-testid=decision-error]').textContent()).toContain('未关闭');
  });

  it('lets the center plan the correction, ordered by the level it holds back', async () => {
    await product.signIn(center.email, PASSWORD);
    await page.goto(`${base}/assessments/${audit}`);
    expect(await page.locator('[data-testid=action-plan]').textContent()).toContain('#1');
    const form = page.locator('[data-testid=plan-form-1]');
    await form.locator('textarea[name=correction]').fill('制定并批准服务质量管理方法');
    await form.locator('textarea[name=rootCause]').fill('质量管理职责未落实到岗位');
    await form.locator('textarea[name=action]').fill('明确质量经理职责，每季度评审方法执行情况');
    await form.locator('input[name=owner]').fill('质量经理 刘洋');
    await form.locator('input[name=dueOn]').fill('2099-01-31');
    await Promise.all([page.waitForLoadState('networkidle'), form.locator('button[type=submit]').click()]);
    await expect
      .poll(() => page.locator('[data-testid=finding-1] [data-testid=finding-state]').textContent())
      .toBe('计划待评审');
    await page.setViewportSize({ width: 390, height: 844 });
    // On a phone the page fits its width: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.locator('[data-testid=findings]').scrollIntoViewIfNeeded();
    await product.shot('findings-center-390', false);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('has the auditor accept the plan, the center correct and the auditor verify; then certify passes', async () => {
    await product.signIn(AUDITOR.email, PASSWORD);
    // The auditor's register: the plan waits for them, and leads to the audit.
    await page.goto(`${base}/findings`);
    expect(await page.locator('main p.muted').first().textContent()).toContain('1 项计划或纠正等待您评审');
    const row = page.locator('[data-testid=findings-register] tbody tr').first();
    expect(await row.textContent()).toContain('计划待评审');
    await product.shot('findings-register-auditor');
    await Promise.all([page.waitForURL(`${base}/assessments/${audit}`), row.locator('a').click()]);
    await Promise.all([
      page.waitForLoadState('networkidle'),
      page.click('[data-testid=review-form-1] button[value=accept]'),
    ]);
    await expect
      .poll(() => page.locator('[data-testid=finding-1] [data-testid=finding-state]').textContent())
      .toBe('计划已接受');

    await product.signIn(center.email, PASSWORD);
    await page.goto(`${base}/assessments/${audit}`);
    const correction = page.locator('[data-testid=correction-form-1]');
    await correction.locator('textarea[name=note]').fill('方法已于 7 月 3 日批准发布，培训记录见附件');
    await correction
      .locator('input[name=file]')
      .setInputFiles({ name: '发布记录.png', mimeType: 'image/png', buffer: PNG });
    await correction.locator('input[name=caption]').fill('方法发布记录');
    await Promise.all([
      page.waitForLoadState('networkidle'),
      correction.locator('button[type=submit]').click(),
    ]);

    await expect
      .poll(() => page.locator('[data-testid=finding-1] [data-testid=correction-evidence]').count())
      .toBe(1);
    const stored = await product.call<{ correction: { evidenceIds: string[] } }[]>(
      'GET',
      `/api/assessments/${audit}/findings`,
      admin,
    );
    expect(stored.body[0]?.correction?.evidenceIds).toHaveLength(1);

    await product.signIn(AUDITOR.email, PASSWORD);
    await page.goto(`${base}/assessments/${audit}`);
    // Not effective needs a comment: the API's reason shows beside the finding.
    await Promise.all([
      page.waitForLoadState('networkidle'),
      page.click('[data-testid=review-form-1] button[value=not_effective]'),
    ]);
    expect(await page.locator('[data-testid=finding-error]').textContent()).toContain('原因');
    await Promise.all([
      page.waitForLoadState('networkidle'),
      page.click('[data-testid=review-form-1] button[value=verified]'),
    ]);
    await expect
      .poll(() => page.locator('[data-testid=finding-1] [data-testid=finding-state]').textContent())
      .toBe('已验证');

    await product.signIn(REVIEWER.email, PASSWORD);
    await decideCertify();
    await expect.poll(() => page.locator('[data-testid=certificate-number]').count()).toBe(1);
  });
});
