import type { CompiledStandard } from './compile.ts';
import type { CriterionResult, LevelResult } from './eligibility.ts';
import type { RateId, RatingValue } from './standard.ts';

/** What one unmet criterion of the next level is short of. */
export interface GapNeed {
  readonly criterion: string;
  readonly kind: CriterionResult['kind'];
  readonly rate?: RateId;
  readonly group?: string;
  readonly unit: CriterionResult['unit'];
  /** More clauses at 10 on `rate` in `group`, more points, or more years. */
  readonly missing: number;
  readonly attainable: boolean;
}

/** Raise one rate of one clause to the compliant value. */
export interface SuggestedChange {
  readonly clause: number;
  readonly rate: RateId;
  /** null: not scored yet. */
  readonly from: RatingValue | null;
  readonly to: RatingValue;
  readonly points: number;
  /** Ids of the unmet criteria this change counts towards. */
  readonly helps: readonly string[];
}

export type GapBlocker =
  | {
      readonly code: 'gap.threshold_unattainable';
      readonly criterion: string;
      readonly required: number;
      readonly maxPossible: number;
    }
  | {
      readonly code: 'gap.operating_years';
      readonly criterion: string;
      readonly required: number;
      readonly actual: number;
    };

export interface Gap {
  readonly level: number;
  readonly code: string;
  /** The suggested changes reach the level: ratings can, and operating years suffice. */
  readonly reachable: boolean;
  /** Some ratings meet every criterion of the level that ratings decide. */
  readonly reachableByRatings: boolean;
  /** Why the level cannot be reached by raising ratings (if any). */
  readonly blockers: readonly GapBlocker[];
  readonly needs: readonly GapNeed[];
  /** Fewest rate changes closing every attainable rating criterion, most useful first. */
  readonly changes: readonly SuggestedChange[];
  readonly totalAfterChanges: number;
}

interface Cell {
  readonly rateIndex: number;
  readonly group: number;
  need: number;
  readonly criteria: string[];
}

