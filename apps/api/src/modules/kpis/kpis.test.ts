import { schema } from '@ccmm/db';
import { type KpiIndicator, type KpiMethod, kpiAttainment, standingIn } from '@ccmm/engine';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { clock } from '../../clock.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;

/** The app's today: July 2026 is the current month, August the first one in the future. */
const TODAY = '2026-07-15';
const SL_80_20: KpiMethod = { thresholdSeconds: 20, abandons: 'excluded' };
const SL_80_30: KpiMethod = { thresholdSeconds: 30, abandons: 'excluded' };

interface Entry {
  indicator: KpiIndicator;
  value: number;
  target?: number | null;
  method?: KpiMethod;
}

const put = (session: Session, organizationId: string, month: string, values: unknown) =>
  t.http().put(`/api/organizations/${organizationId}/kpis/${month}`).set(session.auth).send({ values });

const get = (session: Session, path: string, query: Record<string, string | number> = {}) =>
  t.http().get(path).query(query).set(session.auth);

/** A session whose token carries English as its language. */
async function inEnglish(session: Session): Promise<Session> {
  const res = await t.http().patch('/api/me').set(session.auth).send({ locale: 'en' }).expect(200);
  return { ...session, token: res.body.token, auth: { Authorization: `Bearer ${res.body.token}` } };
}

/** Everything stored about an organization's KPIs: values and history. */
async function stored(organizationId: string) {
  const values = await t.database.db
    .select()
    .from(schema.kpiValues)
    .where(eq(schema.kpiValues.organizationId, organizationId))
    .orderBy(asc(schema.kpiValues.month), asc(schema.kpiValues.indicator));
  const changes = await t.database.db
    .select()
    .from(schema.kpiChanges)
    .where(eq(schema.kpiChanges.organizationId, organizationId))
    .orderBy(asc(schema.kpiChanges.id));
  return { values, changes };
}

const optIn = (organizationId: string, value = true) =>
  t
    .http()
    .patch(`/api/organizations/${organizationId}`)
    .set(admin.auth)
    .send({ benchmarkingOptIn: value })
    .expect(200);

/** percentile_cont: linear interpolation between the closest ranks, position p·(n−1). */
function percentileCont(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[Math.min(lower + 1, sorted.length - 1)] ?? Number.NaN;
  return a + (position - lower) * (b - a);
}

beforeAll(async () => {
  vi.spyOn(clock, 'today').mockReturnValue(TODAY);
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t.close();
});

