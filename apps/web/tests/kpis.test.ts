// Operating KPIs in Chromium against the real server: a center admin records a month (service
// level at 80/20, ASA, an AHT typed "1,200" …) and finds it again after a reload; an out-of-range
// value or an ambiguous comma is refused beside its field in the reader's language and changes
// nothing; the charts and the attainment shares (over the period chosen) are the API's; the
// cohort says why it is hidden under 5 peers (one reason, no count) and shows the percentiles of
// peers measured the same way and the center's band; the scoring guide shows the share at clause
// 127; every view exports to CSV; an auditor is not offered the cohort; English and 繁體 labels.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { zhHans } from '../src/lib/i18n/zh-Hans.ts';
import { readNumber } from '../src/lib/kpis/number-input.ts';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const ORG = '华南客户联络中心';
const CENTER = { email: 'center@example.com', name: '陈中心', password: PASSWORD, role: 'center_admin' };
const REVIEWER = { email: 'reviewer@example.com', name: '赵评审', password: PASSWORD, role: 'cb_reviewer' };
const SL_80_20 = { thresholdSeconds: 20, abandons: 'excluded' };

/** YYYY-MM, `n` months from the current one (UTC, as the server counts). */
function monthFromNow(n: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1));
  return d.toISOString().slice(0, 7);
}
const LAST = monthFromNow(-1);

interface Item {
  month: string;
  indicator: string;
  value: number;
  target: number | null;
  method: Record<string, unknown>;
  met: boolean | null;
}
interface Attainment {
  measured: number;
  met: number;
  shareMet: number | null;
  shareMetOrImproved: number | null;
}
interface CohortItem {
  indicator: string;
  shown: boolean;
  size: number | null;
  reason?: string;
  p50?: number;
  p90?: number;
  standing?: keyof typeof zhHans.standing;
}

let product: Product;
let base = '';
let page: Page;
let adminToken = '';
let orgId = '';
let assessmentId = '';

const percent = (share: number | null) => `${String(share)}%`;
const kpisOf = async () =>
  (await product.call<{ values: Item[] }>('GET', `/api/organizations/${orgId}/kpis`, adminToken)).body.values;
const value = (name: string) => page.inputValue(`input[name="${name}"]`);
/** Chooses a language in the header once the page runs its script, and waits for the page in it. */
async function switchTo(locale: string, title: string) {
  await page.waitForLoadState('networkidle');
  await page.selectOption('select[name=locale]', locale);
  await page.waitForFunction((text) => document.querySelector('h1')?.textContent === text, title);
}
/** Submits a form and waits for the page the server answers with. */
async function submit(selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
});

afterAll(async () => product?.close());

describe('how a typed KPI figure is read', () => {
  it('a comma is a thousands separator in 1,200, a decimal point in 4,6, and refused when it could be either', () => {
    expect(readNumber('1,200')).toEqual({ ok: true, value: 1200 });
    expect(readNumber('12,345,678.5')).toEqual({ ok: true, value: 12345678.5 });
    expect(readNumber('4,6')).toEqual({ ok: true, value: 4.6 });
    expect(readNumber('82,25')).toEqual({ ok: true, value: 82.25 });
    expect(readNumber(' 82 ')).toEqual({ ok: true, value: 82 });
    expect(readNumber('-12')).toEqual({ ok: true, value: -12 });
    expect(readNumber('')).toEqual({ ok: true, value: undefined });
    for (const ambiguous of ['0,125', '1234,567', '1.200,5', '1,20,0'])
      expect(readNumber(ambiguous)).toEqual({ ok: false, problem: 'ambiguous' });
    for (const text of ['abc', '12a', '1e3', '4..6'])
      expect(readNumber(text)).toEqual({ ok: false, problem: 'not_number' });
  });
});

