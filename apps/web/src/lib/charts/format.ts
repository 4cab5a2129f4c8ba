// How the charts and their tables write numbers: the same figures in both.

/** Whole numbers stay whole, others keep one decimal; missing is a dash. */
export function num(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  // Rounded first, so that 252.9999 (a percentile's float) reads 253, not 253.0.
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** A signed difference: +12, −3, 0. */
export function signed(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value > 0) return `+${num(value)}`;
  if (value < 0) return `−${num(-value)}`;
  return '0';
}