describe('recording and reading KPIs', () => {
  it('records a month’s KPIs with their methods and reads them back against their targets', async () => {
    const org = await seed.organization();
    const center = await seed.user('center_member', org.id);
    const res = await put(center, org.id, '2026-05', [
      { indicator: 'csat', value: 4.6, target: 4.5, method: { scale: '1-5' } },
      { indicator: 'service_level', value: 78, target: 80, method: SL_80_20 },
      { indicator: 'asa', value: 25, target: 30 },
      { indicator: 'nps', value: -12 },
    ]).expect(200);
    // Indicator order, whatever the order sent.
    expect(res.body.values).toEqual([
      {
        month: '2026-05',
        indicator: 'service_level',
        value: 78,
        target: 80,
        method: SL_80_20,
        unit: 'percent',
        better: 'higher',
        met: false,
      },
      {
        month: '2026-05',
        indicator: 'asa',
        value: 25,
        target: 30,
        method: {},
        unit: 'seconds',
        better: 'lower',
        met: true,
      },
      {
        month: '2026-05',
        indicator: 'csat',
        value: 4.6,
        target: 4.5,
        method: { scale: '1-5' },
        unit: 'score',
        better: 'higher',
        met: true,
      },
      {
        month: '2026-05',
        indicator: 'nps',
        value: -12,
        target: null,
        method: {},
        unit: 'points',
        better: 'higher',
        met: null,
      },
    ]);
    await put(center, org.id, '2026-04', [{ indicator: 'fcr', value: 86, target: 85 }]).expect(200);
    // The current month may be recorded while it runs.
    await put(center, org.id, '2026-07', [{ indicator: 'fcr', value: 84, target: 85 }]).expect(200);

    const all = await get(center, `/api/organizations/${org.id}/kpis`).expect(200);
    expect(all.body.organizationId).toBe(org.id);
    expect(
      all.body.values.map((v: { month: string; indicator: string }) => `${v.month} ${v.indicator}`),
    ).toEqual([
      '2026-04 fcr',
      '2026-05 service_level',
      '2026-05 asa',
      '2026-05 csat',
      '2026-05 nps',
      '2026-07 fcr',
    ]);
    const may = await get(center, `/api/organizations/${org.id}/kpis`, {
      from: '2026-05',
      to: '2026-06',
    }).expect(200);
    expect(may.body.values).toEqual(res.body.values);
    const reversed = await get(center, `/api/organizations/${org.id}/kpis`, {
      from: '2026-06',
      to: '2026-05',
    }).expect(400);
    expect(reversed.body.code).toBe('kpi.range_reversed');
  });

  it('keeps a history row per change with who made it, and none for a write that changes nothing', async () => {
    const org = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const path = `/api/organizations/${org.id}/kpis`;
    await put(centerAdmin, org.id, '2026-03', [
      { indicator: 'aht', value: 300, target: 280 },
      { indicator: 'fcr', value: 80, target: 85 },
    ]).expect(200);
    // Same AHT again (no change), a new FCR value, by the certification body's admin.
    await put(admin, org.id, '2026-03', [
      { indicator: 'aht', value: 300, target: 280 },
      { indicator: 'fcr', value: 82, target: 85 },
    ]).expect(200);
    // Leaving out the target removes it.
    await put(centerAdmin, org.id, '2026-03', [{ indicator: 'aht', value: 300 }]).expect(200);
    await t.http().delete(`${path}/2026-03/fcr`).set(centerAdmin.auth).expect(204);
    // Removing what is not there: nothing to record.
    await t.http().delete(`${path}/2026-03/fcr`).set(centerAdmin.auth).expect(204);

    const res = await get(centerAdmin, `${path}/changes`).expect(200);
    const users = await t.database.db.select().from(schema.users);
    const nameOf = (id: string) => users.find((u) => u.id === id)?.name;
    expect(res.body.map((c: Record<string, unknown>) => ({ ...c, changedAt: typeof c.changedAt }))).toEqual([
      {
        month: '2026-03',
        indicator: 'fcr',
        value: null,
        target: null,
        method: null,
        changedBy: { id: centerAdmin.id, name: nameOf(centerAdmin.id) },
        viaApiKey: null,
        changedAt: 'string',
      },
      {
        month: '2026-03',
        indicator: 'aht',
        value: 300,
        target: null,
        method: {},
        changedBy: { id: centerAdmin.id, name: nameOf(centerAdmin.id) },
        viaApiKey: null,
        changedAt: 'string',
      },
      {
        month: '2026-03',
        indicator: 'fcr',
        value: 82,
        target: 85,
        method: {},
        changedBy: { id: admin.id, name: nameOf(admin.id) },
        viaApiKey: null,
        changedAt: 'string',
      },
      {
        month: '2026-03',
        indicator: 'fcr',
        value: 80,
        target: 85,
        method: {},
        changedBy: { id: centerAdmin.id, name: nameOf(centerAdmin.id) },
        viaApiKey: null,
        changedAt: 'string',
      },
      {
        month: '2026-03',
        indicator: 'aht',
        value: 300,
        target: 280,
        method: {},
        changedBy: { id: centerAdmin.id, name: nameOf(centerAdmin.id) },
        viaApiKey: null,
        changedAt: 'string',
      },
    ]);
    const now = await stored(org.id);
    expect(now.values).toMatchObject([
      { indicator: 'aht', value: 300, target: null, updatedBy: centerAdmin.id },
    ]);
  });
});

