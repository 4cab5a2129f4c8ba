const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return [y, mo, d];
}

export function isIsoDate(date: string): boolean {
  return parts(date) !== null;
}

/**
 * Full years of operation from `since` to `on` (both YYYY-MM-DD): a year counts once its
 * anniversary is reached. A center opened on 29 February completes its year on 1 March of a
 * common year. Returns null for an invalid date; 0 when `on` is before `since`.
 */
export function fullYearsBetween(since: string, on: string): number | null {
  const a = parts(since);
  const b = parts(on);
  if (!a || !b) return null;
  let years = b[0] - a[0];
  if (b[1] < a[1] || (b[1] === a[1] && b[2] < a[2])) years -= 1;
  return Math.max(0, years);
}
