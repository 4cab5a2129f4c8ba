// Certification in Chromium against the real server: a reviewer decides a submitted audit on
// its overview (levels offered up to the eligible one, a reason below it, the skipped-level
// warning), the certificate is verified publicly by number, suspended by the admin, and the
// directory lists the center only once it opts in.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const ORG = '华南客户联络中心';
const AUDITOR = { email: 'auditor@example.com', name: '王审核', password: PASSWORD, role: 'auditor' };
const REVIEWER = { email: 'reviewer@example.com', name: '赵评审', password: PASSWORD, role: 'cb_reviewer' };

let product: Product;
let base = '';
let page: Page;
let adminToken = '';
const ids = { org: '', assessment: '' };
let eligible = 0;
let number = '';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
});

afterAll(async () => product?.close());

describe('review, decision, certificates and public verification, in Chromium against the real server', () => {
  it('seeds a submitted certification audit whose ratings reach L3 or higher', async () => {
    const { call } = product;
    const setup = await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
    expect(setup.status).toBe(201);
    adminToken = setup.body.token;
    const org = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
      name: ORG,
      operatingSince: '2012-05-01',
    });
    expect(org.status).toBe(201);
    ids.org = org.body.id;
    const auditor = await call<{ id: string }>('POST', '/api/users', adminToken, AUDITOR);
    expect(auditor.status).toBe(201);
    expect((await call('POST', '/api/users', adminToken, REVIEWER)).status).toBe(201);
    const created = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: ids.org,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    });
    expect(created.status).toBe(201);
    ids.assessment = created.body.id;
    expect(
      (
        await call('PUT', `/api/assessments/${ids.assessment}/auditors`, adminToken, {
          userIds: [auditor.body.id],
        })
      ).status,
    ).toBe(200);
    const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
    // Every clause at 10/10 except three at F-Rate 5.
    const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: i < 3 ? 5 : 10 }));
    expect(
      (await call('PUT', `/api/assessments/${ids.assessment}/scores`, auditorToken, { ratings })).status,
    ).toBe(200);
    expect((await call('POST', `/api/assessments/${ids.assessment}/submit`, auditorToken)).status).toBe(200);
    const eligibility = await call<{ level: number }>(
      'GET',
      `/api/assessments/${ids.assessment}/eligibility`,
      adminToken,
    );
    eligible = eligibility.body.level;
    expect(eligible).toBeGreaterThanOrEqual(3);
  });

  it('the reviewer sees the eligible level and a level select offering only L1 up to it', async () => {
    await product.signIn(REVIEWER.email, PASSWORD);
    await page.goto(`${base}/assessments/${ids.assessment}`);
    expect(await page.textContent('[data-testid=eligible-level]')).toContain(`L${eligible}`);
    expect(await page.textContent('[data-testid=current-certificate]')).toContain('没有有效证书');
    const offered = await page.$$eval('select[name=level] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(offered).toEqual(Array.from({ length: eligible }, (_, i) => String(i + 1)));
    expect(await page.inputValue('select[name=level]')).toBe(String(eligible));
    // The first certificate straight at L2 or above skips L1: said beside the select before deciding.
    expect(await page.isVisible('[data-testid=skip-warning]')).toBe(true);
    await page.selectOption('select[name=level]', '1');
    expect(await page.isVisible('[data-testid=skip-warning]')).toBe(false);
    await page.selectOption('select[name=level]', String(eligible - 1));
    expect(await page.isVisible('[data-testid=skip-warning]')).toBe(true);
    await page.evaluate(() => document.querySelector('#decision-title')?.scrollIntoView());
    await product.shot('decision-form', false);
  });

  it('below the eligible level without a reason: the API’s message beside the form and no certificate', async () => {
    await page.check('input[name=outcome][value=certify]');
    await page.selectOption('select[name=level]', String(eligible - 1));
    await page.check('[data-testid=decision-confirm]');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('[data-testid=decision-form] button[type=submit]'),
    ]);
    const error = await page.waitForSelector('[data-testid=decision-form] [role=alert]');
    expect(await error.textContent()).toContain('请写明理由');
    const listed = await product.call<unknown[]>('GET', '/api/certificates', adminToken);
    expect(listed.body).toEqual([]);
    // The choice survives the refusal.
    expect(await page.inputValue('select[name=level]')).toBe(String(eligible - 1));
  });

  it('with a reason: the certificate number, its links and the skipped-level warning', async () => {
    await page.fill('textarea[name=reason]', '现场抽查发现质量监控记录不完整，暂定较低等级。');
    await page.fill('input[name=scope]', '呼入客户服务');
    await page.check('[data-testid=decision-confirm]');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('[data-testid=decision-form] button[type=submit]'),
    ]);
    number = (await page.textContent('[data-testid=certificate-number]'))?.trim() ?? '';
    expect(number).toMatch(/^CCMM-[A-Z0-9]+-\d{4}-\d{4,}$/);
    expect(await page.textContent('[data-testid=decision-warning]')).toContain(`L${eligible - 1}`);
    expect(await page.textContent('[data-testid=decisions]')).toContain('现场抽查');
    const listed = await product.call<{ number: string; level: number }[]>(
      'GET',
      '/api/certificates',
      adminToken,
    );
    expect(listed.body.map((c) => [c.number, c.level])).toEqual([[number, eligible - 1]]);
    await product.shot('decision-issued', false);

    // The certificate PDF through the page's link, with the browser's own cookies.
    const href = await page.getAttribute(
      '[data-testid=decision-result] [data-testid=certificate-pdf]',
      'href',
    );
    const pdf = await page.request.get(`${base}${href}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
    // And the assessment report.
    const report = await page.request.get(
      `${base}${await page.getAttribute('[data-testid=report-pdf]', 'href')}`,
    );
    expect((await report.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('anyone verifies it by number, signed out: active, the level in Chinese and English, the signature checks', async () => {
    await page.context().clearCookies();
    await page.goto(`${base}/login`);
    await Promise.all([page.waitForURL(`${base}/verify`), page.click('footer a[href="/verify"]')]);
    await page.fill('input[name=number]', number.toLowerCase());
    await Promise.all([
      page.waitForURL(`${base}/verify/${number}`),
      page.click('[data-testid=verify-form] button'),
    ]);
    expect(await page.getAttribute('[data-testid=verify-result] [data-status]', 'data-status')).toBe(
      'active',
    );
    expect(await page.textContent('[data-testid=verify-result] [data-status]')).toBe('有效');
    const level = await page.textContent('[data-testid=verify-level]');
    expect(level).toContain(`L${eligible - 1}`);
    expect(level).toMatch(/[A-Za-z]{4,}/);
    expect(await page.textContent('[data-testid=verify-result]')).toContain(ORG);
    expect(await page.textContent('[data-testid=signature]')).toContain('签名有效');
    await product.shot('verify-active');
  });

  it('an unknown number is a 404 that says so', async () => {
    const response = await page.goto(`${base}/verify/NOPE-1`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('[data-testid=verify-error]')).toContain('找不到编号为 NOPE-1 的证书');
  });

  it('the directory lists the center only after it opts in', async () => {
    await page.goto(`${base}/directory`);
    expect(await page.isVisible('[data-testid=directory-empty]')).toBe(true);
    expect(await page.textContent('main')).not.toContain(ORG);
    const listed = await product.call('PATCH', `/api/organizations/${ids.org}`, adminToken, {
      publicListing: true,
    });
    expect(listed.status).toBe(200);
    await page.goto(`${base}/login`);
    await Promise.all([page.waitForURL(`${base}/directory`), page.click('footer a[href="/directory"]')]);
    expect(await page.textContent('[data-testid=directory]')).toContain(ORG);
    expect(await page.textContent('[data-testid=directory]')).toContain(number);
  });

  it('the admin lists certificates, suspends this one with a reason and end date, and /verify shows it suspended', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/certificates`), page.click('nav a[href="/certificates"]')]);
    const row = await page.textContent('[data-testid=certificates] tbody tr');
    expect(row).toContain(number);
    expect(row).toContain(ORG);
    expect(row).toContain('有效');
    // PUBLIC_ORIGIN is unset here: the admin is told where the QR codes would lead.
    expect(await page.textContent('[data-testid=public-origin-warning]')).toContain('PUBLIC_ORIGIN');
    await product.shot('certificates-list');

    await Promise.all([page.waitForURL(`${base}/certificates/${number}`), page.click(`a:text("${number}")`)]);
    // Suspending needs a deadline (at most 6 months): the API's message beside the form.
    await page.check('input[name=status][value=suspended]');
    await page.fill('textarea[name=reason]', '监督审核逾期未进行');
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=status-form] button')]);
    expect(await page.textContent('[data-testid=status-error]')).toContain('整改期限');
    await page.check('input[name=status][value=suspended]');
    await page.fill('textarea[name=reason]', '监督审核逾期未进行');
    await page.fill('input[name=until]', inDays(30));
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=status-form] button')]);
    expect(await page.getAttribute('.head [data-status]', 'data-status')).toBe('suspended');
    expect(await page.textContent('[data-testid=history]')).toContain('监督审核逾期未进行');
    // A suspended certificate offers reinstatement (chosen first) and withdrawal, never a second suspension.
    expect(
      await page
        .locator('input[name=status]')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(['active', 'withdrawn']);
    expect(await page.isChecked('input[name=status][value=active]')).toBe(true);
    await product.shot('certificate-detail');

    await page.context().clearCookies();
    await page.goto(`${base}/verify/${number}`);
    expect(await page.getAttribute('[data-testid=verify-result] [data-status]', 'data-status')).toBe(
      'suspended',
    );
    expect(await page.textContent('[data-testid=verify-result] [data-status]')).toBe('已暂停');
    await product.shot('verify-suspended');
  });
  it('the center’s admin sees its certificate and next audit first; a consultant it granted sees the center', async () => {
    const { call } = product;
    const centerAdmin = {
      email: 'center@example.com',
      name: '陈中心',
      password: PASSWORD,
      role: 'center_admin',
    };
    const consultant = {
      email: 'consultant@example.com',
      name: '孙顾问',
      password: PASSWORD,
      role: 'consultant',
    };
    expect(
      (await call('POST', '/api/users', adminToken, { ...centerAdmin, organizationId: ids.org })).status,
    ).toBe(201);
    const made = await call<{ id: string }>('POST', '/api/users', adminToken, consultant);
    expect(made.status).toBe(201);

    await product.signIn(centerAdmin.email, PASSWORD);
    await page.goto(`${base}/`);
    const certificate = await page.textContent('[data-testid=center-certificate]');
    expect(certificate).toContain(number);
    expect(certificate).toContain('已暂停');
    // Certified today: the first surveillance audit is the next one the programme expects.
    expect(await page.textContent('[data-testid=center-next-audit]')).toContain('监督审核');
    expect(await page.textContent('[data-testid=center-current]')).toContain('没有进行中的评估');
    await product.shot('center-home');

    // The center's admin lets the consultant in from the center's page, by e-mail.
    await page.goto(`${base}/organizations/${ids.org}`);
    const grant = page.locator('[data-testid=grant-form]');
    await grant.locator('input[name=email]').fill('nobody@example.com');
    await Promise.all([page.waitForNavigation(), grant.locator('button').click()]);
    expect(await page.textContent('[data-testid=grant-error]')).toContain('用户不存在');
    await grant.locator('input[name=email]').fill(consultant.email.toUpperCase());
    await Promise.all([page.waitForNavigation(), grant.locator('button').click()]);
    expect(await page.textContent('[data-testid=consultants]')).toContain(consultant.name);
    await page
      .getByRole('status')
      .filter({ hasText: `${consultant.name} (${consultant.email})` })
      .waitFor();
    await product.shot('organization-consultants');

    await product.signIn(consultant.email, PASSWORD);
    await page.goto(`${base}/`);
    const served = page.locator('[data-testid=served-centers]');
    expect(await served.textContent()).toContain('我服务的中心（1）');
    expect(await served.getByRole('link', { name: ORG }).getAttribute('href')).toBe(
      `/organizations/${ids.org}`,
    );
  });
});
