import { describe, expect, it } from 'vitest';
import { carryRatings } from './carry-over.ts';

describe('carrying ratings to a new version', () => {
  it('renumbers kept clauses, drops removed ones, and leaves new clauses unscored', () => {
    const carried = carryRatings(
      {
        from: '2017',
        to: '2025',
        clauses: [
          { from: 1, to: 1 },
          { from: 2, to: null },
          { from: 3, to: 2 },
        ],
      },
      [
        { clause: 1, c: 10, f: 5 },
        { clause: 2, c: 5, f: 5 },
        { clause: 3, c: 0, f: null },
      ],
    );
    expect(carried.ratings).toEqual([
      { clause: 1, c: 10, f: 5 },
      { clause: 2, c: 0, f: null },
    ]);
    expect(carried.dropped).toEqual([2]);
  });
});