describe('validation', () => {
  let org: { id: string };
  let center: Session;
  let english: Session;
  const issuesOf = async (session: Session, values: unknown, month = '2026-06') => {
    const res = await put(session, org.id, month, values).expect(400);
    expect(res.body.code).toBe('kpi.invalid');
    return res.body.issues as { path: (string | number)[]; code: string; message: string }[];
  };

  beforeAll(async () => {
    org = await seed.organization();
    center = await seed.user('center_admin', org.id);
    english = await inEnglish(await seed.user('center_member', org.id));
  });

  it('asks a service level for its threshold and how abandons are counted', async () => {
    const issues = await issuesOf(center, [{ indicator: 'service_level', value: 80, target: 80 }]);
    expect(issues).toEqual([
      {
        path: ['values', 0, 'method', 'thresholdSeconds'],
        code: 'kpi.method_required',
        message: '服务水平须记录应答时限秒数 (thresholdSeconds)',
      },
      {
        path: ['values', 0, 'method', 'abandons'],
        code: 'kpi.method_required',
        message: '服务水平须记录放弃来电的计入方式 (abandons)',
      },
    ]);
    const en = await issuesOf(english, [
      { indicator: 'service_level', value: 80, method: { thresholdSeconds: 0, abandons: 'included' } },
    ]);
    expect(en).toEqual([
      {
        path: ['values', 0, 'method', 'thresholdSeconds'],
        code: 'kpi.out_of_range',
        message:
          'Service level: the answer threshold in seconds (thresholdSeconds) must be between 1 and 600 (seconds)',
      },
    ]);
  });

  it('asks CSAT for its scale, whose range the value and target must keep', async () => {
    const noScale = await issuesOf(center, [{ indicator: 'csat', value: 4.2 }]);
    expect(noScale).toEqual([
      {
        path: ['values', 0, 'method', 'scale'],
        code: 'kpi.method_required',
        message: '客户满意度 CSAT须记录评分量表 (scale)',
      },
    ]);
    const outOfScale = await issuesOf(english, [
      { indicator: 'fcr', value: 80 },
      { indicator: 'csat', value: 8, target: 9, method: { scale: '1-5' } },
    ]);
    expect(outOfScale.map((i) => i.path)).toEqual([
      ['values', 1, 'value'],
      ['values', 1, 'target'],
    ]);
    expect(outOfScale[0]?.message).toBe(
      'Customer satisfaction (CSAT): the value must be between 1 and 5 (score)',
    );
    // The same numbers on a 1–10 scale, and a top-box share in percent, are fine.
    await put(center, org.id, '2026-06', [
      { indicator: 'csat', value: 8, target: 9, method: { scale: '1-10' } },
    ]).expect(200);
    await put(center, org.id, '2026-05', [
      { indicator: 'csat', value: 78, method: { scale: 'top_box' } },
    ]).expect(200);
    const topBox = await issuesOf(center, [{ indicator: 'csat', value: 101, method: { scale: 'top_box' } }]);
    expect(topBox[0]?.message).toBe('客户满意度 CSAT的数值须在 0 到 100 之间（百分比）');
  });

  it('takes NPS from −100 to 100 and every percent from 0 to 100', async () => {
    const issues = await issuesOf(center, [
      { indicator: 'nps', value: -101, target: 101 },
      { indicator: 'abandonment', value: 100.5 },
      { indicator: 'occupancy', value: 85, target: -1 },
      { indicator: 'fcr', value: 101 },
    ]);
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      [['values', 0, 'value'], '净推荐值 NPS的数值须在 -100 到 100 之间（分）'],
      [['values', 0, 'target'], '净推荐值 NPS的目标值须在 -100 到 100 之间（分）'],
      [['values', 1, 'value'], '放弃率的数值须在 0 到 100 之间（百分比）'],
      [['values', 2, 'target'], '座席占用率的目标值须在 0 到 100 之间（百分比）'],
      [['values', 3, 'value'], '首次解决率 FCR的数值须在 0 到 100 之间（百分比）'],
    ]);
    const en = await issuesOf(english, [{ indicator: 'nps', value: 150 }]);
    expect(en[0]?.message).toBe('Net promoter score (NPS): the value must be between -100 and 100 (points)');
  });

  it('takes ASA and AHT in seconds within their ranges', async () => {
    const issues = await issuesOf(english, [
      { indicator: 'asa', value: 3601 },
      { indicator: 'aht', value: 0 },
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      'Average speed of answer (ASA): the value must be between 0 and 3600 (seconds)',
      'Average handling time (AHT): the value must be between 1 and 7200 (seconds)',
    ]);
  });

  it('refuses a method the indicator does not use, and an indicator given twice', async () => {
    const issues = await issuesOf(center, [
      { indicator: 'asa', value: 20, method: { scale: '1-5' } },
      { indicator: 'fcr', value: 80 },
      { indicator: 'fcr', value: 81 },
    ]);
    expect(issues).toEqual([
      {
        path: ['values', 0, 'method', 'scale'],
        code: 'kpi.method_not_applicable',
        message: '平均应答速度 ASA不使用评分量表 (scale)',
      },
      {
        path: ['values', 2, 'indicator'],
        code: 'kpi.duplicate_indicator',
        message: '首次解决率 FCR在同一次提交中出现了不止一次',
      },
    ]);
    const en = await issuesOf(english, [
      { indicator: 'fcr', value: 80 },
      { indicator: 'fcr', value: 81 },
    ]);
    expect(en[0]?.message).toBe('First-contact resolution (FCR) appears more than once');
  });

  it('refuses a month in the future or malformed, and bodies of the wrong shape', async () => {
    const future = await put(center, org.id, '2026-08', [{ indicator: 'fcr', value: 80 }]).expect(400);
    expect(future.body).toMatchObject({
      code: 'kpi.month_in_future',
      message: '2026-08 尚未开始，还不能记录该月的 KPI',
    });
    const futureEn = await put(english, org.id, '2027-01', [{ indicator: 'fcr', value: 80 }]).expect(400);
    expect(futureEn.body.message).toBe('month 2027-01 has not begun: its KPIs cannot be recorded yet');
    for (const month of ['2026-13', '2026-1', '2026-06-01', 'june'])
      expect(
        (await put(center, org.id, month, [{ indicator: 'fcr', value: 80 }]).expect(400)).body.code,
      ).toBe('request.invalid');
    const shapes: unknown[] = [
      [],
      Array.from({ length: 9 }, () => ({ indicator: 'fcr', value: 80 })),
      [{ indicator: 'fcr', value: '80' }],
      [{ indicator: 'fcr' }],
      [{ indicator: 'speed', value: 80 }],
      [{ indicator: 'csat', value: 4, method: { scale: '1-7' } }],
      [{ indicator: 'csat', value: 4, method: { scale: '1-5', weight: 2 } }],
      [{ indicator: 'service_level', value: 80, method: { thresholdSeconds: '20', abandons: 'excluded' } }],
      'fcr=80',
    ];
    for (const values of shapes) {
      const res = await put(center, org.id, '2026-06', values).expect(400);
      expect(res.body.code, JSON.stringify(values)).toBe('request.invalid');
    }
    await t
      .http()
      .put(`/api/organizations/${org.id}/kpis/2026-06`)
      .set(center.auth)
      .set('content-type', 'application/json')
      .send('{"values": [')
      .expect(400);
    const badQuery = await get(center, `/api/organizations/${org.id}/kpis`, { from: '2026-6' }).expect(400);
    expect(badQuery.body.code).toBe('request.invalid');
    await get(center, `/api/organizations/${org.id}/kpis/attainment`, { months: 0 }).expect(400);
    await get(center, `/api/organizations/${org.id}/kpis/attainment`, { to: '2026-00' }).expect(400);
    await t.http().delete(`/api/organizations/${org.id}/kpis/2026-06/speed`).set(center.auth).expect(400);
  });

  it('changes nothing when any entry is refused: all or nothing', async () => {
    const other = await seed.organization();
    const member = await seed.user('center_member', other.id);
    await put(member, other.id, '2026-06', [
      { indicator: 'fcr', value: 80, target: 85 },
      { indicator: 'service_level', value: 81, target: 80, method: SL_80_20 },
    ]).expect(200);
    const before = await stored(other.id);
    const attempts: [string, unknown][] = [
      [
        '2026-06',
        [
          { indicator: 'fcr', value: 90 },
          { indicator: 'nps', value: 500 },
        ],
      ],
      [
        '2026-06',
        [
          { indicator: 'fcr', value: 90 },
          { indicator: 'service_level', value: 90 },
        ],
      ],
      [
        '2026-06',
        [
          { indicator: 'fcr', value: 90 },
          { indicator: 'fcr', value: 91 },
        ],
      ],
      [
        '2026-06',
        [
          { indicator: 'fcr', value: 90 },
          { indicator: 'asa', value: 'fast' },
        ],
      ],
      ['2026-12', [{ indicator: 'fcr', value: 90 }]],
      ['2026-6', [{ indicator: 'fcr', value: 90 }]],
    ];
    for (const [month, values] of attempts) await put(member, other.id, month, values).expect(400);
    await t.http().delete(`/api/organizations/${other.id}/kpis/2026-06/nope`).set(member.auth).expect(400);
    expect(await stored(other.id)).toEqual(before);
  });
});

