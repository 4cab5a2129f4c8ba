// A center preparing with real data, in Chromium against the real server: a self-assessment
// started from the last audit (its ratings copied), the last decided audit's ratings beside each
// clause, a caption written after the file was chosen (its English placeholder whole), the
// certificates filtered by status with the names linking to the organization's page, and that
// page's assessments, certificates and people. Needs apps/web/build.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const CENTER = { email: 'center@example.com', name: '陈中心' };
const STANDARD = 'cc-cmm-oc@2017';

let product: Product;
let page: Page;
let base = '';
let adminToken = '';
let centerToken = '';
const ids = { org: '', audit: '' };

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
  const { call } = product;
  adminToken = (await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
  ids.org = (
    await call<{ id: string }>('POST', '/api/organizations', adminToken, {
      name: '海湾客户联络中心',
      operatingSince: '2016-01-01',
    })
  ).body.id;
  const user = (role: string, email: string, name: string, organizationId?: string) =>
    call<{ id: string }>('POST', '/api/users', adminToken, {
      email,
      name,
      password: PASSWORD,
      role,
      organizationId,
    });
  await user('center_admin', CENTER.email, CENTER.name, ids.org);
  const auditor = (await user('auditor', 'auditor@example.com', '王审核')).body.id;
  await user('cb_reviewer', 'reviewer@example.com', '李评审');
  const auditorToken = await product.tokenOf('auditor@example.com', PASSWORD);
  const reviewerToken = await product.tokenOf('reviewer@example.com', PASSWORD);
  centerToken = await product.tokenOf(CENTER.email, PASSWORD);
  // A decided certification audit: every clause 10/10 but clause 1 at 5/10.
  ids.audit = (
    await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: ids.org,
      standard: STANDARD,
      kind: 'certification',
      assessedOn: '2026-06-01',
    })
  ).body.id;
  await call('PUT', `/api/assessments/${ids.audit}/auditors`, adminToken, { userIds: [auditor] });
  const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: i === 0 ? 5 : 10, f: 10 }));
  expect((await call('PUT', `/api/assessments/${ids.audit}/scores`, auditorToken, { ratings })).status).toBe(
    200,
  );
  expect((await call('POST', `/api/assessments/${ids.audit}/submit`, auditorToken)).status).toBe(200);
  const eligibility = await call<{ level: number }>(
    'GET',
    `/api/assessments/${ids.audit}/eligibility`,
    reviewerToken,
  );
  const decided = await call('POST', `/api/assessments/${ids.audit}/decision`, reviewerToken, {
    outcome: 'certify',
    level: eligibility.body.level,
    scope: '呼入客户服务',
  });
  expect(decided.status).toBe(201);
}, 120_000);

afterAll(async () => product?.close());

describe('a self-assessment prepared from the last audit', () => {
  let selfId = '';

  it('starts from a copy of the last audit’s ratings, chosen on the home page', async () => {
    await product.signIn(CENTER.email, PASSWORD);
    await page.goto(`${base}/`);
    await page.check('[data-testid=start-from] input[value=last_audit]');
    await product.shot('selfassess-start-from');
    await Promise.all([
      page.waitForURL(/\/assessments\/[0-9a-f-]+\/score/),
      page.click('form.start button[type=submit]'),
    ]);
    selfId = /assessments\/([0-9a-f-]+)\/score/.exec(page.url())?.[1] ?? '';
    expect(selfId).not.toBe('');
    const scores = await product.call<{
      ratings: { clause: number; c: number; f: number; carried: boolean }[];
    }>('GET', `/api/assessments/${selfId}/scores`, centerToken);
    expect(scores.body.ratings).toHaveLength(168);
    expect(scores.body.ratings.find((r) => r.clause === 1)).toMatchObject({ c: 5, f: 10, carried: false });
  });

  it('shows beside each clause the last decided audit’s ratings', async () => {
    await page.goto(`${base}/assessments/${selfId}/score?clause=1`);
    const note = page.locator('[data-testid=last-audit]');
    await note.waitFor();
    expect(await note.textContent()).toContain('C 5 · F 10');
    expect(await note.textContent()).toContain('2026-06-01');
    await product.shot('selfassess-last-audit');
    // Never on the audit itself.
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/assessments/${ids.audit}/score?clause=1`);
    await page.locator('[data-testid=evidence]').waitFor();
    expect(await page.locator('[data-testid=last-audit]').count()).toBe(0);
  });

  it('takes a caption written after the file was chosen, and shows the English placeholder whole', async () => {
    expect((await product.call('PATCH', '/api/me', centerToken, { locale: 'en' })).status).toBe(200);
    await product.signIn(CENTER.email, PASSWORD);
    await page.goto(`${base}/assessments/${selfId}/score?clause=2`);
    await page.locator('[data-testid=evidence][data-loading=no]').waitFor();
    const whole = await page.$eval('[data-testid=evidence-caption]', (input) => {
      const box = input as HTMLInputElement;
      const style = getComputedStyle(box);
      const context = document.createElement('canvas').getContext('2d');
      if (!context) return false;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const room =
        box.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
      return context.measureText(box.placeholder).width <= room;
    });
    expect(whole).toBe(true);
    await page.setInputFiles('[data-testid=evidence-file]', {
      name: 'minutes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('weekly quality meeting minutes\n'),
    });
    await page.locator('[data-testid=evidence-item]').waitFor();
    await page.fill('[data-testid=evidence-caption]', 'Quality meeting, week 12');
    await page.click('[data-testid=evidence-caption-last]');
    await page.locator('[data-testid=evidence-item][title="Quality meeting, week 12"]').waitFor();
    expect(await page.inputValue('[data-testid=evidence-caption]')).toBe('');
    await product.shot('selfassess-caption-after');
    const listed = await product.call<{ caption: string | null }[]>(
      'GET',
      `/api/assessments/${selfId}/evidence?clause=2`,
      centerToken,
    );
    expect(listed.body.map((e) => e.caption)).toEqual(['Quality meeting, week 12']);
  });
});

describe('certificates and the organization’s page', () => {
  it('filters certificates by status on the server and links each to its organization’s page', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/certificates`);
    await page.selectOption('[data-testid=certificate-status-filter]', 'suspended');
    await Promise.all([
      page.waitForURL(/status=suspended/),
      page.click('[data-testid=certificate-search] button'),
    ]);
    expect(await page.locator('[data-testid=certificates]').count()).toBe(0);
    await page.goto(`${base}/certificates?status=active`);
    const link = page.locator('[data-testid=certificates] a[href^="/organizations/"]');
    expect(await link.count()).toBe(1);
    await Promise.all([page.waitForURL(`${base}/organizations/${ids.org}`), link.click()]);
    const assessments = page.locator('[data-testid=organization-assessments]');
    expect(await assessments.locator('tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid=organization-certificates] li').count()).toBe(1);
    expect(await page.locator('[data-testid=organization-people]').textContent()).toContain(CENTER.name);
    await product.shot('selfassess-organization', true);
  });
});
