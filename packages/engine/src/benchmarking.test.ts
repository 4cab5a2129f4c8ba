import { describe, expect, it } from 'vitest';
import {
  cohortBands,
  isCohortShown,
  MIN_COHORT,
  MIN_COHORT_P90,
  SEAT_BAND_RANGES,
  SEAT_BANDS,
  standingIn,
} from './benchmarking.ts';

describe('standingIn', () => {
  const d = { p25: 10, p50: 20, p75: 30, p90: 40 };
  it('places a value in the band it falls in, a boundary in the band above it', () => {
    expect([5, 10, 19, 20, 29, 30, 39, 40, 99].map((v) => standingIn(d, v))).toEqual([
      'below_p25',
      'p25_p50',
      'p25_p50',
      'p50_p75',
      'p50_p75',
      'p75_p90',
      'p75_p90',
      'above_p90',
      'above_p90',
    ]);
  });
  it('stops at above_p75 when p90 is withheld', () => {
    expect(standingIn({ p25: 10, p50: 20, p75: 30 }, 35)).toBe('above_p75');
  });
});

describe('seat bands', () => {
  it('cover every seat count once, in order', () => {
    let next = 0;
    for (const band of SEAT_BANDS) {
      const { min, max } = SEAT_BAND_RANGES[band];
      expect(min).toBe(next);
      next = max === null ? Number.POSITIVE_INFINITY : max + 1;
    }
    expect(next).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('what a cohort shows', () => {
  const computed = { p25: 10, p50: 20, p75: 30, p90: 40 };

  it('is hidden below the minimum size', () => {
    expect(isCohortShown(MIN_COHORT - 1)).toBe(false);
    expect(isCohortShown(MIN_COHORT)).toBe(true);
  });

  it('gives p90 only from MIN_COHORT_P90 members, and the top band without it is above_p75', () => {
    expect(cohortBands(MIN_COHORT_P90 - 1, computed, 45)).toEqual({
      p25: 10,
      p50: 20,
      p75: 30,
      standing: 'above_p75',
    });
    expect(cohortBands(MIN_COHORT_P90, computed, 45)).toEqual({ ...computed, standing: 'above_p90' });
  });

  it('gives no band without a value of the organization', () => {
    expect(cohortBands(MIN_COHORT_P90, computed, null)).toEqual(computed);
  });
});