describe('operating KPIs, in Chromium against the real server', () => {
  it('seeds a center with five months of KPIs and a center admin', async () => {
    const { call } = product;
    const setup = await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
    expect(setup.status).toBe(201);
    adminToken = setup.body.token;
    const org = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
      name: ORG,
      operatingSince: '2012-05-01',
      industry: '金融',
    });
    expect(org.status).toBe(201);
    orgId = org.body.id;
    expect((await call('POST', '/api/users', adminToken, { ...CENTER, organizationId: orgId })).status).toBe(
      201,
    );
    expect((await call('POST', '/api/users', adminToken, REVIEWER)).status).toBe(201);
    // Five months before the one the admin records: service level climbing to its target, FCR below its own.
    for (let i = 0; i < 5; i++) {
      const saved = await call(
        'PUT',
        `/api/organizations/${orgId}/kpis/${monthFromNow(-6 + i)}`,
        adminToken,
        {
          values: [
            { indicator: 'service_level', value: 76 + i, target: 80, method: SL_80_20 },
            { indicator: 'asa', value: 35 - 2 * i, target: 30 },
            { indicator: 'csat', value: 4.3 + 0.05 * i, target: 4.5, method: { scale: '1-5' } },
            { indicator: 'fcr', value: 70 + i, target: 80 },
          ],
        },
      );
      expect(saved.status).toBe(200);
    }
  });

  it('the center admin records last month in one form, pre-filled with the targets and methods, and sees it after a reload', async () => {
    await product.signIn(CENTER.email, PASSWORD);
    await Promise.all([page.waitForURL(/\/kpis/), page.click('nav a[href="/kpis"]')]);
    // Last month by default, its targets and methods carried over from the month before.
    expect(await page.inputValue('input[name=month]')).toBe(LAST);
    expect(await value('service_level.thresholdSeconds')).toBe('20');
    expect(await page.inputValue('select[name="service_level.abandons"]')).toBe('excluded');
    expect(await value('service_level.target')).toBe('80');
    expect(await page.inputValue('select[name="csat.scale"]')).toBe('1-5');
    expect(await value('service_level.value')).toBe('');

    await page.fill('input[name="service_level.value"]', '82');
    await page.fill('input[name="asa.value"]', '25');
    // Twelve hundred seconds, typed with a thousands separator.
    await page.fill('input[name="aht.value"]', '1,200');
    await page.fill('input[name="csat.value"]', '4.6');
    await page.fill('input[name="abandonment.value"]', '4.2');
    await page.fill('input[name="abandonment.target"]', '5');
    await page.fill('input[name="fcr.value"]', '75');
    await page.fill('input[name="nps.value"]', '12');
    await submit('[data-testid=kpi-save]');
    expect(page.url()).toContain('saved=1');
    expect(await page.textContent('[data-testid=kpi-saved]')).toContain(LAST);

    await page.reload();
    expect(await value('service_level.value')).toBe('82');
    expect(await value('asa.value')).toBe('25');
    expect(await value('csat.value')).toBe('4.6');
    expect(await value('aht.value')).toBe('1200');
    expect(await value('abandonment.target')).toBe('5');
    expect(await page.getAttribute('[data-testid=status-service_level]', 'data-met')).toBe('true');
    expect(await page.getAttribute('[data-testid=status-fcr]', 'data-met')).toBe('false');
    expect(await page.getAttribute('[data-testid=status-nps]', 'data-met')).toBe('null');
    const stored = (await kpisOf()).filter((v) => v.month === LAST);
    expect(stored.map((v) => [v.indicator, v.value, v.target])).toEqual([
      ['service_level', 82, 80],
      ['asa', 25, 30],
      ['aht', 1200, null],
      ['abandonment', 4.2, 5],
      ['fcr', 75, 80],
      ['csat', 4.6, 4.5],
      ['nps', 12, null],
    ]);
    expect(stored[0]?.method).toEqual(SL_80_20);
    await product.shot('kpis-month');
  });

  it('an abandonment rate of 120 % is refused beside its field, in Chinese, and nothing changes', async () => {
    const before = await kpisOf();
    await page.fill('input[name="abandonment.value"]', '120');
    await page.fill('input[name="asa.value"]', '22');
    await submit('[data-testid=kpi-save]');
    const error = await page.textContent('[data-testid="error-abandonment.value"]');
    expect(error).toContain('放弃率');
    expect(error).toContain('0 到 100');
    expect(await page.getAttribute('input[name="abandonment.value"]', 'aria-invalid')).toBe('true');
    expect(await page.textContent('[data-testid=kpi-error]')).toContain('未作任何更改');
    // What was typed stays in the form; the stored values do not move.
    expect(await value('abandonment.value')).toBe('120');
    expect(await value('asa.value')).toBe('22');
    expect(await kpisOf()).toEqual(before);
    await page.locator('[data-testid="error-abandonment.value"]').scrollIntoViewIfNeeded();
    await product.shot('kpis-refused', false);

    // A comma that could be a thousands separator or a decimal point is not guessed.
    await page.fill('input[name="abandonment.value"]', '4.2');
    await page.fill('input[name="aht.value"]', '1234,567');
    await submit('[data-testid=kpi-save]');
    expect(await page.textContent('[data-testid="error-aht.value"]')).toContain('千位分隔符还是小数点');
    expect(await page.getAttribute('input[name="aht.value"]', 'aria-invalid')).toBe('true');
    expect(await value('aht.value')).toBe('1234,567');
    expect(await kpisOf()).toEqual(before);
    await page.locator('[data-testid="error-aht.value"]').scrollIntoViewIfNeeded();
    await product.shot('kpis-ambiguous', false);
  });

  it('a value is deleted with its own button, and the history says who changed what', async () => {
    await page.goto(`${base}/kpis?organizationId=${orgId}&month=${LAST}`);
    await submit('[data-testid=delete-nps]');
    expect(page.url()).toContain('deleted=nps');
    expect((await kpisOf()).some((v) => v.indicator === 'nps')).toBe(false);
    expect(await value('nps.value')).toBe('');

    await Promise.all([page.waitForURL(/\/kpis\/history/), page.click('nav.tabs a[href^="/kpis/history"]')]);
    const latest = page.locator('[data-testid=history] tbody tr').first();
    expect(await latest.getAttribute('data-indicator')).toBe('nps');
    expect(await latest.getAttribute('data-removed')).toBe('true');
    expect(await latest.textContent()).toContain(CENTER.name);
    const rows = await page.locator('[data-testid=history] tbody tr').count();
    // 5 seeded months × 4 indicators, 7 recorded, 1 deleted.
    expect(rows).toBe(28);
    await product.shot('kpis-history');
  });

  it('against targets: each chart holds the API’s months and met/missed marks, and the shares are the API’s', async () => {
    await Promise.all([page.waitForURL(/\/kpis\/targets/), page.click('nav.tabs a[href^="/kpis/targets"]')]);
    // The 12 months ending with the last full month, by default.
    const values = await product.call<{ values: Item[] }>(
      'GET',
      `/api/organizations/${orgId}/kpis?from=${monthFromNow(-12)}&to=${LAST}`,
      adminToken,
    );
    for (const indicator of ['service_level', 'asa', 'csat', 'fcr', 'abandonment']) {
      const expected = values.body.values
        .filter((v) => v.indicator === indicator)
        .map((v) => [v.month, String(v.value), String(v.met)]);
      const marks = await page.$$eval(`[data-testid=line-${indicator}] .mark`, (gs) =>
        gs.map((g) => [
          g.getAttribute('data-month'),
          g.getAttribute('data-value'),
          g.getAttribute('data-met'),
        ]),
      );
      expect(marks).toEqual(expected);
      expect(await page.getAttribute(`[data-testid=line-${indicator}]`, 'role')).toBe('img');
      expect(await page.getAttribute(`[data-testid=line-${indicator}]`, 'aria-label')).toContain(
        monthFromNow(-12),
      );
      expect(await page.locator(`[data-testid=table-${indicator}] tbody tr`).count()).toBe(expected.length);
    }
    expect(await page.textContent('[data-testid=latest-service_level]')).toBe(
      `最新 ${LAST}：82%（目标 80%，达标）`,
    );
    const attainment = await product.call<Attainment>(
      'GET',
      `/api/organizations/${orgId}/kpis/attainment?to=${LAST}&months=12`,
      adminToken,
    );
    expect(attainment.body.measured).toBe(5);
    expect(await page.textContent('[data-testid=share-met]')).toBe(percent(attainment.body.shareMet));
    expect(await page.textContent('[data-testid=share-met-or-improved]')).toBe(
      percent(attainment.body.shareMetOrImproved),
    );
    expect(await page.textContent('[data-testid=attainment]')).toContain('条目 127 要求至少 50%');
    await product.shot('kpis-targets');

    // 24 months chosen: the attainment is over the same 24 months.
    await page.goto(`${base}/kpis/targets?organizationId=${orgId}&months=24`);
    const over24 = await product.call<Attainment & { from: string }>(
      'GET',
      `/api/organizations/${orgId}/kpis/attainment?to=${LAST}&months=24`,
      adminToken,
    );
    expect(over24.body.from).toBe(monthFromNow(-24));
    expect(await page.textContent('#attainment-title')).toContain('24 个月');
    expect(await page.textContent('[data-testid=share-met]')).toBe(percent(over24.body.shareMet));
  });

  it('against the cohort: the reason under 5 peers, then the percentiles of 5 opted-in peers measured the same way', async () => {
    await Promise.all([page.waitForURL(/\/kpis\/cohort/), page.click('nav.tabs a[href^="/kpis/cohort"]')]);
    expect(
      await page.getAttribute('[data-testid=kpi-cohort] tr[data-indicator=service_level]', 'data-shown'),
    ).toBe('false');
    // The reason, never the count of the small cohort.
    expect(await page.textContent('[data-testid=reason-service_level]')).toContain('少于 5 家');
    expect(
      await page.textContent('[data-testid=kpi-cohort] tr[data-indicator=service_level] td:last-child'),
    ).toBe('—');
    expect(await page.locator('[data-testid=kpi-picker] select[name=seats] option').count()).toBe(5);

    // Six peers at 80/20 (one not opted in) and three at 80/30: five count for the service level.
    const { call } = product;
    const peerLevels = [70, 75, 85, 90, 95, 99];
    for (const [i, level] of peerLevels.entries()) {
      const peer = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
        name: `同行中心 ${i + 1}`,
        operatingSince: '2015-01-01',
      });
      if (i < 5)
        await call('PATCH', `/api/organizations/${peer.body.id}`, adminToken, { benchmarkingOptIn: true });
      const saved = await call('PUT', `/api/organizations/${peer.body.id}/kpis/${LAST}`, adminToken, {
        values: [
          { indicator: 'service_level', value: level, target: 80, method: SL_80_20 },
          { indicator: 'asa', value: 20 + i * 5, target: 30 },
        ],
      });
      expect(saved.status).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      const peer = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
        name: `另一方法中心 ${i + 1}`,
        operatingSince: '2015-01-01',
      });
      await call('PATCH', `/api/organizations/${peer.body.id}`, adminToken, { benchmarkingOptIn: true });
      await call('PUT', `/api/organizations/${peer.body.id}/kpis/${LAST}`, adminToken, {
        values: [
          { indicator: 'service_level', value: 60, method: { thresholdSeconds: 30, abandons: 'excluded' } },
        ],
      });
    }
    await page.reload();
    const api = await call<{ indicators: CohortItem[] }>(
      'GET',
      `/api/benchmarks/kpis?organizationId=${orgId}&month=${LAST}`,
      adminToken,
    );
    const sl = api.body.indicators.find((i) => i.indicator === 'service_level');
    // 82% among 70, 75, 85, 90, 95: between p25 and the median; no p90 under 10 peers, no rank.
    expect(sl).toMatchObject({ shown: true, size: 5, p50: 85, standing: 'p25_p50' });
    expect(sl?.p90).toBeUndefined();
    expect(sl).not.toHaveProperty('rank');
    const row = page.locator('[data-testid=kpi-cohort] tr[data-indicator=service_level]');
    expect(await row.getAttribute('data-shown')).toBe('true');
    expect(await row.textContent()).toContain('85%');
    expect((await page.textContent('[data-testid=standing-service_level]'))?.trim()).toBe('p25–中位数');
    expect(await page.locator('[data-testid=cohort-chart] line.p90').count()).toBe(0);
    expect(await page.locator('[data-testid=cohort-chart] [data-key=service_level]').count()).toBe(1);
    // ASA: the five opted-in peers of the six that recorded it.
    const asa = api.body.indicators.find((i) => i.indicator === 'asa');
    expect(await page.getAttribute('[data-testid=kpi-cohort] tr[data-indicator=asa]', 'data-shown')).toBe(
      String(asa?.shown),
    );
    // ASA, where lower is better: its band says that the lower bands are the better ones.
    expect(asa).toMatchObject({ shown: true, standing: 'p25_p50' });
    expect(await page.textContent('[data-testid=standing-asa]')).toContain('越低越好：低于 p25 为最好');
    // CSAT on 1–5: no peer measured it the same way — the reason, without a count.
    const csat = await page.textContent('[data-testid=reason-csat]');
    expect(csat).not.toContain('0 家');
    expect(csat).toContain('少于 5 家');
    expect(csat).toContain('只计算以相同方法（1–5 分平均）记录的同行');
    // Occupancy: neither the center nor a peer recorded it — one reason, not two.
    const occupancy = page.locator('[data-testid=kpi-cohort] tr[data-indicator=occupancy]');
    expect(await occupancy.locator('td.value').textContent()).toContain('未记录');
    const reason = await page.textContent('[data-testid=reason-occupancy]');
    const occupancyApi = api.body.indicators.find((i) => i.indicator === 'occupancy');
    expect(reason?.trim()).toBe(`不显示：${occupancyApi?.reason}`);
    await product.shot('kpis-cohort');
  });

  it('every view exports its figures to CSV, headed in the reader’s language', async () => {
    const download = async (testid: string) => {
      await page.waitForSelector(`[data-testid=${testid}]`);
      const href = await page.getAttribute(`[data-testid=${testid}]`, 'href');
      const response = await page.request.get(`${base}${href}`);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
      return (await response.body()).toString('utf8');
    };
    const cohort = await download('cohort-csv');
    expect(cohort).toContain('中位数');
    expect(cohort).toMatch(/service_level,服务水平,[^\r\n]*,百分比,82,[^\r\n]*85/);

    await page.goto(`${base}/kpis/targets?organizationId=${orgId}`);
    const values = await download('values-csv');
    expect(values.split('\r\n')[0]).toContain('月份');
    expect(values).toContain(
      `${LAST},service_level,服务水平,82,百分比,80,达标,20 秒内应答 · 放弃来电不计入分母`,
    );
    expect(values).toContain(`${LAST},fcr,首次解决率 FCR,75,百分比,80,未达标`);

    await page.goto(`${base}/kpis/history?organizationId=${orgId}`);
    const history = await download('history-csv');
    expect(history).toContain(CENTER.name);
    expect(history).toContain(`${LAST},nps,净推荐值 NPS,已删除`);
  });

  it('the scoring guide shows the share of indicators that met their targets beside clause 127, as information', async () => {
    const created = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: orgId,
      standard: 'cc-cmm-oc@2017',
      kind: 'self',
    });
    expect(created.status).toBe(201);
    assessmentId = created.body.id;
    const api = await product.call<Attainment & { clauses: Record<string, { share: number | null }> }>(
      'GET',
      `/api/assessments/${assessmentId}/kpi-attainment`,
      adminToken,
    );
    await page.goto(`${base}/assessments/${assessmentId}/score?clause=127`);
    await page.waitForSelector('[data-ready=yes]');
    const box = page.locator('[data-testid=kpi-attainment]');
    expect(await box.textContent()).toContain('不是评分');
    expect(await page.textContent('[data-testid=kpi-attainment-summary]')).toContain(
      `${api.body.measured} 项指标中 ${api.body.met} 项达到目标（${percent(api.body.shareMet)}）`,
    );
    expect(await page.textContent('[data-testid=kpi-attainment-clause]')).toContain(
      `至少 50% 的指标达到目标；记录显示 ${percent(api.body.clauses['127']?.share ?? null)}`,
    );
    await product.shot('kpis-guide-127', false);
    // Other clauses have no box; 128 asks for the share met or improved.
    await page.keyboard.press('j');
    expect(await page.textContent('[data-testid=kpi-attainment-clause]')).toContain('75%');
    await page.goto(`${base}/assessments/${assessmentId}/score?clause=12`);
    await page.waitForSelector('[data-ready=yes]');
    expect(await page.locator('[data-testid=kpi-attainment]').count()).toBe(0);
  });

  it('a reviewer reads the month without a form', async () => {
    await product.signIn(REVIEWER.email, PASSWORD);
    await page.goto(`${base}/kpis?organizationId=${orgId}&month=${LAST}`);
    expect(await page.locator('[data-testid=kpi-form]').count()).toBe(0);
    expect(await page.textContent('[data-testid=kpi-month]')).toContain('只读');
    expect(await page.textContent('[data-testid=kpi-values] tr[data-indicator=service_level]')).toContain(
      '82%',
    );
  });

  it('an auditor of the center reads its KPIs but is not offered the cohort, which refuses them', async () => {
    const { call } = product;
    const auditor = await call<{ id: string }>('POST', '/api/users', adminToken, {
      email: 'auditor@example.com',
      name: '王审核',
      password: PASSWORD,
      role: 'auditor',
    });
    expect(auditor.status).toBe(201);
    const audit = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId: orgId,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    });
    expect(audit.status).toBe(201);
    expect(
      (
        await call('PUT', `/api/assessments/${audit.body.id}/auditors`, adminToken, {
          userIds: [auditor.body.id],
        })
      ).status,
    ).toBe(200);
    await product.signIn('auditor@example.com', PASSWORD);
    await page.goto(`${base}/kpis/targets?organizationId=${orgId}`);
    const tabs = await page.$$eval('nav.tabs a', (as) =>
      as.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
    );
    expect(tabs).toEqual(['/kpis', '/kpis/targets', '/kpis/history']);
    const refused = await page.goto(`${base}/kpis/cohort?organizationId=${orgId}`);
    expect(refused?.status()).toBe(403);
  });

  it('in English and in 繁體, the labels and the refusal follow the language', async () => {
    await product.signIn(CENTER.email, PASSWORD);
    await page.goto(`${base}/kpis?month=${LAST}`);
    await switchTo('en', 'KPIs');
    expect(await page.textContent('[data-testid=kpi-form] tr[data-indicator=service_level] th')).toContain(
      'Service level',
    );
    expect(await page.textContent('[data-testid=kpi-save]')).toBe('Save this month’s KPIs');
    await page.fill('input[name="abandonment.value"]', '120');
    await submit('[data-testid=kpi-save]');
    expect(await page.textContent('[data-testid="error-abandonment.value"]')).toContain(
      'Abandonment rate: the value must be between 0 and 100',
    );
    await product.shot('kpis-month-en');
    await page.goto(`${base}/kpis/targets`);
    expect(await page.textContent('[data-testid=attainment]')).toContain('Clause 127 asks');
    await product.shot('kpis-targets-en');

    await page.goto(`${base}/kpis?month=${LAST}`);
    await switchTo('zh-Hant', '營運指標');
    expect(await page.textContent('[data-testid=kpi-form] tr[data-indicator=service_level] th')).toContain(
      '服務水平',
    );
    expect(await page.textContent('[data-testid=kpi-save]')).toBe('儲存本月指標');
    await page.goto(`${base}/kpis/cohort`);
    expect(await page.textContent('[data-testid=kpi-cohort]')).toContain('中位數');
    await product.shot('kpis-cohort-hant');
  });
});
