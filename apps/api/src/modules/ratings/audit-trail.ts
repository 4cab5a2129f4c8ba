import { createHash } from 'node:crypto';
import { canonicalJson } from '@ccmm/standard';

/** What one change to a clause's ratings records; hashed together with the entry before it. */
export interface TrailEntry {
  readonly assessmentId: string;
  readonly seq: number;
  readonly clause: number;
  readonly actorId: string;
  /** UTC, ISO 8601 with milliseconds. */
  readonly at: string;
  readonly old: RatingValues;
  readonly new: RatingValues;
  /**
   * A carry-over: the decided audit the new values were copied from. Absent otherwise (and
   * then not hashed, so entries written before carry-overs existed still verify).
   */
  readonly carriedFrom?: string;
  /**
   * A team audit: the rater whose own layer changed. Absent for the team rating (and then not
   * hashed, so entries written before layers existed still verify).
   */
  readonly layer?: string;
  /**
   * A move to another edition: the edition whose numbering `clause` is in (the ratings removed
   * under the old one, those carried under the new one). Absent otherwise (and then not hashed).
   */
  readonly edition?: string;
}

export interface RatingValues {
  readonly c: number | null;
  readonly f: number | null;
  readonly note: string | null;
}

/** The hash before the first entry of every assessment's chain. */
export const GENESIS = '0'.repeat(64);

export function entryHash(prevHash: string, entry: TrailEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}

export interface StoredEntry extends TrailEntry {
  readonly prevHash: string;
  readonly hash: string;
}

export type ChainCheck =
  | { readonly valid: true; readonly entries: number; readonly head: string }
  | {
      readonly valid: false;
      readonly entries: number;
      /** The first entry that does not fit: edited, inserted, or after a deleted one. */
      readonly brokenAt: number;
      readonly reason: 'sequence' | 'link' | 'hash';
    };

/** Recomputes the chain: any edited, removed or reordered entry breaks it from there on. */
export function verifyChain(entries: readonly StoredEntry[]): ChainCheck {
  let prev = GENESIS;
  for (const [i, entry] of entries.entries()) {
    if (entry.seq !== i + 1)
      return { valid: false, entries: entries.length, brokenAt: i + 1, reason: 'sequence' };
    if (entry.prevHash !== prev)
      return { valid: false, entries: entries.length, brokenAt: entry.seq, reason: 'link' };
    const { prevHash: _p, hash, ...fields } = entry;
    if (entryHash(prev, fields) !== hash) {
      return { valid: false, entries: entries.length, brokenAt: entry.seq, reason: 'hash' };
    }
    prev = hash;
  }
  return { valid: true, entries: entries.length, head: prev };
}
