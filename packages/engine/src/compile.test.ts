import { describe, expect, it } from 'vitest';
import { meetsShare, requiredCount } from './compile.ts';

describe('integer share thresholds', () => {
  it('needs 119 of 148 for 80%, 14 of 20 for 70%, and all of them for 100%', () => {
    expect(requiredCount(80, 148)).toBe(119);
    expect(requiredCount(70, 20)).toBe(14);
    expect(requiredCount(90, 148)).toBe(134);
    expect(requiredCount(100, 148)).toBe(148);
    expect(requiredCount(90, 20)).toBe(18);
  });

  it('agrees with the count * 100 >= p * n test at every count, for every percentage and size up to 200', () => {
    for (let n = 0; n <= 200; n++) {
      for (let p = 0; p <= 100; p++) {
        const k = requiredCount(p, n);
        expect(meetsShare(k, p, n)).toBe(true);
        if (k > 0) expect(meetsShare(k - 1, p, n)).toBe(false);
      }
    }
  });
});
