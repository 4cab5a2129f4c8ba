import type { ClauseRating, RatingValue, Standard } from '@ccmm/engine';
import { loadPackFile, packFile, SHIPPED_STANDARDS_DIR } from '@ccmm/standard';

/** The shipped CC-CMM-OC 2017 pack, loaded and validated as the product loads it. */
export async function loadShipped2017(): Promise<Standard> {
  const loaded = await loadPackFile(
    packFile(SHIPPED_STANDARDS_DIR, { standard: 'cc-cmm-oc', version: '2017' }),
  );
  if (!loaded.pack) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.pack;
}

/** Clause numbers of a group, from the pack's own definition of the group. */
export function groupClauses(standard: Standard, groupId: string): number[] {
  const group = standard.clauseGroups.find((g) => g.id === groupId);
  if (!group) throw new Error(`no group ${groupId}`);
  const sectionsOf = new Map<string, string>();
  for (const domain of standard.domains) {
    const mark = (s: { id: string; sections?: readonly { id: string }[] }) => {
      sectionsOf.set(s.id, domain.id);
      for (const child of s.sections ?? []) mark(child);
    };
    for (const s of domain.sections) mark(s);
  }
  return standard.clauses
    .filter((c) => group.domains.includes(sectionsOf.get(c.section) ?? ''))
    .map((c) => c.number)
    .sort((a, b) => a - b);
}

export interface Shape {
  /** Clauses at 10 on each rate, per group: { core: { C: 119, F: 89 }, innovation: {…} }. */
  readonly compliant: Readonly<Record<string, { readonly C: number; readonly F: number }>>;
  /** The exact total wanted; reached by setting non-compliant rates to 5 (the rest 0). */
  readonly total: number;
}

/**
 * Ratings with exactly the given compliant counts per group and rate, and exactly the given
 * total. Compliant rates are 10; of the others, as many as the total needs are 5, the rest 0.
 */
export function ratingsOfShape(standard: Standard, shape: Shape): ClauseRating[] {
  const values = new Map<number, { c: RatingValue; f: RatingValue }>();
  for (const c of standard.clauses) values.set(c.number, { c: 0, f: 0 });
  let compliantRates = 0;
  for (const [group, counts] of Object.entries(shape.compliant)) {
    const clauses = groupClauses(standard, group);
    for (const [rate, count] of [
      ['c', counts.C],
      ['f', counts.F],
    ] as const) {
      if (count > clauses.length) throw new Error(`${group} has only ${clauses.length} clauses`);
      for (const number of clauses.slice(0, count)) {
        const v = values.get(number);
        if (v) v[rate] = 10;
      }
      compliantRates += count;
    }
  }
  const fives = (shape.total - 10 * compliantRates) / 5;
  const open = standard.clauses.length * 2 - compliantRates;
  if (!Number.isInteger(fives) || fives < 0 || fives > open) {
    throw new Error(`total ${shape.total} cannot be made with ${compliantRates} compliant rates`);
  }
  let left = fives;
  for (const v of values.values()) {
    for (const rate of ['c', 'f'] as const) {
      if (v[rate] === 0 && left > 0) {
        v[rate] = 5;
        left--;
      }
    }
  }
  return [...values].map(([clause, v]) => ({ clause, c: v.c, f: v.f }));
}

export function allRatings(standard: Standard, value: RatingValue | null): ClauseRating[] {
  return standard.clauses.map((c) => ({ clause: c.number, c: value, f: value }));
}

/** Deterministic PRNG (mulberry32) so benchmarks and fixtures repeat exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
