import type { ClauseRating } from './ratings.ts';

/**
 * How the clauses of one version correspond to another's. A clause maps to one clause of the
 * target (kept, renumbered) or to none (dropped); target clauses no source maps to are new and
 * start unscored.
 */
export interface ClauseMapping {
  readonly from: string;
  readonly to: string;
  readonly clauses: readonly { readonly from: number; readonly to: number | null }[];
}

export interface CarriedRatings {
  readonly ratings: ClauseRating[];
  /** Source clauses with ratings that have no counterpart in the target. */
  readonly dropped: number[];
}

/** Carries an assessment's ratings to a new version along a mapping. */
export function carryRatings(mapping: ClauseMapping, ratings: Iterable<ClauseRating>): CarriedRatings {
  const target = new Map(mapping.clauses.map((m) => [m.from, m.to]));
  const carried: ClauseRating[] = [];
  const dropped: number[] = [];
  for (const rating of ratings) {
    const to = target.get(rating.clause);
    if (to === undefined || to === null) dropped.push(rating.clause);
    else carried.push({ ...rating, clause: to });
  }
  carried.sort((a, b) => a.clause - b.clause);
  return { ratings: carried, dropped: dropped.sort((a, b) => a - b) };
}
