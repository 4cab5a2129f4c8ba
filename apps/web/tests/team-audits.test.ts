// A team audit in Chromium against the real server: two auditors rate in their own layers, the
// lead reconciles with the keyboard (2 takes the second rater's proposal, a reason, Enter), and
// the certification body reads the calibration chart. Needs apps/web/build.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const A = { email: 'a@example.com', name: '王组长' };
const B = { email: 'b@example.com', name: '赵审核' };
const PASSWORD = 'another long password';

let product: Product;
let page: Page;
let base: string;
let admin: string;
let audit: string;
let lead: typeof A;

beforeAll(async () => {
  product = await startProduct();
  ({ page, base } = product);
  admin = (await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
  const org = await product.call<{ id: string }>('POST', '/api/organizations', admin, {
    name: '华东客服中心',
    operatingSince: '2015-03-01',
  });
  const ids: Record<string, string> = {};
  for (const u of [A, B])
    ids[u.email] = (
      await product.call<{ id: string }>('POST', '/api/users', admin, {
        ...u,
        password: PASSWORD,
        role: 'auditor',
      })
    ).body.id;
  audit = (
    await product.startAssessment<{ id: string }>(admin, {
      organizationId: org.body.id,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    })
  ).body.id;
  expect(
    (
      await product.call('PUT', `/api/assessments/${audit}/auditors`, admin, {
        userIds: [ids[A.email], ids[B.email]],
      })
    ).status,
  ).toBe(200);
  // A: all 10/10. B: C 5 on clauses 1–3 (the more severe rater).
  const all = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: 10 }));
  for (const [u, ratings] of [
    [A, all],
    [B, all.map((r) => (r.clause <= 3 ? { ...r, c: 5 } : r))],
  ] as const) {
    const token = await product.tokenOf(u.email, PASSWORD);
    expect((await product.call('PUT', `/api/assessments/${audit}/scores`, token, { ratings })).status).toBe(
      200,
    );
  }
  const layers = await product.call<{ team: { leadId: string } }>(
    'GET',
    `/api/assessments/${audit}/scores?layer=all`,
    admin,
  );
  lead = layers.body.team.leadId === ids[A.email] ? A : B;
});

afterAll(async () => {
  await product?.close();
});

describe('reconciling a team audit', () => {
  it('lists the three disagreements first, each marked as changing the level, the agreements collapsed', async () => {
    await product.signIn(lead.email, PASSWORD);
    await page.goto(`${base}/assessments/${audit}/reconcile`);
    const rows = page.locator('[data-testid=disagreements] [data-testid=reconcile-row]');
    expect(await rows.count()).toBe(3);
    expect(await rows.locator('[data-testid=level-changing]').count()).toBe(3);
    expect(await page.locator('[data-testid=agreements]').getAttribute('open')).toBeNull();
    expect(await page.textContent('[data-testid=agreement-line]')).toContain('98%');
    await product.shot('reconcile-lead');
  });

  it('takes the second proposal with key 2, asks for a reason, and sets the team rating with Enter', async () => {
    const row = page.locator('[data-testid=disagreements] [data-testid=reconcile-row][data-clause="1"]');
    await row.focus();
    const second = lead === A ? '2' : '1';
    await page.keyboard.press(second);
    expect(await row.locator('select[name=c]').inputValue()).toBe('5');
    await page.keyboard.type('方法文件未经批准');
    await Promise.all([page.waitForLoadState('networkidle'), page.keyboard.press('Enter')]);
    await expect.poll(() => page.locator('[data-testid=reconcile-saved]').count()).toBe(1);
    const team = await product.call<{ ratings: { clause: number; c: number; note: string }[] }>(
      'GET',
      `/api/assessments/${audit}/scores`,
      admin,
    );
    expect(team.body.ratings).toEqual([
      expect.objectContaining({ clause: 1, c: 5, note: '方法文件未经批准' }),
    ]);
  });

  it('shows the auditor “your rating” in the guide and, once reconciled, the team rating beside it', async () => {
    await page.goto(`${base}/assessments/${audit}/score?clause=1`);
    await page.waitForSelector('.guide[data-ready=yes]');
    const note = await page.textContent('[data-testid=team-rating]');
    expect(note).toContain('您的评分');
    expect(note).toContain('团队评分：C 5 · F 10');
    await product.shot('guide-team-rating', false);
    await page.goto(`${base}/assessments/${audit}/reconcile`);
  });

  it('refuses a disputed clause without a reason with the API’s message', async () => {
    const row = page.locator('[data-testid=disagreements] [data-testid=reconcile-row][data-clause="2"]');
    await Promise.all([page.waitForLoadState('networkidle'), row.locator('button[type=submit]').click()]);
    await expect.poll(() => page.locator('[data-testid=reconcile-error]').textContent()).toContain('理由');
  });
});

describe('the certification body’s calibration', () => {
  it('charts each auditor’s leniency against the team rating and offers the CSV', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/calibration`);
    expect(await page.locator('[data-testid=calibration-table] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid=leniency-chart] [data-testid=bar-c]').count()).toBe(2);
    expect(await page.textContent('[data-testid=disputed-clauses]')).toContain('条目 1');
    // Agreement over time: a line per auditor, a point per audit with the share the API gives.
    expect(await page.locator('[data-testid=over-time-chart] [data-testid=over-time-line]').count()).toBe(2);
    const api = await product.call<{
      auditors: { overTime: { agreementWithTeam: number | null }[] }[];
      clauses: { clause: number; summary: Record<string, string> | null }[];
    }>('GET', '/api/calibration/auditors', admin);
    // Each disputed clause is named by its summary, not by its number alone.
    const disputed = await page.textContent('[data-testid=disputed-clauses]');
    const first = api.body.clauses[0]?.summary?.['zh-Hans'];
    expect(first).toBeTruthy();
    expect(disputed).toContain(first);
    const points = api.body.auditors.flatMap((a) => a.overTime).filter((o) => o.agreementWithTeam !== null);
    expect(await page.locator('[data-testid=over-time-point]').count()).toBe(points.length);
    expect(await page.getAttribute('[data-testid=calibration-csv]', 'href')).toBe(
      '/api/calibration/auditors.csv',
    );
    const csv = await page.evaluate(() => fetch('/api/calibration/auditors.csv').then((r) => r.text()));
    expect(csv).toContain('leniency_c');
    await product.shot('calibration');
  });
});

describe('the layers’ visibility', () => {
  it('is the certification body admin’s to set on the reconciliation page; the lead sees no control', async () => {
    await product.signIn(lead.email, PASSWORD);
    await page.goto(`${base}/assessments/${audit}/reconcile`);
    expect(await page.locator('[data-testid=layers-visible-form]').count()).toBe(0);
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/assessments/${audit}/reconcile`);
    expect(await page.isChecked('[data-testid=layers-visible]')).toBe(false);
    await page.check('[data-testid=layers-visible]');
    await Promise.all([
      page.waitForLoadState('networkidle'),
      page.click('[data-testid=layers-visible-form] button[type=submit]'),
    ]);
    await expect.poll(() => page.locator('[data-testid=settings-saved]').count()).toBe(1);
    expect(await page.isChecked('[data-testid=layers-visible]')).toBe(true);
    const read = await product.call<{ team: { layersVisible: boolean } }>(
      'GET',
      `/api/assessments/${audit}/scores?layer=all`,
      admin,
    );
    expect(read.body.team.layersVisible).toBe(true);
    await product.shot('reconcile-settings', false);
  });
});
