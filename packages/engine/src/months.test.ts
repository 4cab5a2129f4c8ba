import { describe, expect, it } from 'vitest';
import { addMonths, addMonthsToDate, firstDayOf, isMonth, monthOf, monthsBetween } from './months.ts';

describe('months', () => {
  it('counts across years, both ways', () => {
    expect(addMonths('2024-11', 3)).toBe('2025-02');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-01', -25)).toBe('2022-12');
  });

  it('lists a range inclusively, and nothing for a reversed one', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-02', '2024-11')).toEqual([]);
    expect(monthsBetween('2000-01', '2099-12', 3)).toHaveLength(3);
  });

  it('reads and writes the stored form', () => {
    expect(firstDayOf('2025-03')).toBe('2025-03-01');
    expect(monthOf('2025-03-17T10:00:00Z')).toBe('2025-03');
    expect(isMonth('2025-13')).toBe(false);
    expect(isMonth('0999-01')).toBe(false);
    expect(isMonth('2025-12')).toBe(true);
  });
});

describe('addMonthsToDate', () => {
  it('keeps the day, or the month’s last day, both ways', () => {
    expect(addMonthsToDate('2025-03-15', -3)).toBe('2024-12-15');
    expect(addMonthsToDate('2025-05-31', -3)).toBe('2025-02-28');
    expect(addMonthsToDate('2024-05-31', -3)).toBe('2024-02-29');
    expect(addMonthsToDate('2026-08-31', 6)).toBe('2027-02-28');
  });
});