export function computeGap(
  compiled: CompiledStandard,
  values: Int8Array,
  next: LevelResult,
  criteria: readonly CriterionResult[],
  total: number,
): Gap {
  const { compliantValue, unscoredCountsAs } = compiled.standard.scale;
  const unmet: CriterionResult[] = [];
  for (const c of criteria) if (!c.met) unmet.push(c);
  const blockers: GapBlocker[] = [];
  const needs: GapNeed[] = [];
  let reachableByRatings = true;
  let yearsShort = false;
  for (const c of unmet) {
    if (!c.attainable && c.maxPossible !== null) {
      blockers.push({
        code: 'gap.threshold_unattainable',
        criterion: c.id,
        required: c.required,
        maxPossible: c.maxPossible,
      });
    }
    if (c.kind === 'operatingYears') {
      yearsShort = true;
      blockers.push({ code: 'gap.operating_years', criterion: c.id, required: c.required, actual: c.actual });
    }
    reachableByRatings &&= c.attainable;
    needs.push(needOf(c));
  }

  // Share criteria become cells (rate × group) that need a number of additional compliant rates.
  const cells: Cell[] = [];
  let pointsNeeded = 0;
  const totalCriteria: string[] = [];
  for (const c of unmet) {
    if (!c.attainable) continue;
    if (c.kind === 'compliantShare' && c.rate && c.group) {
      const rateIndex = c.rate === 'C' ? 0 : 1;
      const group = compiled.groupIds.indexOf(c.group);
      let cell: Cell | undefined;
      for (const existing of cells) {
        if (existing.rateIndex === rateIndex && existing.group === group) cell = existing;
      }
      if (!cell) {
        cell = { rateIndex, group, need: 0, criteria: [] };
        cells.push(cell);
      }
      cell.need = Math.max(cell.need, -c.margin);
      cell.criteria.push(c.id);
    } else if (c.kind === 'totalPoints') {
      pointsNeeded = Math.max(pointsNeeded, -c.margin);
      totalCriteria.push(c.id);
    }
  }

  // Work on "slots" (clause position × 2 + rate index) in the compiled standard's working
  // memory: this runs on every evaluation, so it allocates only what it returns.
  const slotCount = compiled.clauses.length * 2;
  const { gain, selected, picks, pickPool, order } = compiled.scratch;
  for (let slot = 0; slot < slotCount; slot++) {
    const v = values[slot] as number;
    gain[slot] = compliantValue - (v < 0 ? unscoredCountsAs : v);
  }
  // `selected` is all zeros between evaluations (each clears what it picked, at the end).
  // A pool is a list of candidate slots taken by gain, highest first, then in list order: a
  // cell's is its group's slots of its rate, the points' pool every slot. It is walked, not built.
  const poolSlots: (Int32Array | null)[] = [];
  const poolLength: number[] = [];
  let pickCount = 0;
  let gained = 0;
  const pick = (slot: number, pool: number) => {
    selected[slot] = 1;
    picks[pickCount] = slot;
    pickPool[pickCount] = pool;
    pickCount++;
    gained += gain[slot] as number;
  };

  // A 0 raised to 10 also closes more of a points gap, so each cell takes its biggest gains first.
  for (const cell of cells) {
    const slots = compiled.groupSlots[cell.group * 2 + cell.rateIndex] ?? EMPTY;
    const p = poolSlots.length;
    poolSlots.push(slots);
    poolLength.push(slots.length);
    let taken = 0;
    for (const g of GAINS) {
      for (let i = 0; i < slots.length && taken < cell.need; i++) {
        const slot = slots[i] as number;
        if (gain[slot] === g) {
          pick(slot, p);
          taken++;
        }
      }
    }
  }
  if (pointsNeeded > gained) {
    const p = poolSlots.length;
    poolSlots.push(null);
    poolLength.push(slotCount);
    for (const g of GAINS) {
      for (let slot = 0; slot < slotCount && gained < pointsNeeded; slot++) {
        if (gain[slot] === g && !selected[slot]) pick(slot, p);
      }
    }
  }

  // Same number of changes, less effort: while the points allow, finish a rate already at 5
  // instead of raising one from 0, taken from the same pool (each swap costs 5 points of surplus).
  let surplus = pointsNeeded > 0 ? gained - pointsNeeded : Number.POSITIVE_INFINITY;
  const finish = compliantValue - 5;
  // A pool holds raises of 10 and 5 only: without such a finish there is nothing to swap in.
  const cursor = poolSlots.map(() => (finish === 10 || finish === 5 ? 0 : Number.POSITIVE_INFINITY));
  for (let i = pickCount - 1; i >= 0 && surplus >= 5; i--) {
    const slot = picks[i] as number;
    const p = pickPool[i] as number;
    if ((gain[slot] as number) !== compliantValue) continue;
    const slots = poolSlots[p] ?? null;
    const end = poolLength[p] as number;
    let at = cursor[p] as number;
    while (at < end) {
      const candidate = slots ? (slots[at] as number) : at;
      if (!selected[candidate] && gain[candidate] === finish) break;
      at++;
    }
    cursor[p] = at + 1;
    if (at >= end) continue;
    const replacement = slots ? (slots[at] as number) : at;
    selected[slot] = 0;
    selected[replacement] = 1;
    picks[i] = replacement;
    gained -= 5;
    surplus -= 5;
  }
  for (let i = 0; i < pickCount; i++) selected[picks[i] as number] = 0;

  // Which criteria a change helps depends only on its rate and the cells its clause is in:
  // one list per combination, shared by the changes that have it.
  const helpsBy: (string[] | undefined)[] = [];
  const cellMembers = cells.map((cell) => compiled.inGroup[cell.group] ?? EMPTY_FLAGS);
  const helpsKey = (slot: number): number => {
    const position = slot >> 1;
    const rateIndex = slot & 1;
    let key = 0;
    for (let k = 0; k < cells.length; k++) {
      if ((cells[k] as Cell).rateIndex === rateIndex && (cellMembers[k] as Uint8Array)[position])
        key |= 1 << k;
    }
    return key;
  };
  const helpsOf = (key: number): string[] => {
    let helps = helpsBy[key];
    if (!helps) {
      helps = [];
      for (let k = 0; k < cells.length; k++) if (key & (1 << k)) helps.push(...(cells[k] as Cell).criteria);
      helps.push(...totalCriteria);
      helpsBy[key] = helps;
    }
    return helps;
  };

  // Most criteria helped first, then the quickest wins (from 5), then clause and rate order
  // (slot order is clause order, C before F): the picks read back in slot order, then emitted
  // rank by rank, highest first. No comparison sort.
  const { count, rankOf, keyOf } = compiled.scratch;
  for (let i = 0; i < pickCount; i++) {
    const slot = picks[i] as number;
    count[slot] = (count[slot] as number) + 1;
  }
  const ranks: number[] = [];
  let ordered = 0;
  for (let slot = 0; slot < slotCount && ordered < pickCount; slot++) {
    const times = count[slot] as number;
    if (times === 0) continue;
    const key = helpsKey(slot);
    keyOf[slot] = key;
    const v = values[slot] as number;
    const rank = helpsOf(key).length * 16 + (v < 0 ? 0 : v + 1);
    rankOf[slot] = rank;
    if (!ranks.includes(rank)) ranks.push(rank);
    for (let t = 0; t < times; t++) order[ordered++] = slot;
  }
  ranks.sort(descending);
  const changes: SuggestedChange[] = [];
  for (const rank of ranks) {
    for (let i = 0; i < ordered; i++) {
      const slot = order[i] as number;
      if (rankOf[slot] !== rank) continue;
      const v = values[slot] as number;
      changes.push({
        clause: compiled.clauseNumbers[slot >> 1] as number,
        rate: (slot & 1) === 0 ? 'C' : 'F',
        from: v < 0 ? null : (v as RatingValue),
        to: compliantValue,
        points: gain[slot] as number,
        helps: helpsOf(keyOf[slot] as number),
      });
    }
  }
  for (let i = 0; i < pickCount; i++) count[picks[i] as number] = 0;

  return {
    level: next.level,
    code: next.code,
    reachable: reachableByRatings && !yearsShort,
    reachableByRatings,
    blockers,
    needs,
    changes,
    totalAfterChanges: total + gained,
  };
}

const descending = (a: number, b: number) => b - a;

function needOf(c: CriterionResult): GapNeed {
  if (c.rate && c.group) {
    return {
      criterion: c.id,
      kind: c.kind,
      rate: c.rate,
      group: c.group,
      unit: c.unit,
      missing: -c.margin,
      attainable: c.attainable,
    };
  }
  return {
    criterion: c.id,
    kind: c.kind,
    ...(c.rate ? { rate: c.rate } : {}),
    ...(c.group ? { group: c.group } : {}),
    unit: c.unit,
    missing: -c.margin,
    attainable: c.attainable,
  };
}

// Ratings are 0, 5 or 10 (the pack schema says so), so a raise gains 10 or 5.
const GAINS = [10, 5] as const;
const EMPTY = new Int32Array(0);
const EMPTY_FLAGS = new Uint8Array(0);
