import { schema } from '@ccmm/db';
import {
  type EligibilityResult,
  evaluateEligibility,
  fullYearsBetween,
  type RatingValue,
} from '@ccmm/engine';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { summaryAreas } from '../src/modules/benchmarks/summaries.ts';
import type { TestApp } from './app.ts';

/**
 * The assessment's kept summary is the engine's result over its stored team ratings (2017
 * standard; the organization operating since `operatingSince`, the audit on `assessedOn`).
 * Answers that result and the summary row.
 */
export async function expectEnginesSummary(
  t: TestApp,
  id: string,
  dates: { readonly operatingSince: string; readonly assessedOn: string },
): Promise<{
  result: EligibilityResult;
  summary: typeof schema.assessmentSummaries.$inferSelect | undefined;
}> {
  const loaded = t.standards.get('cc-cmm-oc@2017');
  if (!loaded) throw new Error('the 2017 pack is not loaded');
  const stored = await t.database.db.select().from(schema.ratings).where(eq(schema.ratings.assessmentId, id));
  const result = evaluateEligibility(
    loaded.standard,
    stored.map((r) => ({ clause: r.clause, c: r.c as RatingValue | null, f: r.f as RatingValue | null })),
    { operatingYears: fullYearsBetween(dates.operatingSince, dates.assessedOn) ?? 0 },
  );
  const [summary] = await t.database.db
    .select()
    .from(schema.assessmentSummaries)
    .where(eq(schema.assessmentSummaries.assessmentId, id));
  expect(summary).toMatchObject({
    level: result.level,
    total: result.total,
    complete: result.complete,
    scoredRates: result.scoredRates,
  });
  expect(summary?.areas).toEqual(summaryAreas(result));
  return { result, summary };
}
