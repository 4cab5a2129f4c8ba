// The audit programme in Chromium against the real server: the certification-body admin opens a
// certified center from the organizations list, sees the cycle its certificate opened, and
// creates the first surveillance audit from it.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const ORG = '华东客户联络中心';
const AUDITOR = { email: 'auditor@example.com', name: '王审核', password: PASSWORD, role: 'auditor' };

let product: Product;
let base = '';
let page: Page;
let adminToken = '';
const ids = { org: '', assessment: '' };
let number = '';
let surveillanceDue: string[] = [];

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
});

afterAll(async () => product?.close());

describe('the audit programme page', () => {
  it('seeds a certified center', async () => {
    const { call } = product;
    adminToken = (await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
    const org = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
      name: ORG,
      operatingSince: '2010-03-01',
    });
    ids.org = org.body.id;
    const auditor = await call<{ id: string }>('POST', '/api/users', adminToken, AUDITOR);
    const created = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: ids.org,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    });
    ids.assessment = created.body.id;
    await call('PUT', `/api/assessments/${ids.assessment}/auditors`, adminToken, {
      userIds: [auditor.body.id],
    });
    const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
    const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: 10 }));
    expect(
      (await call('PUT', `/api/assessments/${ids.assessment}/scores`, auditorToken, { ratings })).status,
    ).toBe(200);
    expect((await call('POST', `/api/assessments/${ids.assessment}/submit`, auditorToken)).status).toBe(200);
    const decided = await call<{ certificate: { number: string; surveillanceDue: string[] } }>(
      'POST',
      `/api/assessments/${ids.assessment}/decision`,
      adminToken,
      { outcome: 'certify', level: 3, reason: '测试', scope: '呼入客户服务' },
    );
    expect(decided.status).toBe(201);
    number = decided.body.certificate.number;
    surveillanceDue = decided.body.certificate.surveillanceDue;
    expect(surveillanceDue).toHaveLength(2);
  });

  it('shows the cycle from the organizations list, each planned audit with its window and status', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/organizations`);
    await Promise.all([
      page.waitForURL(`${base}/organizations/${ids.org}`),
      page.click(`a:has-text("${ORG}")`),
    ]);
    const cycle = page.locator(`section[aria-label="${number}"]`);
    await expect.poll(() => cycle.count()).toBe(1);
    const rows = await cycle.locator('li').allInnerTexts();
    expect(rows).toHaveLength(5);
    expect(rows[0]).toContain('第一阶段审核');
    expect(rows[0]).toContain('已完成');
    expect(rows[1]).toContain('第二阶段审核');
    expect(rows[1]).toContain('已完成');
    expect(rows[2]).toContain('监督审核');
    expect(rows[2]).toContain(surveillanceDue[0]);
    expect(rows[2]).toContain('已计划');
    expect(rows[4]).toContain('再认证审核');
    await product.shot('programme-1024');
    await page.setViewportSize({ width: 390, height: 844 });
    await product.shot('programme-390');
    await page.setViewportSize({ width: 1024, height: 768 });
  });

  it('creates the first surveillance audit from its slot, which then shows as scheduled', async () => {
    const slot = page.locator(`section[aria-label="${number}"] li`).nth(2);
    await Promise.all([page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/), slot.locator('button').click()]);
    const surveillanceId = page.url().split('/').at(-1) ?? '';
    const made = await product.call<{ kind: string; organizationId: string }>(
      'GET',
      `/api/assessments/${surveillanceId}`,
      adminToken,
    );
    expect(made.body).toMatchObject({ kind: 'surveillance', organizationId: ids.org });
    await page.goto(`${base}/organizations/${ids.org}`);
    const row = page.locator(`section[aria-label="${number}"] li`).nth(2);
    expect(await row.textContent()).toContain('已安排');
    expect(await row.locator('a').getAttribute('href')).toBe(`/assessments/${surveillanceId}`);
  });

  it('shows the reviewer the audits awaiting review or decision, oldest first', async () => {
    const { call } = product;
    const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
    const auditorId = (await call<{ id: string }>('GET', '/api/me', auditorToken)).body.id;
    const waiting: string[] = [];
    for (const [name, assessedOn] of [
      ['晚提交中心', '2026-03-02'],
      ['早提交中心', '2026-01-15'],
    ] as const) {
      const org = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
        name,
        operatingSince: '2015-01-01',
      });
      const audit = await product.startAssessment<{ id: string }>(adminToken, {
        organizationId: org.body.id,
        standard: 'cc-cmm-oc@2017',
        kind: 'certification',
        assessedOn,
      });
      await call('PUT', `/api/assessments/${audit.body.id}/auditors`, adminToken, { userIds: [auditorId] });
      const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 5, f: 5 }));
      expect(
        (await call('PUT', `/api/assessments/${audit.body.id}/scores`, auditorToken, { ratings })).status,
      ).toBe(200);
      expect((await call('POST', `/api/assessments/${audit.body.id}/submit`, auditorToken)).status).toBe(200);
      waiting.push(name);
    }
    await page.goto(`${base}/`);
    const queue = page.locator('[data-testid=review-queue]');
    expect(await queue.locator('h2').textContent()).toContain('（2）');
    expect(await queue.locator('li a').allTextContents()).toEqual(['早提交中心', '晚提交中心']);
    await product.shot('review-queue');
  });

  it('tells the center the decision on its audit, with the reason', async () => {
    const { call } = product;
    const center = {
      email: 'center@example.com',
      name: '陈中心',
      password: PASSWORD,
      role: 'center_admin',
      organizationId: ids.org,
    };
    expect((await call('POST', '/api/users', adminToken, center)).status).toBe(201);
    await product.signIn(center.email, PASSWORD);
    await page.goto(`${base}/assessments/${ids.assessment}`);
    const seen = page.locator('[data-testid=decision-seen]');
    expect(await seen.locator('h2').textContent()).toBe('认证决定');
    const row = await seen.locator('tbody tr').first().textContent();
    expect(row).toContain('L3');
    expect(row).toContain('测试');
  });

  it('decides a surveillance audit on the existing certificate (lower, confirmed), and the public page shows the history', async () => {
    const { call } = product;
    await product.signIn(ADMIN.email, ADMIN.password);
    const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
    const auditorId = (await call<{ id: string }>('GET', '/api/me', auditorToken)).body.id;
    const surveillance = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: ids.org,
      standard: 'cc-cmm-oc@2017',
      kind: 'surveillance',
    });
    await call('PUT', `/api/assessments/${surveillance.body.id}/auditors`, adminToken, {
      userIds: [auditorId],
    });
    const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: 10 }));
    expect(
      (await call('PUT', `/api/assessments/${surveillance.body.id}/scores`, auditorToken, { ratings }))
        .status,
    ).toBe(200);
    expect((await call('POST', `/api/assessments/${surveillance.body.id}/submit`, auditorToken)).status).toBe(
      200,
    );

    await page.goto(`${base}/assessments/${surveillance.body.id}`);
    const form = page.locator('[data-testid=decision-form]');
    expect(
      await form
        .locator('input[name=outcome]')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual(['maintain', 'lower', 'suspend', 'withdraw', 'return', 'refuse']);
    await page.check('input[name=outcome][value=lower]');
    // Lower offers only the levels below the current certificate's (L3).
    expect(
      await page
        .locator('select[name=level] option')
        .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value)),
    ).toEqual(['1', '2']);
    await page.selectOption('select[name=level]', '2');
    await page.fill('textarea[name=reason]', '监督审核发现投诉处理流程未执行。');
    await product.shot('surveillance-decision', false);
    // Without the confirmation the browser does not send the form.
    await page.click('[data-testid=decision-form] button[type=submit]');
    expect(await page.locator('[data-testid=decision-result]').count()).toBe(0);
    await page.check('[data-testid=decision-confirm]');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('[data-testid=decision-form] button[type=submit]'),
    ]);
    expect(await page.locator('[data-testid=decision-result]').textContent()).toContain('降低等级');

    await page.goto(`${base}/verify/${encodeURIComponent(number)}`);
    expect(await page.locator('[data-testid=verify-level]').textContent()).toContain('L2');
    expect(await page.locator('[data-testid=verify-revision]').textContent()).toBe('2');
    const history = await page.locator('[data-testid=verify-history] tbody tr').allTextContents();
    expect(history).toHaveLength(2);
    expect(history[0]).toContain('颁发');
    expect(history[1]).toContain('降级');
    expect(await page.locator('[data-testid=signature]').textContent()).toContain('签名有效');
    await product.shot('verify-history');
  });

  it('plans an audit: the admin sets the days, man-days and team; the auditor then sees the plan', async () => {
    const { call } = product;
    await product.signIn(ADMIN.email, ADMIN.password);
    const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
    const auditorId = (await call<{ id: string }>('GET', '/api/me', auditorToken)).body.id;
    const recorded = await call('PUT', `/api/auditors/${auditorId}/competence`, adminToken, {
      qualification: 'CC-CMM 审核员',
      industries: [],
      validUntil: '2030-12-31',
    });
    expect(recorded.status).toBe(200);
    const audit = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: ids.org,
      standard: 'cc-cmm-oc@2017',
      kind: 'surveillance',
    });
    await page.goto(`${base}/assessments/${audit.body.id}`);
    const form = page.locator('[data-testid=plan-form]');
    await form.locator('input[name=manDays]').fill('3.5');
    await form.locator(`select[name="role-${auditorId}"]`).selectOption('lead');
    await form.locator(`input[name="domains-${auditorId}"][value="1.0"]`).check();
    await form.locator(`input[name="domains-${auditorId}"][value="2.0"]`).check();
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
    const plan = page.locator('[data-testid=audit-plan]');
    expect(await plan.locator('tbody tr').first().textContent()).toContain('审核组长');
    expect(await plan.textContent()).toContain('3.5 人日');
    expect(await page.locator('[data-testid=auditors]').textContent()).toContain(AUDITOR.name);
    await product.shot('audit-plan');

    await product.signIn(AUDITOR.email, PASSWORD);
    await page.goto(`${base}/assessments/${audit.body.id}`);
    const seen = page.locator('[data-testid=audit-plan]');
    expect(await seen.textContent()).toContain('1.0, 2.0');
    expect(await page.locator('[data-testid=plan-form]').count()).toBe(0);
  });
});

describe('stage 1 on the programme page', () => {
  const NEW_ORG = '华南客户服务中心';
  const CENTER = {
    email: 'stage1-center@example.com',
    name: '陈中心',
    password: PASSWORD,
    role: 'center_admin',
  };
  let orgId = '';

  it('refuses the certification audit until stage 1 finds the center ready, then plans stage 2', async () => {
    const { call } = product;
    orgId = (
      await call<{ id: string }>('POST', '/api/organizations', adminToken, {
        name: NEW_ORG,
        operatingSince: '2012-05-01',
      })
    ).body.id;
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/organizations/${orgId}`);
    expect(await page.locator('#stage1 + p + p').textContent()).toBe('尚无第一阶段审核记录。');

    // The new-audit form explains why the certification audit cannot be created yet.
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/createAudit"] button')]);
    expect(await page.locator('p.error[role=alert]').first().textContent()).toContain(
      '首次认证须先完成第一阶段审核',
    );

    const record = async (reviewedOn: string, result: 'ready' | 'not_ready', notes: string) => {
      await page.fill('form[action="?/recordStage1"] input[name=reviewedOn]', reviewedOn);
      await page.selectOption('form[action="?/recordStage1"] select[name=result]', result);
      await page.fill('form[action="?/recordStage1"] textarea[name=notes]', notes);
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/recordStage1"] button')]);
      expect(await page.locator('p.ok[role=status]').textContent()).toBe('第一阶段审核已记录。');
    };
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    await record(monthAgo, 'not_ready', '缺少近12个月的客户满意度调查记录。');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/createAudit"] button')]);
    expect(await page.locator('p.error[role=alert]').first().textContent()).toContain('未就绪');
    await record(today, 'ready', '整改后文件齐全，可安排第二阶段现场审核。');

    const reviews = await page.locator('[data-testid=stage1-reviews] li').allInnerTexts();
    expect(reviews).toHaveLength(2);
    expect(reviews[0]).toContain('就绪');
    expect(reviews[0]).toContain(ADMIN.name);
    expect(reviews[1]).toContain('未就绪');
    expect(reviews[1]).toContain('缺少近12个月');

    // The cycle under way: stage 1 done, stage 2 due within six months, created from its slot.
    const pending = page.locator('section[aria-label="首次认证进行中（尚未发证）"]');
    const rows = await pending.locator('li').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('第一阶段审核');
    expect(rows[0]).toContain('已完成');
    expect(rows[1]).toContain('第二阶段审核');
    expect(rows[1]).toContain('已计划');
    await product.shot('stage1-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await product.shot('stage1-390');
    await page.setViewportSize({ width: 1024, height: 768 });
    await Promise.all([
      page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/),
      pending.locator('li').nth(1).locator('button').click(),
    ]);
  });

  it('shows the center its stage 1 audits without the form', async () => {
    const { call } = product;
    expect((await call('POST', '/api/users', adminToken, { ...CENTER, organizationId: orgId })).status).toBe(
      201,
    );
    await product.signIn(CENTER.email, PASSWORD);
    await page.goto(`${base}/organizations/${orgId}`);
    expect(await page.locator('[data-testid=stage1-reviews] li').count()).toBe(2);
    expect(await page.locator('form[action="?/recordStage1"]').count()).toBe(0);
  });
});
