import { describeCriterion, evaluateEligibility } from '@ccmm/engine';
import { loadAssessment } from '$lib/server/assessment';
import { requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
  requireUser(locals);
  const { assessment, pack, ratings, operatingYears } = await loadAssessment(locals, params.id);
  const result = evaluateEligibility(pack, ratings, { operatingYears });
  const locale = locals.locale;
  // Only what the page shows: the pack stays on the server.
  return {
    assessment,
    standardTitle: pack.title[locale],
    level: result.level,
    levelName: pack.levels.find((l) => l.level === result.level)?.name[locale] ?? '',
    total: result.total,
    maxTotal: result.maxTotal,
    operatingYears,
    domains: result.domains.map((d) => ({
      id: d.id,
      title: pack.domains.find((x) => x.id === d.id)?.title[locale] ?? d.id,
      points: d.points,
      maxPoints: d.maxPoints,
    })),
    levels: result.levels.map((l) => ({
      level: l.level,
      code: l.code,
      reached: l.reached,
      name: pack.levels.find((x) => x.level === l.level)?.name[locale] ?? '',
      criteria: result.criteria
        .filter((c) => c.level === l.level)
        .map((c) => ({
          id: c.id,
          text: describeCriterion(pack, c, locale),
          required: c.required,
          actual: c.actual,
          met: c.met,
        })),
    })),
    incompleteClauses: result.incompleteClauses,
  };
}) satisfies PageServerLoad;
