import { describe, expect, it } from 'vitest';
import { carryRatings, mappingKinds } from './carry-over.ts';

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

describe('carrying ratings across split, merged, removed and new clauses', () => {
  const mapping = {
    from: '2017',
    to: 'fixture',
    clauses: [
      { from: 1, to: 1 },
      { from: 2, to: [2, 9] },
      { from: 3, to: 3 },
      { from: 4, to: 3 },
      { from: 5, to: null },
    ],
  } as const;

  it('reads each entry’s kind from its shape', () => {
    expect(mappingKinds(mapping)).toEqual(['equal', 'split', 'merged', 'merged', 'removed']);
  });

  it('carries equal clauses, proposes split and merged ones, drops removed ones', () => {
    const carried = carryRatings(mapping, [
      { clause: 1, c: 10, f: 10 },
      { clause: 2, c: 5, f: 10 },
      { clause: 3, c: 10, f: 5 },
      { clause: 4, c: 5, f: null },
      { clause: 5, c: 10, f: 10 },
    ]);
    expect(carried.ratings).toEqual([{ clause: 1, c: 10, f: 10 }]);
    expect(carried.proposals).toEqual([
      { clause: 2, c: 5, f: 10, sources: [2], kind: 'split' },
      { clause: 3, c: 5, f: 5, sources: [3, 4], kind: 'merged' },
      { clause: 9, c: 5, f: 10, sources: [2], kind: 'split' },
    ]);
    expect(carried.dropped).toEqual([5]);
  });
});
