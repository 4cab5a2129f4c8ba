// Every main page in English and in 繁體, in Chromium against the real server, with data on it:
// no string of another language's catalogue and no raw error text may show. A page written in
// one language with a label left in another is what this catches.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/lib/i18n/en.ts';
import { zhHans } from '../src/lib/i18n/zh-Hans.ts';
import { zhHant } from '../src/lib/i18n/zh-Hant.ts';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const AUDITOR = { email: 'auditor@example.com', name: '王审核', password: PASSWORD, role: 'auditor' };
const REVIEWER = { email: 'reviewer@example.com', name: '赵评审', password: PASSWORD, role: 'cb_reviewer' };
const RAW_ERRORS = [
  'Failed to fetch',
  'Internal Error',
  'Cross-site POST',
  'NetworkError',
  'undefined',
  '[object Object]',
];

/** Every string of a catalogue (functions skipped), with its path. */
function strings(catalogue: object, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const at = path ? `${path}.${key}` : key;
    if (typeof value === 'string') out.set(at, value);
    else if (value && typeof value === 'object') for (const [p, v] of strings(value, at)) out.set(p, v);
  }
  return out;
}
const catalogues = { 'zh-Hans': strings(zhHans), 'zh-Hant': strings(zhHant), en: strings(en) };

/**
 * The phrases of the other languages that would give a page away: long enough to be a label
 * rather than a word that data may hold, different from the page language's own wording, with
 * their {placeholders} cut out (the text around them is what shows).
 */
function foreignPhrases(locale: 'en' | 'zh-Hant'): Map<string, string> {
  const own = catalogues[locale];
  const out = new Map<string, string>();
  for (const [other, catalogue] of Object.entries(catalogues)) {
    if (other === locale) continue;
    for (const [path, text] of catalogue) {
      if (own.get(path) === text) continue;
      for (const piece of text.split(/\{[^}]+\}/)) {
        const phrase = piece.trim();
        const long = other === 'en' ? phrase.length >= 14 && phrase.includes(' ') : phrase.length >= 4;
        if (long) out.set(phrase, `${other}:${path}`);
      }
    }
  }
  return out;
}

let product: Product;
let base = '';
let page: Page;
let adminToken = '';
const paths: string[] = [];

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
  const { call } = product;
  adminToken = (await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
  const org = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
    name: '台北客服中心',
    operatingSince: '2012-05-01',
  });
  const auditor = await call<{ id: string }>('POST', '/api/users', adminToken, AUDITOR);
  await call('POST', '/api/users', adminToken, REVIEWER);
  const audit = await product.startAssessment<{ id: string }>(adminToken, {
    organizationId: org.body.id,
    standard: 'cc-cmm-oc@2017',
    kind: 'certification',
  });
  await call('PUT', `/api/assessments/${audit.body.id}/auditors`, adminToken, { userIds: [auditor.body.id] });
  const auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
  const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: i < 20 ? 5 : 10 }));
  await call('PUT', `/api/assessments/${audit.body.id}/scores`, auditorToken, { ratings });
  await call('POST', `/api/assessments/${audit.body.id}/submit`, auditorToken);
  const reviewerToken = await product.tokenOf(REVIEWER.email, PASSWORD);
  const decided = await call<{ certificate: { number: string } }>(
    'POST',
    `/api/assessments/${audit.body.id}/decision`,
    reviewerToken,
    { outcome: 'certify', level: 1, reason: '同意以较低等级颁证' },
  );
  expect(decided.status).toBe(201);
  const number = decided.body.certificate.number;
  const self = await call<{ id: string }>('POST', '/api/assessments', adminToken, {
    organizationId: org.body.id,
    standard: 'cc-cmm-oc@2017',
    kind: 'self',
  });
  paths.push(
    '/',
    '/organizations',
    `/organizations/${org.body.id}`,
    '/users',
    '/integrations',
    `/assessments/${audit.body.id}`,
    `/assessments/${self.body.id}`,
    `/assessments/${self.body.id}/score`,
    '/certificates',
    `/certificates/${number}`,
    '/findings',
    '/complaints',
    '/standards',
    '/benchmarks',
    `/benchmarks/trends?organizationId=${org.body.id}`,
    '/kpis',
    '/verify',
    `/verify/${number}`,
    '/directory',
  );
}, 120_000);

afterAll(async () => product?.close());

describe('every main page speaks one language', () => {
  for (const locale of ['en', 'zh-Hant'] as const) {
    it(`in ${locale}: no phrase of another catalogue, no raw error`, async () => {
      await page.context().clearCookies();
      await product.signIn(ADMIN.email, ADMIN.password);
      expect((await product.call('PATCH', '/api/me', adminToken, { locale })).status).toBe(200);
      const phrases = foreignPhrases(locale);
      const found: string[] = [];
      // The certifying body's name is a setting, written in the body's own language.
      phrases.delete('认证机构');
      for (const path of paths) {
        const response = await page.goto(`${base}${path}`);
        expect(response?.status(), path).toBeLessThan(400);
        // innerText, not textContent: what is rendered, not hidden templates or <option>s unseen.
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
        const text = await page.evaluate(() => document.body.innerText);
        for (const [phrase, where] of phrases)
          if (text.includes(phrase)) found.push(`${path}: "${phrase}" (${where})`);
        for (const raw of RAW_ERRORS) if (text.includes(raw)) found.push(`${path}: raw "${raw}"`);
      }
      expect(found).toEqual([]);
    });
  }
});
