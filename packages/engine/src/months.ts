// Months as the platform writes them outside: YYYY-MM, the year from 1000 to 9999, compared as
// text and counted in whole months. Inside (the database, KPI records) a month is its first day.

export const MONTH_PATTERN = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;

export const isMonth = (text: string | null | undefined): text is string =>
  !!text && MONTH_PATTERN.test(text);

/** The month `n` months after `month` (before, for a negative `n`). */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from `from` to `to`, inclusive (at most `limit`, 600 unless given). */
export function monthsBetween(from: string, to: string, limit = 600): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < limit; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** A month's first day (YYYY-MM-01), as months are stored. */
export const firstDayOf = (month: string): string => `${month}-01`;

/** The month (YYYY-MM) of an ISO date or timestamp. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** An ISO date `months` months later (earlier, if negative): the day kept, or the month's last day. */
export function addMonthsToDate(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