describe('attainment', () => {
  it('equals the engine’s over the same months, and marks clauses 127 and 128 for the assessment', async () => {
    const org = await seed.organization();
    const center = await seed.user('center_admin', org.id);
    const auditor = await seed.user('auditor');
    // 2025-07 … 2026-06: the 12 months up to the assessment (assessed 2026-06-30).
    const months = Array.from({ length: 14 }, (_, i) => {
      const index = 2025 * 12 + 5 + i; // 2025-06 … 2026-07
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    });
    const entries = new Map<string, Entry[]>();
    months.forEach((month, i) => {
      entries.set(month, [
        // Meets its target every month.
        { indicator: 'fcr', value: 86 + (i % 2), target: 85 },
        // Misses, but falls steadily (ASA: lower is better).
        { indicator: 'asa', value: 60 - 2 * i, target: 30 },
        // Misses and worsens.
        { indicator: 'aht', value: 300 + 3 * i, target: 280 },
        // Misses. Rising across the change of threshold in 2026-03 (80/30 to 80/20), but
        // falling since: only the months measured the new way count, so no improvement.
        {
          indicator: 'service_level',
          value: i < 9 ? 60 + i : 79 - (i - 9),
          target: 80,
          method: i < 9 ? SL_80_30 : SL_80_20,
        },
        // No target: not counted.
        { indicator: 'nps', value: 20 + i },
      ]);
    });
    for (const [month, values] of entries) {
      if (month > '2026-07') continue;
      await put(center, org.id, month, values).expect(200);
    }
    const records = [...entries].flatMap(([month, values]) =>
      values.map((v) => ({
        indicator: v.indicator,
        month: `${month}-01`,
        value: v.value,
        target: v.target ?? null,
        method: v.method ?? {},
      })),
    );
    const expected = (from: string, to: string) => ({
      ...kpiAttainment(records, `${from}-01`, `${to}-01`),
      from,
      to,
    });

    const byOrg = await get(center, `/api/organizations/${org.id}/kpis/attainment`, {
      to: '2026-06',
      months: 12,
    }).expect(200);
    expect(byOrg.body).toEqual(expected('2025-07', '2026-06'));
    expect(byOrg.body).toMatchObject({
      measured: 4,
      met: 1,
      metOrImproved: 2,
      shareMet: 25,
      shareMetOrImproved: 50,
    });
    const sl = byOrg.body.indicators.find((i: { indicator: string }) => i.indicator === 'service_level');
    expect(sl).toMatchObject({ months: 4, monthsMet: 0, improved: false });

    // Default: the 12 months up to the current month (July 2026).
    const current = await get(center, `/api/organizations/${org.id}/kpis/attainment`).expect(200);
    expect(current.body).toEqual(expected('2025-08', '2026-07'));
    const three = await get(center, `/api/organizations/${org.id}/kpis/attainment`, {
      to: '2026-01',
      months: 3,
    }).expect(200);
    expect(three.body).toEqual(expected('2025-11', '2026-01'));

    const { id } = await seed.assessment(org.id, 'certification', [auditor.id]);
    const res = await get(auditor, `/api/assessments/${id}/kpi-attainment`).expect(200);
    expect(res.body).toEqual({
      ...expected('2025-07', '2026-06'),
      clauses: {
        127: { required: 50, share: 25, met: false },
        128: { required: 75, share: 50, met: false },
      },
    });

    // Once AHT meets a looser target and the service level holds, 127 and 128 are met.
    for (const month of months.filter((m) => m <= '2026-06'))
      await put(center, org.id, month, [
        {
          indicator: 'aht',
          value: (entries.get(month)?.find((e) => e.indicator === 'aht')?.value ?? 0) - 1,
          target: 400,
        },
      ]).expect(200);
    const after = await get(center, `/api/assessments/${id}/kpi-attainment`).expect(200);
    expect(after.body.clauses).toEqual({
      127: { required: 50, share: 50, met: true },
      128: { required: 75, share: 75, met: true },
    });

    // Another organization's auditor does not see this assessment.
    const stranger = await seed.user('auditor');
    await get(stranger, `/api/assessments/${id}/kpi-attainment`).expect(404);
  });
});

