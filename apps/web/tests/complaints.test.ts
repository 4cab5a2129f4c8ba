// Complaints and appeals in Chromium against the real server: anyone lodges a complaint from the
// public verification page, the center admin appeals the decision on its audit, the body's
// admin sees both in the register (with the complainant's contact) and assigns an uninvolved
// reviewer, who records the outcome; the center sees its own, never the contact.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const AUDITOR = { email: 'auditor@example.com', name: '王审核', password: PASSWORD, role: 'auditor' };
const DECIDER = { email: 'decider@example.com', name: '赵评审', password: PASSWORD, role: 'cb_reviewer' };
const HANDLER = { email: 'handler@example.com', name: '钱处理', password: PASSWORD, role: 'cb_reviewer' };
const CONTACT = 'complainant@example.net';

let product: Product;
let base = '';
let page: Page;
const ids = { org: '', assessment: '', handler: '' };
let number = '';
let reference = '';

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
});

afterAll(async () => product?.close());

describe('complaints and appeals, in Chromium against the real server', () => {
  it('seeds a certified center, its admin and the body’s users', async () => {
    const { call } = product;
    const token = (await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
    ids.org = (
      await call<{ id: string }>('POST', '/api/organizations', token, {
        name: '华北客户联络中心',
        operatingSince: '2012-05-01',
      })
    ).body.id;
    const auditor = await call<{ id: string }>('POST', '/api/users', token, AUDITOR);
    expect((await call('POST', '/api/users', token, DECIDER)).status).toBe(201);
    ids.handler = (await call<{ id: string }>('POST', '/api/users', token, HANDLER)).body.id;
    expect(
      (
        await call('POST', '/api/users', token, {
          email: 'center@example.com',
          name: '孙中心',
          password: PASSWORD,
          role: 'center_admin',
          organizationId: ids.org,
        })
      ).status,
    ).toBe(201);
    ids.assessment = (
      await product.startAssessment<{ id: string }>(token, {
        organizationId: ids.org,
        standard: 'cc-cmm-oc@2017',
        kind: 'certification',
      })
    ).body.id;
    await call('PUT', `/api/assessments/${ids.assessment}/auditors`, token, { userIds: [auditor.body.id] });
    const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
    const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: 10 }));
    expect(
      (await call('PUT', `/api/assessments/${ids.assessment}/scores`, auditorToken, { ratings })).status,
    ).toBe(200);
    expect((await call('POST', `/api/assessments/${ids.assessment}/submit`, auditorToken)).status).toBe(200);
    const deciderToken = await product.tokenOf(DECIDER.email, PASSWORD);
    const decided = await call<{ certificate: { number: string } }>(
      'POST',
      `/api/assessments/${ids.assessment}/decision`,
      deciderToken,
      { outcome: 'refuse', reason: '现场审核发现重大不符合' },
    );
    expect(decided.status).toBe(201);
    // A certificate to complain about: certify a second audit of the center.
    const second = (
      await product.startAssessment<{ id: string }>(token, {
        organizationId: ids.org,
        standard: 'cc-cmm-oc@2017',
        kind: 'certification',
      })
    ).body.id;
    await call('PUT', `/api/assessments/${second}/auditors`, token, { userIds: [auditor.body.id] });
    await call('PUT', `/api/assessments/${second}/scores`, auditorToken, { ratings });
    await call('POST', `/api/assessments/${second}/submit`, auditorToken);
    const level = (await call<{ level: number }>('GET', `/api/assessments/${second}/eligibility`, token)).body
      .level;
    const certified = await call<{ certificate: { number: string } }>(
      'POST',
      `/api/assessments/${second}/decision`,
      deciderToken,
      { outcome: 'certify', level },
    );
    expect(certified.status).toBe(201);
    number = certified.body.certificate.number;
  });

  it('anyone lodges a complaint from the public verification page, without an account', async () => {
    await page.context().clearCookies();
    await page.goto(`${base}/verify/${number}`);
    await page.waitForSelector('[data-testid=complaint] form');
    await page.fill(
      '[data-testid=complaint] textarea[name=text]',
      '多次来电投诉无人回复，承诺的回访从未进行。',
    );
    await page.fill('[data-testid=complaint] input[name=contact]', CONTACT);
    await product.shot('complaint-public-form');
    await Promise.all([
      page.waitForSelector('[data-testid=complaint-done]'),
      page.click('[data-testid=complaint] button[type=submit]'),
    ]);
    const done = await page.textContent('[data-testid=complaint-done]');
    reference = /C-\d{4}-\d{4}/.exec(done ?? '')?.[0] ?? '';
    expect(reference).not.toBe('');
    await product.shot('complaint-public-lodged');
  });

  it('the center admin appeals the decision on its audit', async () => {
    await product.signIn('center@example.com', PASSWORD);
    await page.goto(`${base}/assessments/${ids.assessment}`);
    await page.waitForSelector('[data-testid=appeal-form]');
    expect(await page.textContent('[data-testid=latest-decision]')).toContain('拒绝认证');
    await page.fill('[data-testid=appeal-form] textarea[name=text]', '不符合项已在审核前整改，请复核。');
    await Promise.all([
      page.waitForSelector('[data-testid=appeal-done]'),
      page.click('[data-testid=appeal-form] button[type=submit]'),
    ]);
    expect(await page.textContent('[data-testid=appeal-done]')).toMatch(/A-\d{4}-\d{4}/);
    // The center's register: the complaint about it, without the complainant's contact.
    await Promise.all([page.waitForURL(`${base}/complaints`), page.click('nav a[href="/complaints"]')]);
    expect(await page.isVisible(`[data-testid=complaint-${reference}]`)).toBe(true);
    expect(await page.content()).not.toContain(CONTACT);
  });

  it('the body’s admin sees both in the register and assigns an uninvolved reviewer, who records the outcome', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/complaints`), page.click('nav a[href="/complaints"]')]);
    const card = `[data-testid=complaint-${reference}]`;
    expect(await page.textContent(`${card} [data-testid=complaint-contact]`)).toBe(CONTACT);
    expect(await page.locator('[data-testid^=complaint-A-]').count()).toBe(1);
    // The decider may not handle it: the API refuses, the page says why.
    await page.selectOption(`${card} select[name=handlerId]`, { label: DECIDER.name });
    await Promise.all([page.waitForLoadState('load'), page.click(`${card} form[action="?/assign"] button`)]);
    await page.waitForSelector(`${card} [role=alert]`);
    expect(await page.textContent(`${card} [role=alert]`)).toContain(DECIDER.name);
    await page.selectOption(`${card} select[name=handlerId]`, ids.handler);
    await Promise.all([page.waitForLoadState('load'), page.click(`${card} form[action="?/assign"] button`)]);
    await page.waitForSelector(`${card} [role=status]`);
    expect(await page.textContent(`${card} [data-testid=complaint-status]`)).toBe('处理中');

    await product.signIn(HANDLER.email, PASSWORD);
    await page.goto(`${base}/complaints`);
    await page.selectOption(`${card} select[name=outcome]`, 'upheld');
    await page.fill(`${card} textarea[name=text]`, '经核实投诉成立，已要求该中心整改并在监督审核中复核。');
    await Promise.all([page.waitForLoadState('load'), page.click(`${card} form[action="?/outcome"] button`)]);
    await page.waitForSelector(`${card} [data-testid=complaint-outcome]`);
    expect(await page.textContent(`${card} [data-testid=complaint-status]`)).toBe('已结案');
    expect(await page.textContent(`${card} [data-testid=complaint-outcome]`)).toContain('成立');
    await product.shot('complaints-register');
  });
});
