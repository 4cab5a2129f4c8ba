// A surveillance audit's sample in Chromium against the real server: the certification-body admin
// creates the surveillance audit of a certified center with a sample (a domain and a clause);
// the auditor sees the carried ratings and the sampled clauses on the scoring page and confirms
// one; the audit's page counts what is left to confirm.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const AUDITOR = { email: 'auditor@example.com', name: '王审核', password: PASSWORD, role: 'auditor' };
/** Domain 1.0 of cc-cmm-oc@2017 holds clauses 1–38; clause 150 is added by number. */
const SAMPLED = 39;

let product: Product;
let base = '';
let page: Page;
let adminToken = '';
let auditorId = '';
const ids = { org: '', certification: '', surveillance: '' };
let number = '';

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
});

afterAll(async () => product?.close());

describe('a surveillance audit’s sample', () => {
  it('seeds a certified center', async () => {
    const { call } = product;
    adminToken = (await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
    const org = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
      name: '华南客户联络中心',
      operatingSince: '2010-03-01',
    });
    ids.org = org.body.id;
    auditorId = (await call<{ id: string }>('POST', '/api/users', adminToken, AUDITOR)).body.id;
    const created = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: ids.org,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    });
    ids.certification = created.body.id;
    await call('PUT', `/api/assessments/${ids.certification}/auditors`, adminToken, { userIds: [auditorId] });
    const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
    const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: 10 }));
    await call('PUT', `/api/assessments/${ids.certification}/scores`, auditorToken, { ratings });
    await call('POST', `/api/assessments/${ids.certification}/submit`, auditorToken);
    const decided = await call<{ certificate: { number: string } }>(
      'POST',
      `/api/assessments/${ids.certification}/decision`,
      adminToken,
      { outcome: 'certify', level: 3, reason: '测试', scope: '呼入客户服务' },
    );
    expect(decided.status).toBe(201);
    number = decided.body.certificate.number;
  });

  it('creates the surveillance audit from its slot with a domain and a clause as its sample', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/organizations/${ids.org}`);
    const slot = page.locator(`section[aria-label="${number}"] li`).nth(2); // stage 1, stage 2, then the first surveillance
    await slot.locator('summary').click();
    await slot.locator('input[name="domain"][value="1.0"]').check();
    await slot.locator('input[name="clauses"]').fill('150');
    await product.shot('surveillance-sample-1024');
    await Promise.all([page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/), slot.locator('button').click()]);
    ids.surveillance = page.url().split('/').at(-1) ?? '';
    const made = await product.call<{ sample: unknown; carriedFrom: string; sampledToConfirm: number }>(
      'GET',
      `/api/assessments/${ids.surveillance}`,
      adminToken,
    );
    expect(made.body).toMatchObject({
      sample: { domains: ['1.0'], clauses: [150] },
      carriedFrom: ids.certification,
      sampledToConfirm: SAMPLED,
    });
    const sample = page.getByTestId('sample');
    expect(await sample.textContent()).toContain(`${SAMPLED} 个条目待确认`);
    await product.call('PUT', `/api/assessments/${ids.surveillance}/auditors`, adminToken, {
      userIds: [auditorId],
    });
  });

  it('shows the auditor the carried rating of a sampled clause, which a confirmation clears', async () => {
    await product.signIn(AUDITOR.email, PASSWORD);
    await page.goto(`${base}/assessments/${ids.surveillance}/score?clause=1`);
    await page.waitForSelector('[data-ready="yes"]');
    expect(await page.getByTestId('sampled').count()).toBe(1);
    expect(await page.getByTestId('carried').textContent()).toContain('沿用上次审核的评分');
    expect(await page.getByTestId('to-confirm').textContent()).toContain(`${SAMPLED} 个条目待确认`);
    await product.shot('surveillance-score-1024', false);
    await page.setViewportSize({ width: 390, height: 844 });
    await product.shot('surveillance-score-390', false);
    await page.setViewportSize({ width: 1024, height: 768 });

    await page.getByTestId('confirm-carried').click();
    await expect.poll(() => page.getByTestId('carried').count()).toBe(0);
    expect(await page.getByTestId('to-confirm').textContent()).toContain(`${SAMPLED - 1} 个条目待确认`);

    // Outside the sample, the carried rating is shown as one that may stay.
    await page.goto(`${base}/assessments/${ids.surveillance}/score?clause=100`);
    await page.waitForSelector('[data-ready="yes"]');
    expect(await page.getByTestId('sampled').count()).toBe(0);
    expect(await page.getByTestId('carried').textContent()).toContain('不在抽样范围内');

    await page.goto(`${base}/assessments/${ids.surveillance}`);
    expect(await page.getByTestId('sample').textContent()).toContain(`${SAMPLED - 1} 个条目待确认`);
  });
});
