import { schema } from '@ccmm/db';
import {
  evaluateEligibility,
  fullYearsBetween,
  MIN_COHORT_P90,
  type RatingValue,
  type Standard,
  standingIn,
} from '@ccmm/engine';
import { and, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { readyForStage2, type Session, type seeder, type TestApp } from '../../../test/app.ts';
import { StandardRegistry } from '../../plugins/context.ts';
import { refreshSummary } from './summaries.ts';

// What the benchmark tests share: varied ratings, assessments on chosen dates, grants, and the
// direct computations the API's answers are checked against.

export const STANDARD = 'cc-cmm-oc@2017';
const CLAUSES = 168;
const VALUES: readonly RatingValue[] = [0, 5, 10];

export type Rated = { clause: number; c: RatingValue; f: RatingValue };

/** Deterministic, varied ratings of every clause (a complete assessment); `n` picks the variant. */
export function ratingsFor(n: number): Rated[] {
  let x = (n + 7) * 2654435761;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return VALUES[Math.floor((x / 2147483648) * 3)] ?? 5;
  };
  return Array.from({ length: CLAUSES }, (_, i) => ({ clause: i + 1, c: next(), f: next() }));
}

export function standardOf(t: TestApp): Standard {
  const loaded = t.standards.get(STANDARD);
  if (!loaded) throw new Error(`${STANDARD} is not loaded`);
  return loaded.standard;
}

/** The engine over ratings, with operating years from operatingSince to assessedOn. */
export function evaluate(t: TestApp, ratings: readonly Rated[], operatingSince: string, assessedOn: string) {
  return evaluateEligibility(standardOf(t), ratings, {
    operatingYears: fullYearsBetween(operatingSince, assessedOn) ?? 0,
  });
}

/** percentile_cont: linear interpolation between the closest ranks, position p·(n−1). */
export function percentileCont(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[Math.min(lower + 1, sorted.length - 1)] ?? Number.NaN;
  return a + (position - lower) * (b - a);
}

/**
 * What a shown cohort should give for `values` (the members'), computed directly: p25–p75,
 * p90 from MIN_COHORT_P90 members, and the band `own` falls in.
 */
export function expectedBands(values: readonly number[], own: number | null) {
  const percentiles = {
    p25: percentileCont(values, 0.25),
    p50: percentileCont(values, 0.5),
    p75: percentileCont(values, 0.75),
    ...(values.length >= MIN_COHORT_P90 ? { p90: percentileCont(values, 0.9) } : {}),
  };
  return own === null ? percentiles : { ...percentiles, standing: standingIn(percentiles, own) };
}

/** Checks a cohort row's bands against `expectedBands` (percentiles to 9 digits). */
export function expectBands(got: Record<string, unknown>, values: readonly number[], own: number | null) {
  const expected: Record<string, unknown> = expectedBands(values, own);
  for (const key of ['p25', 'p50', 'p75', 'p90'] as const) {
    if (expected[key] === undefined) expect(got, key).not.toHaveProperty(key);
    else expect(got[key], key).toBeCloseTo(expected[key] as number, 9);
  }
  expect(got.standing).toBe(expected.standing);
  expect(got).not.toHaveProperty('rank');
  expect(got).not.toHaveProperty('mean');
}

