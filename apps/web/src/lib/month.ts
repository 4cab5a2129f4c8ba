// Months as the API writes them: YYYY-MM, the year from 1000 to 9999 (the API's rule, see
// apps/api/src/modules/kpis/kpis.schemas.ts), compared as text, counted in whole months.

export const MONTH = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;

export const isMonth = (text: string | null | undefined): text is string => !!text && MONTH.test(text);

export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from `from` to `to`, inclusive (at most 600). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 600; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The current month in UTC, as the server counts. */
export const currentMonth = (): string => new Date().toISOString().slice(0, 7);
