import type { ClauseRating } from './ratings.ts';
import type { RatingValue } from './standard.ts';

/**
 * How one clause of the old edition corresponds to the new one: kept as it is (`equal`, perhaps
 * renumbered), split into several (`split`), merged with others into one (`merged`), or dropped
 * (`removed`).
 */
export type MappingKind = 'equal' | 'split' | 'merged' | 'removed';

export interface ClauseMappingEntry {
  readonly from: number;
  /** The clause (or clauses, for a split) of the new edition; null: dropped. */
  readonly to: number | readonly number[] | null;
  /** Stated in the mapping, or read from its shape (see mappingKinds). */
  readonly kind?: MappingKind | undefined;
}

/**
 * How the clauses of one version correspond to another's. Target clauses no source maps to are
 * new and start unscored.
 */
export interface ClauseMapping {
  readonly from: string;
  readonly to: string;
  readonly clauses: readonly ClauseMappingEntry[];
}

/** The targets of an entry, as a list. */
export function targetsOf(entry: Pick<ClauseMappingEntry, 'to'>): readonly number[] {
  return entry.to === null ? [] : typeof entry.to === 'number' ? [entry.to] : entry.to;
}

/**
 * The kind of every entry, by its shape: no target removed, several targets split, a target
 * several sources share merged, otherwise equal.
 */
export function mappingKinds(mapping: Pick<ClauseMapping, 'clauses'>): MappingKind[] {
  const sources = new Map<number, number>();
  for (const entry of mapping.clauses)
    for (const to of targetsOf(entry)) sources.set(to, (sources.get(to) ?? 0) + 1);
  return mapping.clauses.map((entry) => {
    const targets = targetsOf(entry);
    if (targets.length === 0) return 'removed';
    if (targets.length > 1) return 'split';
    return (sources.get(targets[0] as number) ?? 0) > 1 ? 'merged' : 'equal';
  });
}

/** A rating carried to a split or merged clause: a proposal the raters confirm or change. */
export interface ProposedRating extends ClauseRating {
  /** The old edition's clauses it comes from. */
  readonly sources: readonly number[];
  readonly kind: 'split' | 'merged';
}

export interface CarriedRatings {
  /** Equal clauses: carried as they are (renumbered). */
  readonly ratings: ClauseRating[];
  /** Split and merged clauses: proposals, marked for confirmation. */
  readonly proposals: ProposedRating[];
  /** Source clauses with ratings that have no counterpart in the target. */
  readonly dropped: number[];
}

/** The lower of two rates (null: unscored, which the other replaces). */
function lower(a: RatingValue | null, b: RatingValue | null): RatingValue | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/**
 * Carries an assessment's ratings to a new version along a mapping: equal clauses as they are;
 * each part of a split clause proposed at the old clause's rating; a merged clause proposed at
 * the lowest rating of its rated sources (per rate: a merged requirement is met no better than
 * its weakest part); removed clauses dropped; new clauses left unscored.
 */
export function carryRatings(mapping: ClauseMapping, ratings: Iterable<ClauseRating>): CarriedRatings {
  const kinds = mappingKinds(mapping);
  const entries = new Map(mapping.clauses.map((entry, i) => [entry.from, { entry, kind: kinds[i] }]));
  const carried: ClauseRating[] = [];
  const dropped: number[] = [];
  const proposed = new Map<number, ProposedRating>();
  for (const rating of ratings) {
    const found = entries.get(rating.clause);
    const kind = found?.entry.kind ?? found?.kind;
    const targets = found ? targetsOf(found.entry) : [];
    if (!found || targets.length === 0) {
      dropped.push(rating.clause);
      continue;
    }
    if (kind === 'equal') {
      carried.push({ ...rating, clause: targets[0] as number });
      continue;
    }
    for (const clause of targets) {
      const before = proposed.get(clause);
      proposed.set(
        clause,
        before
          ? {
              ...before,
              c: lower(before.c, rating.c),
              f: lower(before.f, rating.f),
              sources: [...before.sources, rating.clause].sort((a, b) => a - b),
            }
          : {
              clause,
              c: rating.c,
              f: rating.f,
              sources: [rating.clause],
              kind: kind === 'split' ? 'split' : 'merged',
            },
      );
    }
  }
  carried.sort((a, b) => a.clause - b.clause);
  return {
    ratings: carried,
    proposals: [...proposed.values()].sort((a, b) => a.clause - b.clause),
    dropped: dropped.sort((a, b) => a - b),
  };
}
