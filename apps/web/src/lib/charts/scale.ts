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
