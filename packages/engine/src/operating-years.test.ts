import { describe, expect, it } from 'vitest';
import { fullYearsBetween, isIsoDate } from './operating-years.ts';

describe('full years of operation', () => {
  it('counts a year only once its anniversary is reached', () => {
    expect(fullYearsBetween('2020-06-15', '2022-06-14')).toBe(1);
    expect(fullYearsBetween('2020-06-15', '2022-06-15')).toBe(2);
    expect(fullYearsBetween('2020-06-15', '2022-06-16')).toBe(2);
  });

  it('completes a year begun on 29 February on 1 March of a common year', () => {
    expect(fullYearsBetween('2020-02-29', '2021-02-28')).toBe(0);
    expect(fullYearsBetween('2020-02-29', '2021-03-01')).toBe(1);
    expect(fullYearsBetween('2020-02-29', '2024-02-29')).toBe(4);
  });

  it('gives 0 for an assessment before the center opened, and null for a date that does not exist', () => {
    expect(fullYearsBetween('2024-01-01', '2023-01-01')).toBe(0);
    expect(fullYearsBetween('2023-02-30', '2024-01-01')).toBeNull();
    expect(fullYearsBetween('2023-1-5', '2024-01-01')).toBeNull();
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });
});