describe('the KPI cohort', () => {
  /** An organization with KPIs for June 2026 (cb admin records them), opted in unless told. */
  async function member(industry: string, values: Entry[], optedIn = true) {
    const org = await seed.organization({ industry });
    await put(admin, org.id, '2026-06', values).expect(200);
    if (optedIn) await optIn(org.id);
    return org;
  }
  const cohort = (session: Session, query: Record<string, string | number>) =>
    get(session, '/api/benchmarks/kpis', query);
  const indicatorOf = (body: { indicators: { indicator: string }[] }, indicator: KpiIndicator) =>
    body.indicators.find((i) => i.indicator === indicator) as Record<string, unknown>;

  it('counts opted-in peers measuring the same way only, and shows nothing under 5 (with the reason)', async () => {
    const industry = 'kpi-consent';
    const target = await member(industry, [
      { indicator: 'service_level', value: 80, target: 80, method: SL_80_20 },
    ]);
    for (const value of [70, 75, 85, 90])
      await member(industry, [{ indicator: 'service_level', value, method: SL_80_20 }]);
    const notOptedIn = await member(
      industry,
      [{ indicator: 'service_level', value: 60, method: SL_80_20 }],
      false,
    );
    // Another threshold, another cohort.
    await member(industry, [{ indicator: 'service_level', value: 95, method: SL_80_30 }]);
    await member(industry, [
      { indicator: 'service_level', value: 95, method: { ...SL_80_20, abandons: 'included' } },
    ]);
    const center = await seed.user('center_admin', target.id);

    const four = await cohort(center, { organizationId: target.id, industry }).expect(200);
    expect(four.body.month).toBe('2026-06');
    const sl = indicatorOf(four.body, 'service_level');
    // Not shown: no size, and a reason without the count.
    expect(sl).toEqual({
      indicator: 'service_level',
      unit: 'percent',
      better: 'higher',
      value: 80,
      target: 80,
      method: SL_80_20,
      size: null,
      shown: false,
      reasonCode: 'benchmark.cohort_too_small',
      reason: expect.stringContaining('少于 5 家'),
    });
    expect(sl.reason).not.toMatch(/4/);
    const en = await cohort(await inEnglish(center), { organizationId: target.id, industry }).expect(200);
    expect(indicatorOf(en.body, 'service_level').reason).toContain('fewer than 5 organizations match');

    // Exactly 5: p25 to p75 and the band, no p90 (with 5 values it is close to the highest one).
    await optIn(notOptedIn.id);
    const five = await cohort(center, { organizationId: target.id, industry, month: '2026-06' }).expect(200);
    const shown = indicatorOf(five.body, 'service_level');
    expect(shown).toMatchObject({ size: 5, shown: true });
    expect(shown).not.toHaveProperty('reason');
    expect(shown).not.toHaveProperty('p90');
    expect(shown).not.toHaveProperty('rank');
    const values = [70, 75, 85, 90, 60];
    const expected = {
      p25: percentileCont(values, 0.25),
      p50: percentileCont(values, 0.5),
      p75: percentileCont(values, 0.75),
    };
    expect(shown.p50).toBeCloseTo(expected.p50, 9);
    expect(shown.standing).toBe(standingIn(expected, 80));

    await optIn(notOptedIn.id, false);
    const again = await cohort(center, { organizationId: target.id, industry }).expect(200);
    expect(indicatorOf(again.body, 'service_level')).toMatchObject({ size: null, shown: false });
    expect(JSON.stringify(five.body)).not.toContain(notOptedIn.id);

    // An 80/30 center sees the 80/30 peers only: one, so nothing.
    const thirty = await member(industry, [{ indicator: 'service_level', value: 88, method: SL_80_30 }]);
    const theirs = await cohort(admin, { organizationId: thirty.id, industry }).expect(200);
    expect(indicatorOf(theirs.body, 'service_level')).toMatchObject({
      method: SL_80_30,
      size: null,
      shown: false,
    });

    // Not recorded that month: service level and CSAT have no method to compare by.
    const csat = indicatorOf(four.body, 'csat');
    expect(csat).toMatchObject({
      value: null,
      method: null,
      size: null,
      shown: false,
      reasonCode: 'kpi.method_unknown',
    });
    expect(csat.reason).toBe('本机构该月未记录客户满意度 CSAT及其计算方法，无法与采用相同方法的机构对比');
  });

  it('gives percentile_cont percentiles per indicator, p90 from 10, and the band on the indicator’s own scale', async () => {
    const industry = 'kpi-percentiles';
    const asaValues = [12, 45, 30, 30, 18, 60, 22, 25, 33, 40];
    const fcrValues = [70, 91, 84, 77, 88, 80, 80, 72, 95, 83];
    const csatValues = [4.1, 4.8, 3.9, 4.4, 4.6, 4.2, 4.4, 4.0, 4.9, 3.5];
    const target = await member(industry, [
      { indicator: 'asa', value: 30, target: 25 },
      { indicator: 'fcr', value: 80 },
      { indicator: 'csat', value: 4.4, method: { scale: '1-5' } },
    ]);
    for (let i = 0; i < asaValues.length; i++)
      await member(industry, [
        { indicator: 'asa', value: asaValues[i] ?? 0 },
        { indicator: 'fcr', value: fcrValues[i] ?? 0 },
        { indicator: 'csat', value: csatValues[i] ?? 0, method: { scale: '1-5' } },
      ]);
    // Other scales and another month: not in June's 1–5 CSAT cohort.
    await member(industry, [{ indicator: 'csat', value: 9, method: { scale: '1-10' } }]);
    const may = await seed.organization({ industry });
    await optIn(may.id);
    await put(admin, may.id, '2026-05', [{ indicator: 'asa', value: 1 }]).expect(200);

    const res = await cohort(admin, { organizationId: target.id, industry }).expect(200);
    expect(res.body.indicators.map((i: { indicator: string }) => i.indicator)).toEqual([
      'service_level',
      'asa',
      'aht',
      'abandonment',
      'fcr',
      'csat',
      'nps',
      'occupancy',
    ]);
    const check = (indicator: KpiIndicator, values: number[], own: number, better: 'higher' | 'lower') => {
      const got = indicatorOf(res.body, indicator);
      expect(got).toMatchObject({ value: own, size: values.length, shown: true, better });
      const expected = {
        p25: percentileCont(values, 0.25),
        p50: percentileCont(values, 0.5),
        p75: percentileCont(values, 0.75),
        p90: percentileCont(values, 0.9),
      };
      for (const key of ['p25', 'p50', 'p75', 'p90'] as const) expect(got[key]).toBeCloseTo(expected[key], 9);
      // On the value's own scale, whichever direction is better.
      expect(got.standing).toBe(standingIn(expected, own));
      expect(got).not.toHaveProperty('rank');
    };
    check('asa', asaValues, 30, 'lower');
    check('fcr', fcrValues, 80, 'higher');
    check('csat', csatValues, 4.4, 'higher');
    // ASA 30 s among 12…60 s: between the median (30) and p75 (38.25), a slower band for the
    // organization since lower is better; the band itself is on the seconds scale.
    expect(indicatorOf(res.body, 'asa').standing).toBe('p50_p75');
    // No value of its own for AHT: no band, no peers either.
    const aht = indicatorOf(res.body, 'aht');
    expect(aht).toMatchObject({ value: null, method: {}, size: null, shown: false });
    expect(aht).not.toHaveProperty('standing');

    const badBand = await cohort(admin, { organizationId: target.id, industry, seats: '10-5' });
    expect(badBand.status).toBe(400);
    const none = await cohort(admin, { organizationId: target.id, industry, region: 'nowhere' }).expect(200);
    expect(indicatorOf(none.body, 'asa')).toMatchObject({ size: null, shown: false });
    // Seat bands: every organization here has no seats recorded, so a band leaves no one.
    const band = await cohort(admin, { organizationId: target.id, industry, seats: '100_299' }).expect(200);
    expect(indicatorOf(band.body, 'asa')).toMatchObject({ size: null, shown: false });
    // Empty values are no filter.
    const empty = await cohort(admin, {
      organizationId: target.id,
      industry,
      region: '',
      businessType: '',
      seats: '',
      month: '',
    }).expect(200);
    expect(empty.body).toEqual(res.body);
    const nothing = await seed.organization({ industry });
    expect((await cohort(admin, { organizationId: nothing.id }).expect(200)).body).toEqual({
      month: null,
      indicators: [],
    });
  });

  it('records a consultant’s view even when the organization has no KPIs to show', async () => {
    const org = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const consultant = await seed.user('consultant');
    await t
      .http()
      .post(`/api/organizations/${org.id}/consultants`)
      .set(centerAdmin.auth)
      .send({ consultantId: consultant.id })
      .expect(201);
    const res = await cohort(consultant, { organizationId: org.id }).expect(200);
    expect(res.body).toEqual({ month: null, indicators: [] });
    const views = await t.database.db
      .select({ view: schema.grantViews.view })
      .from(schema.grantViews)
      .where(
        and(eq(schema.grantViews.organizationId, org.id), eq(schema.grantViews.consultantId, consultant.id)),
      );
    expect(views).toEqual([{ view: 'benchmarks.kpis' }]);
  });
});

