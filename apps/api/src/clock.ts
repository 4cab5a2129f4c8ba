/**
 * Today's date (UTC, YYYY-MM-DD) for the rules that depend on it: decision and issue dates,
 * expiry. One object, so a test can move the day without faking timers.
 */
export const clock = {
  today(): string {
    return new Date().toISOString().slice(0, 10);
  },
};

/** `date` plus `years` (negative: minus); 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** `date` plus `months` (negative: minus): the day kept, or the month's last day. */
export { addMonthsToDate as addMonths } from '@ccmm/engine';

/** `date` plus `days` (negative: minus). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