export function fixtures(t: TestApp, seed: ReturnType<typeof seeder>) {
  let auditor: Session | undefined;
  const centers = new Map<string, Session>();

  const adminAuth = async () => (await seed.setupAdmin()).auth;
  const auditorOf = async () => {
    auditor ??= await seed.user('auditor');
    return auditor;
  };
  /** A center admin of the organization (made once), who rates its self-assessments. */
  const centerOf = async (organizationId: string) => {
    let found = centers.get(organizationId);
    if (!found) {
      found = await seed.user('center_admin', organizationId);
      centers.set(organizationId, found);
    }
    return found;
  };

  /**
   * Rates an assessment through the API and, when every clause is rated, submits it (unless
   * told not to): only submitted assessments, whose ratings no longer change, count in a cohort.
   */
  const rate = async (
    id: string,
    rater: Session,
    ratings: readonly { clause: number; c: RatingValue | null; f: RatingValue | null }[],
    submit = true,
  ) => {
    if (ratings.length > 0) {
      await t.http().put(`/api/assessments/${id}/scores`).set(rater.auth).send({ ratings }).expect(200);
    }
    const complete = ratings.length === CLAUSES && ratings.every((r) => r.c !== null && r.f !== null);
    if (submit && complete) await t.http().post(`/api/assessments/${id}/submit`).set(rater.auth).expect(200);
  };

  /**
   * A surveillance audit written directly, with its summary and no carried ratings: through the
   * API it needs a decided audit to carry its ratings from, and that audit would join every
   * cohort these tests count.
   */
  const surveillanceRow = async (organizationId: string, assessedOn: string): Promise<string> => {
    const admin = await seed.setupAdmin();
    return t.database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(schema.assessments)
        .values({
          organizationId,
          standardRef: STANDARD,
          kind: 'surveillance',
          assessedOn,
          createdBy: admin.id,
        })
        .returning({ id: schema.assessments.id });
      if (!row) throw new Error('insert returned nothing');
      await refreshSummary(tx, new StandardRegistry(t.standards), row.id);
      return row.id;
    });
  };

  return {
    auditorOf,
    centerOf,
    rate,

    /**
     * An assessment of the organization on `assessedOn`, rated through the API (the center
     * rates a self-assessment, the assigned auditor an audit); `ratings` may be partial. A
     * completely rated one is submitted unless `submit` is false (then it stays in progress).
     */
    async assessment(
      organizationId: string,
      kind: 'self' | 'certification' | 'surveillance',
      assessedOn: string,
      ratings: readonly { clause: number; c: RatingValue | null; f: RatingValue | null }[],
      { submit = true }: { submit?: boolean } = {},
    ): Promise<string> {
      if (kind === 'certification') await readyForStage2(t, await adminAuth(), organizationId, assessedOn);
      const id =
        kind === 'surveillance'
          ? await surveillanceRow(organizationId, assessedOn)
          : (
              await t
                .http()
                .post('/api/assessments')
                .set(await adminAuth())
                .send({ organizationId, standard: STANDARD, kind, assessedOn })
                .expect(201)
            ).body.id;
      let rater: Session;
      if (kind === 'self') rater = await centerOf(organizationId);
      else {
        rater = await auditorOf();
        await t
          .http()
          .put(`/api/assessments/${id}/auditors`)
          .set(await adminAuth())
          .send({ userIds: [rater.id] })
          .expect(200);
      }
      await rate(id, rater, ratings, submit);
      return id;
    },

    /** The certification body returns a submitted audit to its auditors: its ratings open again. */
    async returnAudit(id: string) {
      await t
        .http()
        .post(`/api/assessments/${id}/decision`)
        .set(await adminAuth())
        .send({ outcome: 'return', comments: '请复核' })
        .expect(201);
    },

    async optIn(organizationId: string, value = true) {
      await t
        .http()
        .patch(`/api/organizations/${organizationId}`)
        .set(await adminAuth())
        .send({ benchmarkingOptIn: value })
        .expect(200);
    },

    async grant(organizationId: string, consultant: Session) {
      await t
        .http()
        .post(`/api/organizations/${organizationId}/consultants`)
        .set((await centerOf(organizationId)).auth)
        .send({ consultantId: consultant.id })
        .expect(201);
    },

    async revoke(organizationId: string, consultant: Session) {
      await t
        .http()
        .delete(`/api/organizations/${organizationId}/consultants/${consultant.id}`)
        .set((await centerOf(organizationId)).auth)
        .expect(204);
    },

    /** The consultant's recorded views (of one organization, if given), oldest first. */
    async views(consultantId: string, organizationId?: string) {
      return t.database.db
        .select({ organizationId: schema.grantViews.organizationId, view: schema.grantViews.view })
        .from(schema.grantViews)
        .where(
          and(
            eq(schema.grantViews.consultantId, consultantId),
            organizationId ? eq(schema.grantViews.organizationId, organizationId) : undefined,
          ),
        )
        .orderBy(schema.grantViews.id);
    },

    async viewCount(): Promise<number> {
      const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(schema.grantViews);
      return row?.n ?? 0;
    },

    /** The session again, with the caller's language changed (a new token carries it). */
    async inLocale(session: Session, locale: 'zh-Hans' | 'zh-Hant' | 'en'): Promise<Session> {
      const res = await t.http().patch('/api/me').set(session.auth).send({ locale }).expect(200);
      return { ...session, token: res.body.token, auth: { Authorization: `Bearer ${res.body.token}` } };
    },
  };
}