describe('tenancy', () => {
  it('shows KPIs to who may see the organization: others get 404, a consultant until revoked, recorded', async () => {
    const org = await seed.organization();
    const other = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const otherMember = await seed.user('center_member', other.id);
    await put(centerAdmin, org.id, '2026-06', [{ indicator: 'fcr', value: 80, target: 85 }]).expect(200);
    const before = await stored(org.id);

    const reads = [
      `/api/organizations/${org.id}/kpis`,
      `/api/organizations/${org.id}/kpis/changes`,
      `/api/organizations/${org.id}/kpis/attainment`,
    ];
    for (const path of reads) {
      const res = await get(otherMember, path).expect(404);
      expect(res.body.code).toBe('organization.not_found');
    }
    await get(otherMember, '/api/benchmarks/kpis', { organizationId: org.id }).expect(404);
    await put(otherMember, org.id, '2026-06', [{ indicator: 'fcr', value: 10 }]).expect(404);
    await t.http().delete(`/api/organizations/${org.id}/kpis/2026-06/fcr`).set(otherMember.auth).expect(404);
    expect(await stored(org.id)).toEqual(before);

    const consultant = await seed.user('consultant');
    await get(consultant, reads[0] as string).expect(404);
    await t
      .http()
      .post(`/api/organizations/${org.id}/consultants`)
      .set(centerAdmin.auth)
      .send({ consultantId: consultant.id })
      .expect(201);
    const seen = await get(consultant, reads[0] as string).expect(200);
    expect(seen.body.values).toHaveLength(1);
    for (const path of reads.slice(1)) await get(consultant, path).expect(200);
    await get(consultant, '/api/benchmarks/kpis', { organizationId: org.id }).expect(200);
    // A consultant reads, never writes.
    await put(consultant, org.id, '2026-06', [{ indicator: 'fcr', value: 10 }]).expect(403);
    const views = await t.database.db
      .select()
      .from(schema.grantViews)
      .where(
        and(eq(schema.grantViews.organizationId, org.id), eq(schema.grantViews.consultantId, consultant.id)),
      )
      .orderBy(asc(schema.grantViews.id));
    expect(views.map((v) => v.view)).toEqual([
      'kpis.read',
      'kpis.changes',
      'kpis.attainment',
      'benchmarks.kpis',
    ]);
    // Reads by the center itself are not consultants' views.
    await get(centerAdmin, reads[0] as string).expect(200);
    const all = await t.database.db
      .select()
      .from(schema.grantViews)
      .where(eq(schema.grantViews.organizationId, org.id));
    expect(all).toHaveLength(4);

    await t
      .http()
      .delete(`/api/organizations/${org.id}/consultants/${consultant.id}`)
      .set(centerAdmin.auth)
      .expect(204);
    for (const path of reads) await get(consultant, path).expect(404);
    await get(consultant, '/api/benchmarks/kpis', { organizationId: org.id }).expect(404);

    // Auditors see the KPIs of the organizations whose assessments they are assigned to, and read only.
    const auditor = await seed.user('auditor');
    await get(auditor, reads[0] as string).expect(404);
    await seed.assessment(org.id, 'certification', [auditor.id]);
    await get(auditor, reads[0] as string).expect(200);
    await put(auditor, org.id, '2026-06', [{ indicator: 'fcr', value: 10 }]).expect(403);
    await get(auditor, '/api/benchmarks/kpis', { organizationId: org.id }).expect(403);
    await t
      .http()
      .get(reads[0] as string)
      .expect(401);
  });
});
