// Axis ticks a reader can add up: steps of 1, 2 or 5 × 10ⁿ, never fractions of an odd maximum.

/** A step of 1, 2 or 5 × 10ⁿ at or above `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/** Ticks from `lo` to `hi` (both included when on a step) at a nice step for about `count` intervals. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  const step = niceStep((hi - lo) / count);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step / 1000 && ticks.length < 12; v += step)
    ticks.push(Number(v.toFixed(6)));
  return ticks;
}

/**
 * The vertical range of a chart over time: around the values and the thresholds worth drawing
 * (those the values cross, the last one passed below them and the next one above them), on nice
 * ticks within [0, max]. A total that moves between 2,400 and 2,700 of 3,360 fills the chart
 * instead of sitting in its top quarter.
 */
export function valueRange(
  values: readonly number[],
  thresholds: readonly number[],
  max: number,
): { lo: number; hi: number; ticks: number[]; thresholds: number[] } {
  if (values.length === 0) return { lo: 0, hi: max, ticks: niceTicks(0, max), thresholds: [] };
  const vmin = Math.min(...values);
  const vmax = Math.max(...values);
  const sorted = [...thresholds].sort((a, b) => a - b);
  const below = sorted.filter((t) => t < vmin).at(-1);
  const above = sorted.find((t) => t > vmax);
  const shown = sorted.filter((t) => (t >= vmin && t <= vmax) || t === below || t === above);
  const lo0 = Math.min(vmin, ...shown);
  const hi0 = Math.max(vmax, ...shown);
  const pad = Math.max((hi0 - lo0) * 0.08, max * 0.02);
  const step = niceStep((hi0 - lo0 + 2 * pad) / 4);
  const lo = Math.max(0, Math.floor((lo0 - pad) / step) * step);
  const hi = Math.min(max, Math.ceil((hi0 + pad) / step) * step);
  return { lo, hi, ticks: niceTicks(lo, hi, 4), thresholds: shown };
}

/**
 * Which labels to write along an axis so that none overlaps the one before: each is kept when it
 * sits at least `gap` pixels after the last one kept (positions in any order).
 */
export function spacedLabels(positions: readonly number[], gap: number): boolean[] {
  const order = positions.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const keep = positions.map(() => false);
  let last = Number.NEGATIVE_INFINITY;
  for (const { x, i } of order) {
    if (x - last >= gap) {
      keep[i] = true;
      last = x;
    }
  }
  return keep;
}
