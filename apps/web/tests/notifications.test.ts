// The notification inbox in Chromium against the real server: a corrective action due in three
// days reaches the center admin's inbox (the job runs every 3 seconds here), the header counts it,
// and marking it read clears the count. Needs apps/web/build (scripts/build-web.mjs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const PASSWORD = 'a long password';
let product: Product;

beforeAll(async () => {
  product = await startProduct({ CERTIFICATE_JOBS_MINUTES: '0.05' });
  const { call } = product;
  const admin = (
    await call<{ token: string }>('POST', '/api/setup', undefined, {
      email: 'admin@example.com',
      password: PASSWORD,
      name: '林管理',
    })
  ).body.token;
  const org = await call<{ id: string }>('POST', '/api/organizations', admin, {
    name: '杭州客户联络中心',
    operatingSince: '2012-03-01',
  });
  const auditorId = (
    await call<{ id: string }>('POST', '/api/users', admin, {
      email: 'auditor@example.com',
      name: '王审核',
      password: PASSWORD,
      role: 'auditor',
    })
  ).body.id;
  await call('POST', '/api/users', admin, {
    email: 'center@example.com',
    name: '陈中心',
    password: PASSWORD,
    role: 'center_admin',
    organizationId: org.body.id,
  });
  const audit = (
    await product.startAssessment<{ id: string }>(admin, {
      organizationId: org.body.id,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    })
  ).body.id;
  await call('PUT', `/api/assessments/${audit}/auditors`, admin, { userIds: [auditorId] });
  const auditor = await product.tokenOf('auditor@example.com', PASSWORD);
  const finding = await call<{ id: string }>('POST', `/api/assessments/${audit}/findings`, auditor, {
    kind: 'minor',
    clauses: [5],
    statement: '未见年度战略回顾记录',
  });
  expect(finding.status).toBe(201);
  const center = await product.tokenOf('center@example.com', PASSWORD);
  const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const plan = await call('PUT', `/api/findings/${finding.body.id}/plan`, center, {
    correction: '补做年度回顾',
    rootCause: '缺少流程',
    action: '建立年度回顾流程',
    dueOn: due,
  });
  expect(plan.status).toBe(200);
}, 120_000);
afterAll(async () => product?.close());

describe('the notification inbox', () => {
  it('shows a corrective action due within 7 days, counts it in the header, and clears the count once read', async () => {
    const { page, base } = product;
    await product.signIn('center@example.com', PASSWORD);
    // The job's next run (every 3 s) notifies the center's users.
    await expect
      .poll(
        async () => {
          await page.goto(`${base}/`);
          return page.locator('[data-testid=unread]').count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await page.textContent('[data-testid=unread]')).toBe('1');
    await page.click('[data-testid=inbox-link]');
    await page.waitForURL(`${base}/notifications`);
    const item = page.locator('[data-testid=notification]').first();
    expect(await item.textContent()).toContain('杭州客户联络中心 第 1 项发现的纠正措施应于');
    await product.shot('notifications-inbox');
    await Promise.all([page.waitForLoadState('load'), item.locator('button').click()]);
    expect(await page.locator('[data-testid=unread]').count()).toBe(0);
  }, 150_000);
});
