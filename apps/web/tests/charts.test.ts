// The charts' scales and labels as pure functions: a range that fits the data and the level lines
// worth drawing, and labels that never overlap however many points there are.
import { describe, expect, it } from 'vitest';
import { spacedLabels, valueRange } from '../src/lib/charts/scale.ts';

const LEVELS = [1200, 1800, 2300, 2800, 3200];

describe('valueRange', () => {
  it('zooms to the values and keeps the level passed below and the next one above', () => {
    const range = valueRange([2410, 2580, 2655], LEVELS, 3360);
    expect(range.thresholds).toEqual([2300, 2800]);
    expect(range.lo).toBeLessThanOrEqual(2300);
    expect(range.hi).toBeGreaterThanOrEqual(2800);
    expect(range.lo).toBeGreaterThan(0);
    expect(range.hi).toBeLessThanOrEqual(3360);
    // Ticks inside the range, evenly spaced by a round step.
    const steps = range.ticks.slice(1).map((t, i) => t - (range.ticks[i] as number));
    expect(new Set(steps).size).toBe(1);
    expect(range.ticks.every((t) => t >= range.lo && t <= range.hi)).toBe(true);
  });

  it('draws every level the values cross, and never goes below 0 or above the maximum', () => {
    const range = valueRange([900, 3300], LEVELS, 3360);
    expect(range.thresholds).toEqual(LEVELS);
    expect(range.lo).toBe(0);
    expect(range.hi).toBe(3360);
  });

  it('with no values, is the whole scale', () => {
    expect(valueRange([], LEVELS, 3360)).toMatchObject({ lo: 0, hi: 3360, thresholds: [] });
  });
});

describe('spacedLabels', () => {
  it('keeps labels at least the gap apart, left to right, whatever the order given', () => {
    expect(spacedLabels([0, 50, 90, 100, 200], 80)).toEqual([true, false, true, false, true]);
    expect(spacedLabels([200, 0, 90], 80)).toEqual([true, true, true]);
  });

  it('never lets two of 500 crowded points collide', () => {
    const xs = Array.from({ length: 500 }, (_, i) => 56 + (i * 788) / 499);
    const kept = xs.filter((_, i) => spacedLabels(xs, 84)[i]);
    expect(kept.length).toBeGreaterThan(5);
    for (let i = 1; i < kept.length; i++)
      expect((kept[i] as number) - (kept[i - 1] as number)).toBeGreaterThanOrEqual(84);
  });
});
