// Benchmarking in Chromium against the real server: a center compares its latest audit with
// opted-in peers (a chart with the center marked, the API's percentiles and its band, never a
// rank or a mean; no p90 under 10 peers), a seat band leaving too few peers hides the cohort and
// says why without a count, its admin opts in, the trend draws self-assessments and audits as two
// lines, the self-assessment is set against the audit clause by clause (with the same peer
// filters), a consultant compares the centers that granted access (and loses one when its grant
// is revoked), and every view exports CSV (the comparison's refusal is a status, not an empty file).
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { num, signed } from '../src/lib/format.ts';
import { zhHans } from '../src/lib/i18n/zh-Hans.ts';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const STANDARD = 'cc-cmm-oc@2017';
const MAIN = '华东客户联络中心';
const CENTER_ADMIN = {
  email: 'center@example.com',
  name: '周中心',
  password: PASSWORD,
  role: 'center_admin',
};
const AUDITOR = { email: 'auditor@example.com', name: '王审核', password: PASSWORD, role: 'auditor' };
const CONSULTANT = {
  email: 'consultant@example.com',
  name: '陈顾问',
  password: PASSWORD,
  role: 'consultant',
};

type Rating = { clause: number; c: 0 | 5 | 10; f: 0 | 5 | 10 };
/**
 * Deterministic, varied ratings: every clause rated, so the assessment is complete. `strength`
 * adds that many extra chances of a 10, so centers reach different levels.
 */
function ratingsFor(n: number, strength = 0): Rating[] {
  const values: (0 | 5 | 10)[] = [0, 5, 10, ...Array.from({ length: strength }, () => 10 as const)];
  let x = (n + 1) * 2654435761;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return values[Math.floor((x / 2147483648) * values.length)] ?? 5;
  };
  return Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: next(), f: next() }));
}

/** A minimal RFC 4180 reader for the exports (quotes, CRLF, the byte-order mark). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

let product: Product;
let base = '';
let page: Page;
let admin = '';
let auditorId = '';
const ids = { main: '', peer: '', consultant: '', centerAdmin: '' };
const mainAssessments: string[] = [];
const audit = ratingsFor(500, 12);
// The self-assessment just before the audit rates the first 20 clauses 10/10: some differ.
const selfBefore = audit.map((r) => (r.clause <= 20 ? { ...r, c: 10 as const, f: 10 as const } : r));
const differing = selfBefore.filter((r, i) => {
  const a = audit[i];
  return a !== undefined && r.c + r.f !== a.c + a.f;
});

async function organization(name: string, industry: string, seats: number, optIn: boolean) {
  const { call } = product;
  const org = await call<{ id: string }>('POST', '/api/organizations', admin, {
    name,
    operatingSince: '2015-03-01',
    industry,
    region: '华东',
    businessType: '呼入服务',
    seats,
  });
  expect(org.status).toBe(201);
  if (optIn)
    expect(
      (await call('PATCH', `/api/organizations/${org.body.id}`, admin, { benchmarkingOptIn: true })).status,
    ).toBe(200);
  return org.body.id;
}

/**
 * An assessment rated through the ratings API (so its summary exists), audits by the auditor, self
 * by the center, then submitted by the same rater: only submitted assessments count in a cohort.
 */
async function rated(
  organizationId: string,
  kind: 'self' | 'certification',
  assessedOn: string,
  ratings: Rating[],
  raterToken: string,
) {
  const { call } = product;
  const created = await product.startAssessment<{ id: string }>(admin, {
    organizationId,
    standard: STANDARD,
    kind,
    assessedOn,
  });
  expect(created.status).toBe(201);
  if (kind !== 'self')
    expect(
      (await call('PUT', `/api/assessments/${created.body.id}/auditors`, admin, { userIds: [auditorId] }))
        .status,
    ).toBe(200);
  const put = await call('PUT', `/api/assessments/${created.body.id}/scores`, raterToken, { ratings });
  expect(put.status).toBe(200);
  expect((await call('POST', `/api/assessments/${created.body.id}/submit`, raterToken)).status).toBe(200);
  return created.body.id;
}

