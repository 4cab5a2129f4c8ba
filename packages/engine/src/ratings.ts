import type { RateId, RatingValue } from './standard.ts';

/** The two ratings of one clause; null means not scored yet. */
export interface ClauseRating {
  readonly clause: number;
  readonly c: RatingValue | null;
  readonly f: RatingValue | null;
}

export const RATING_VALUES: readonly RatingValue[] = [0, 5, 10];

export function isRatingValue(value: unknown): value is RatingValue {
  return value === 0 || value === 5 || value === 10;
}

export function ratingKey(rate: RateId): 'c' | 'f' {
  return rate === 'C' ? 'c' : 'f';
}
