// How every page, chart, table and CSV of the app writes a figure, so the same number reads the
// same everywhere. The rules:
// - at most `decimals` decimals (1 for rating points, 2 for KPIs), rounded half away from zero
//   first, so that a percentile's float 252.9999 reads 253 and never 253.0;
// - no trailing zeros, no thousands separator (figures are compared column by column);
// - a negative figure takes the minus sign − (U+2212), as typeset;
// - a missing figure (null, undefined, NaN) is a dash —.

export const MISSING = '—';

function rounded(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const r = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return Object.is(r, -0) ? 0 : r;
}

/** A figure: 253, 252.5, 4.65 (decimals 2), −3; missing is —. */
export function num(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  const r = rounded(value, decimals);
  return r < 0 ? `−${String(-r)}` : String(r);
}

/** A signed difference: +12, −3, 0; missing is —. */
export function signed(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  const r = rounded(value, decimals);
  return r > 0 ? `+${num(r, decimals)}` : num(r, decimals);
}