const cells = (selector: string) =>
  page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));

async function csvOf(href: string | null) {
  expect(href).toBeTruthy();
  const response = await page.request.get(`${base}${href}`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
  return parseCsv(await response.text());
}

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
});

afterAll(async () => product?.close());

describe('benchmarking pages, in Chromium against the real server', () => {
  it('seeds a center with two self-assessments and an audit, eight opted-in peers, a consultant with grants', async () => {
    const { call } = product;
    const setup = await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
    expect(setup.status).toBe(201);
    admin = setup.body.token;
    const auditor = await call<{ id: string }>('POST', '/api/users', admin, AUDITOR);
    expect(auditor.status).toBe(201);
    auditorId = auditor.body.id;
    const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);

    ids.main = await organization(MAIN, '金融', 320, false);
    const centerAdmin = await call<{ id: string }>('POST', '/api/users', admin, {
      ...CENTER_ADMIN,
      organizationId: ids.main,
    });
    expect(centerAdmin.status).toBe(201);
    const centerToken = await product.tokenOf(CENTER_ADMIN.email, PASSWORD);
    mainAssessments.push(await rated(ids.main, 'self', '2023-05-10', ratingsFor(400, 3), centerToken));
    mainAssessments.push(await rated(ids.main, 'self', '2024-03-01', selfBefore, centerToken));
    mainAssessments.push(await rated(ids.main, 'certification', '2024-06-15', audit, auditorToken));

    // Six peers in finance, two in telecoms, 100 to 520 seats: a cohort of 8 (p90 withheld under
    // 10), or of 4 in the 300–999 seat band. Five of them also rated themselves before their
    // audit, a little generously.
    for (let i = 0; i < 8; i++) {
      const industry = i < 6 ? '金融' : '电信';
      const id = await organization(`同行中心 ${i + 1}`, industry, 100 + i * 60, true);
      if (i === 0) ids.peer = id;
      const peerAudit = ratingsFor(i + 1, (i * 5) % 16);
      await rated(id, 'certification', '2024-09-01', peerAudit, auditorToken);
      if (i < 5) {
        const email = `peer${i + 1}@example.com`;
        const user = await call('POST', '/api/users', admin, {
          email,
          name: `同行管理员 ${i + 1}`,
          password: PASSWORD,
          role: 'center_admin',
          organizationId: id,
        });
        expect(user.status).toBe(201);
        const generous = peerAudit.map((r) =>
          r.clause % (i + 3) === 0 ? { ...r, c: 10 as const, f: 10 as const } : r,
        );
        await rated(id, 'self', '2024-08-01', generous, await product.tokenOf(email, PASSWORD));
      }
    }

    const consultant = await call<{ id: string }>('POST', '/api/users', admin, CONSULTANT);
    expect(consultant.status).toBe(201);
    ids.consultant = consultant.body.id;
    for (const org of [ids.main, ids.peer])
      expect(
        (await call('POST', `/api/organizations/${org}/consultants`, admin, { consultantId: ids.consultant }))
          .status,
      ).toBe(201);
    expect(differing.length).toBeGreaterThan(0);
  });

  it('the center sees its latest audit against 8 peers: the center marked, the API’s percentiles and its band, no p90 under 10', async () => {
    await product.signIn(CENTER_ADMIN.email, PASSWORD);
    await Promise.all([page.waitForURL(`${base}/benchmarks`), page.click('nav a[href="/benchmarks"]')]);
    const api = await product.call<{
      size: number;
      shown: boolean;
      total: { value: number; p50: number };
      domains: {
        domain: string;
        value: number;
        p25: number;
        p50: number;
        p75: number;
        p90?: number;
        standing: keyof typeof zhHans.standing;
      }[];
      sections: { section: string; value: number; p50: number; standing: keyof typeof zhHans.standing }[];
    }>('GET', `/api/benchmarks/cohort?organizationId=${ids.main}`, admin);
    expect(api.body.size).toBe(8);
    expect(api.body.shown).toBe(true);
    expect(await page.textContent('[data-testid=cohort-size]')).toContain('8');

    const chart = await page.waitForSelector('[data-testid=cohort-chart]');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.getAttribute('aria-label')).toContain(MAIN);
    for (const d of api.body.domains) {
      // The center's mark and its value on each domain's row.
      const row = `[data-testid=cohort-chart] g.row[data-key="${d.domain}"]`;
      expect(await page.$(`${row} path.marker`)).not.toBeNull();
      expect(await page.textContent(`${row} text.value`)).toBe(num(d.value));
      // The table beside it: the same figures as the API's, p90 a dash, the band in words.
      expect(d.p90).toBeUndefined();
      expect(d).not.toHaveProperty('rank');
      expect(d).not.toHaveProperty('mean');
      const figures = await cells(`[data-testid=cohort-domains] tr[data-key="${d.domain}"] td`);
      expect(figures.slice(0, 5)).toEqual([d.value, d.p25, d.p50, d.p75, d.p90].map((v) => num(v)));
      expect(figures[4]).toBe('—');
      expect(figures[6]).toBe(zhHans.standing[d.standing]);
    }
    // 8 peers: no p90 tick anywhere in the chart, nor in its legend.
    expect(await page.$$('[data-testid=cohort-chart] line.p90')).toHaveLength(0);
    expect((await cells('[data-testid=cohort-domains] tr[data-key=total] td'))[0]).toBe(
      num(api.body.total.value),
    );
    const s = api.body.sections[0];
    expect(s).toBeDefined();
    if (s) {
      const sectionRow = await cells(`[data-testid=cohort-sections] tr[data-key="${s.section}"] td`);
      expect([sectionRow[0], sectionRow[2], sectionRow[6]]).toEqual([
        num(s.value),
        num(s.p50),
        zhHans.standing[s.standing],
      ]);
    }
    await product.shot('benchmarks-cohort');
    await product.shot('benchmarks-cohort-fold', false);
  });

  it('a seat band leaving 4 peers hides the distribution and says why in the API’s words, without the count', async () => {
    await page.selectOption('[data-testid=cohort-filters] select[name=seats]', '300_999');
    await Promise.all([
      page.waitForURL(/seats=300_999/),
      page.click('[data-testid=cohort-filters] button[type=submit]'),
    ]);
    // The fields left empty are not sent.
    expect(new URL(page.url()).searchParams.has('industry')).toBe(false);
    const reason = await page.textContent('[data-testid=cohort-reason]');
    const api = await product.call<{ size: number | null; shown: boolean; reason: string }>(
      'GET',
      `/api/benchmarks/cohort?organizationId=${ids.main}&seats=300_999&industry=`,
      await product.tokenOf(CENTER_ADMIN.email, PASSWORD),
    );
    expect(api.body).toMatchObject({ shown: false, size: null });
    expect(reason).toContain(api.body.reason);
    expect(reason).toContain('5');
    expect(reason).not.toContain('4');
    expect(await page.$('[data-testid=cohort-size]')).toBeNull();
    expect(await page.$('[data-testid=cohort-chart]')).toBeNull();
    expect(await page.inputValue('[data-testid=cohort-filters] select[name=seats]')).toBe('300_999');
    expect(
      await page.$$eval('[data-testid=cohort-filters] select[name=seats] option', (os) =>
        os.map((o) => o.textContent),
      ),
    ).toEqual(['全部', '100 座席以下', '100–299 座席', '300–999 座席', '1000 座席及以上']);
    await product.shot('benchmarks-cohort-too-small', false);
  });

  it('its center admin opts the center in to benchmarking and the public directory', async () => {
    await page.goto(`${base}/benchmarks`);
    const form = '[data-testid=consent]';
    expect(await page.isChecked(`${form} input[name=benchmarkingOptIn]`)).toBe(false);
    expect(await page.textContent(form)).toContain('匿名');
    await page.check(`${form} input[name=benchmarkingOptIn]`);
    await page.check(`${form} input[name=publicListing]`);
    await Promise.all([page.waitForLoadState('load'), page.click(`${form} button[type=submit]`)]);
    await page.waitForSelector('[data-testid=consent-saved]');
    expect(await page.isChecked(`${form} input[name=benchmarkingOptIn]`)).toBe(true);
    const stored = await product.call<{ benchmarkingOptIn: boolean; publicListing: boolean }>(
      'GET',
      `/api/organizations/${ids.main}`,
      admin,
    );
    expect(stored.body).toMatchObject({ benchmarkingOptIn: true, publicListing: true });
    await page.evaluate(() => document.querySelector('[data-testid=consent]')?.scrollIntoView());
    await product.shot('benchmarks-consent', false);
  });

  it('the cohort CSV holds the page’s figures, headed in Chinese', async () => {
    const rows = await csvOf(await page.getAttribute('[data-testid=csv]', 'href'));
    const api = await product.call<{
      domains: { domain: string; value: number; p50: number; standing: keyof typeof zhHans.standing }[];
    }>('GET', `/api/benchmarks/cohort?organizationId=${ids.main}`, admin);
    expect(rows[0]?.slice(0, 4)).toEqual(['范围', '编号', '名称', '本机构']);
    expect(rows[0]?.[9]).toBe('所处区段');
    for (const d of api.body.domains) {
      const row = rows.find((r) => r[1] === d.domain);
      expect(row).toBeDefined();
      expect(Number(row?.[3])).toBe(d.value);
      expect(Number(row?.[5])).toBeCloseTo(d.p50, 6);
      expect(row?.[7]).toBe('');
      expect(row?.[9]).toBe(zhHans.standing[d.standing]);
    }
  });

  it('the trend has one point per assessment, self-assessments and audits as two lines, round axis ticks, and its CSV too', async () => {
    await Promise.all([
      page.waitForURL(/\/benchmarks\/trends/),
      page.click('.tabs a[href^="/benchmarks/trends"]'),
    ]);
    const api = await product.call<{
      points: { assessmentId: string; kind: string; total: number; level: number }[];
    }>('GET', `/api/benchmarks/trend?organizationId=${ids.main}`, admin);
    expect(api.body.points.map((p) => p.assessmentId)).toEqual(mainAssessments);
    const points = await page.$$('[data-testid=trend-chart] g.point');
    expect(points).toHaveLength(3);
    expect(await page.$$('[data-testid=trend-chart] g.point rect.square')).toHaveLength(1);
    expect(await page.$$('[data-testid=trend-chart] g.point circle.circle')).toHaveLength(2);
    const values = await page.$$eval('[data-testid=trend-chart] g.point', (els) =>
      els.map((e) => Number(e.getAttribute('data-value'))),
    );
    expect(values).toEqual(api.body.points.map((p) => p.total));
    // One line per kind: the 2024-03 self-assessment is not joined to the 2024-06 audit.
    const lines = await page.$$eval('[data-testid=trend-chart] path.path', (els) =>
      els.map((e) => [e.getAttribute('data-line'), (e.getAttribute('d')?.match(/[ML]/g) ?? []).length]),
    );
    expect(lines).toEqual([
      ['self', 2],
      ['audit', 1],
    ]);
    const ticks = await page.$$eval('[data-testid=trend-chart] text.tick', (els) =>
      els.map((e) => Number(e.textContent)),
    );
    // Round ticks, evenly spaced by 1, 2 or 5 × 10ⁿ, zoomed to the values (not from 0).
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
    expect(step / 10 ** Math.floor(Math.log10(step))).toBeOneOf([1, 2, 5]);
    for (const tick of ticks) expect(tick % step).toBe(0);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(Math.min(...values));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(Math.max(...values) - step);
    expect(await page.$$('[data-testid=trend-table] tbody tr')).toHaveLength(3);
    expect(await page.$$('[data-testid=trend-domain]')).toHaveLength(5);
    await product.shot('benchmarks-trends');

    const rows = await csvOf(await page.getAttribute('[data-testid=csv]', 'href'));
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => Number(r[6]))).toEqual(api.body.points.map((p) => p.total));
    expect(rows.slice(1).map((r) => r[0])).toEqual(['2023-05-10', '2024-03-01', '2024-06-15']);
  });

  it('self-assessment vs audit lists the clauses rated differently, per domain and against peers', async () => {
    await Promise.all([
      page.waitForURL(/\/benchmarks\/self-vs-audit/),
      page.click('.tabs a[href^="/benchmarks/self-vs-audit"]'),
    ]);
    expect(await page.textContent('[data-testid=pair]')).toContain('2024-03-01');
    expect(await page.textContent('[data-testid=pair]')).toContain('2024-06-15');
    const first = differing[0];
    const auditOf = audit.find((r) => r.clause === first?.clause);
    if (!first || !auditOf) throw new Error('no differing clause');
    const row = await cells(`[data-testid=clause-table] tr[data-clause="${first.clause}"] > *`);
    expect(row[0]).toBe(String(first.clause));
    expect(row.slice(2)).toEqual([
      String(first.c),
      String(first.f),
      String(auditOf.c),
      String(auditOf.f),
      signed(first.c + first.f - auditOf.c - auditOf.f),
    ]);
    expect(await page.$$('[data-testid=clause-table] tbody tr')).toHaveLength(differing.length);
    expect(await page.getAttribute('[data-testid=pair-chart]', 'role')).toBe('img');
    // Five opted-in peers have both: their spread of (self − audit), this center marked.
    const api = await product.call<{
      total: { difference: number };
      cohort: {
        size: number;
        shown: boolean;
        total: { p50: number; p90?: number; standing: keyof typeof zhHans.standing };
      };
    }>('GET', `/api/benchmarks/self-vs-audit?organizationId=${ids.main}`, admin);
    expect(api.body.cohort).toMatchObject({ size: 5, shown: true });
    expect(api.body.cohort.total).not.toHaveProperty('mean');
    expect(await page.$('[data-testid=spread-chart] g.row[data-key=total] path.marker')).not.toBeNull();
    const spread = await cells('[data-testid=spread-table] tr[data-key=total] td');
    expect([spread[0], spread[2], spread[4], spread[5]]).toEqual([
      signed(api.body.total.difference),
      signed(api.body.cohort.total.p50),
      '—',
      zhHans.standing[api.body.cohort.total.standing],
    ]);
    await product.shot('benchmarks-self-vs-audit');

    const rows = await csvOf(await page.getAttribute('[data-testid=csv]', 'href'));
    const clauseRow = rows.find((r) => r[0] === '条目' && r[1] === String(first.clause));
    expect(clauseRow?.slice(5, 10)).toEqual([
      String(first.c + first.f - auditOf.c - auditOf.f),
      String(first.c),
      String(first.f),
      String(auditOf.c),
      String(auditOf.f),
    ]);

    // The same peer filters as the cohort view: the 100–299 seat band leaves 4 peers with a pair.
    await page.selectOption('[data-testid=pair-filters] select[name=seats]', '100_299');
    await Promise.all([page.waitForURL(/seats=100_299/), page.click('[data-testid=pair-filters] button')]);
    expect(await page.textContent('[data-testid=spread-reason]')).toContain('5');
    expect(await page.$('[data-testid=spread-size]')).toBeNull();
    expect(await page.$('[data-testid=spread-chart]')).toBeNull();
    expect(await page.getAttribute('[data-testid=csv]', 'href')).toContain('seats=100_299');
    await product.shot('benchmarks-self-vs-audit-filtered', false);
  });

  it('a consultant compares the two centers that granted access; a revoked grant takes its center away', async () => {
    await product.signIn(CONSULTANT.email, PASSWORD);
    await page.goto(`${base}/benchmarks/compare`);
    const boxes = await page.$$eval('[data-testid=compare-form] input[name=organizationIds]', (els) =>
      els.map((e) => (e as HTMLInputElement).value),
    );
    expect(boxes.sort()).toEqual([ids.main, ids.peer].sort());
    await page.check(`input[name=organizationIds][value="${ids.main}"]`);
    await page.check(`input[name=organizationIds][value="${ids.peer}"]`);
    await Promise.all([page.waitForURL(/organizationIds=/), page.click('[data-testid=compare-form] button')]);
    const heads = await cells('[data-testid=compare-table] thead th.org .name');
    expect([...heads].sort()).toEqual([MAIN, '同行中心 1'].sort());
    expect(await page.textContent('[data-testid=compare-standard]')).toContain(STANDARD);
    const api = await product.call<{ organizations: { name: string; assessment: { total: number } }[] }>(
      'GET',
      `/api/benchmarks/compare?organizationIds=${ids.main},${ids.peer}`,
      admin,
    );
    const expected = Object.fromEntries(api.body.organizations.map((o) => [o.name, num(o.assessment.total)]));
    const totals = await cells('[data-testid=compare-table] tr[data-row=total] td');
    expect(Object.fromEntries(heads.map((name, i) => [name, totals[i]]))).toEqual(expected);
    expect(await page.$$('[data-testid=compare-table] tr[data-row^=criterion-]')).not.toHaveLength(0);
    await product.shot('benchmarks-compare');

    const rows = await csvOf(await page.getAttribute('[data-testid=csv]', 'href'));
    const names = rows[0]?.slice(4) ?? [];
    expect([...names].sort()).toEqual([MAIN, '同行中心 1'].sort());
    const totalRow = rows.find((r) => r[0] === '总分')?.slice(4) ?? [];
    expect(Object.fromEntries(names.map((name, i) => [name, num(Number(totalRow[i]))]))).toEqual(expected);
    // A comparison that cannot be made is its status and the reason, never an empty file.
    const refused = await page.request.get(`${base}/benchmarks/compare/csv?organizationIds=${ids.main}`);
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain('至少选择 2 家');

    // The peer revokes the grant: the same URL no longer shows it.
    expect(
      (await product.call('DELETE', `/api/organizations/${ids.peer}/consultants/${ids.consultant}`, admin))
        .status,
    ).toBe(204);
    await page.reload();
    expect(await page.$('[data-testid=compare-table]')).toBeNull();
    expect(await page.textContent('[data-testid=compare-dropped]')).toContain('1');
    expect(await page.textContent('main')).not.toContain('同行中心 1');
    await product.shot('benchmarks-compare-revoked', false);
  });

  it('the center admin sees which consultant viewed the center’s data', async () => {
    await product.signIn(CENTER_ADMIN.email, PASSWORD);
    await page.goto(`${base}/benchmarks`);
    const views = await page.textContent('[data-testid=grant-views]');
    expect(views).toContain(CONSULTANT.name);
    expect(views).toContain('多机构对比');
  });

  it('in English: the comparison page and its CSV headings', async () => {
    await product.signIn(CONSULTANT.email, PASSWORD);
    // Granted again, so the comparison has two centers to show.
    expect(
      (
        await product.call('POST', `/api/organizations/${ids.peer}/consultants`, admin, {
          consultantId: ids.consultant,
        })
      ).status,
    ).toBe(201);
    await page.goto(`${base}/benchmarks/compare?organizationIds=${ids.main},${ids.peer}`);
    await page.waitForLoadState('networkidle');
    await page.selectOption('select[name=locale]', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('[data-testid=compare-table]');
    expect(await page.textContent('main h1')).toBe('Benchmarks');
    expect(await page.textContent('[data-testid=compare-standard]')).toContain('same standard version');
    expect(await page.textContent('[data-testid=compare-table]')).toContain('Level');
    await product.shot('benchmarks-compare-en');
    const rows = await csvOf(await page.getAttribute('[data-testid=csv]', 'href'));
    expect(rows[0]?.slice(0, 3)).toEqual(['Row', 'Id', 'Item']);
    await page.goto(`${base}/benchmarks/trends?organizationId=${ids.main}`);
    expect(await page.textContent('main')).toContain('Total and level');
    await product.shot('benchmarks-trends-en');
  });
});
