import { schemas } from '@ccmm/api/contract';
import { describeCriterion, evaluateEligibility, standardLayout } from '@ccmm/engine';
import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import { localizedWarnings } from '$lib/server/standards';
import type { Actions, PageServerLoad } from './$types';

interface ClauseRow {
  number: number;
  topic: string | null;
  summary: string;
  evidence: string | null;
}

interface SectionBlock {
  id: string;
  title: string;
  depth: number;
  clauses: ClauseRow[];
}

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const found = await api(
    locals,
    'GET',
    `/api/standards/${encodeURIComponent(params.ref)}`,
    schemas.standard,
  );
  if (!found.ok) failPage(locals, found);
  const locale = locals.locale;
  const { pack } = found.body;

  // The criteria in words: the engine describes a criterion from its result; with no ratings
  // every criterion's "required" is what the level table asks.
  const result = evaluateEligibility(pack, [], { operatingYears: 0 });
  const levels = pack.levels.map((l) => ({
    level: l.level,
    code: l.code,
    name: l.name[locale],
    description: l.description?.[locale] ?? null,
    criteria: result.criteria
      .filter((c) => c.level === l.level)
      .map((c) => ({ id: c.id, text: describeCriterion(pack, c, locale), attainable: c.attainable })),
  }));

  // Clauses under their domain and (nested) section, in the pack's order.
  const layout = standardLayout(pack);
  const clauseByNumber = new Map(pack.clauses.map((c) => [c.number, c]));
  const domains = layout.domains.map((d) => {
    const blocks: SectionBlock[] = layout.sections
      .filter((s) => s.domain === d.id)
      .map((s) => {
        const topics = new Map(s.topics.map((tp) => [tp.id, tp.title[locale]]));
        return {
          id: s.id,
          title: s.title[locale],
          depth: s.depth,
          clauses: s.clauses
            .flatMap((n) => clauseByNumber.get(n) ?? [])
            .map((c) => ({
              number: c.number,
              topic: c.topic ? (topics.get(c.topic) ?? c.topic) : null,
              summary: c.summary[locale],
              evidence: c.evidence?.[locale] ?? null,
            })),
        };
      });
    return { id: d.id, title: d.title[locale], sections: blocks };
  });

  return {
    ref: found.body.ref,
    title: pack.title[locale],
    status: found.body.status,
    clauseCount: found.body.clauseCount,
    warnings: localizedWarnings(found.body, pack, locale),
    readingRules: pack.readingRules.map((r) => ({ id: r.id, text: r.text[locale] })),
    levels,
    domains,
    replaces: found.body.replaces,
    revisionReason: found.body.revisionReason,
    mayPublish: user.role === 'cb_admin' && found.body.status === 'draft' && found.body.origin === 'upload',
    maySimulate: ['cb_admin', 'cb_reviewer', 'consultant'].includes(user.role),
  };
}) satisfies PageServerLoad;

export const actions = {
  /** Publishes the draft: from now on it never changes. */
  publish: async ({ locals, params }) => {
    requireUser(locals);
    const published = await api(
      locals,
      'POST',
      `/api/standards/${encodeURIComponent(params.ref)}/publish`,
      schemas.standardSummary,
    );
    if (!published.ok) return fail(published.status, { message: errorMessage(published) });
    return { published: true };
  },
} satisfies Actions;
