import {
  actualBound,
  type CompiledCriterion,
  type CompiledStandard,
  CRITERION_YEARS,
  slotOf,
  VALUE_SPAN,
} from './compile.ts';
import type { CriterionResult } from './eligibility.ts';
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

/**
 * What the gap to one set of unmet criteria needs, whatever the ratings: its cells (rate ×
 * group, each needing more compliant rates), the criteria each change helps, and the change
 * objects themselves. The same few sets come back again and again, so a plan is made once.
 */
interface GapPlan {
  readonly cells: readonly Cell[];
  /** Indexes (in compiled.criteria) of the unmet total-points criteria. */
  readonly totalCriteria: readonly number[];
  /** For each slot, the ids of the criteria raising it helps. */
  readonly helpsOf: readonly (readonly string[])[];
  /** For each slot, the first part of its change's rank: criteria helped × 16. */
  readonly rankBase: Int32Array;
  /** The slots helping each number of criteria, as slot sets, most criteria first. */
  readonly helpClasses: readonly Int32Array[];
  /** Change objects by (value + 1) × slots + slot, made on first use: a value's changes side by side. */
  readonly changes: (SuggestedChange | undefined)[];
}

interface Cell {
  readonly rateIndex: number;
  readonly group: number;
  /** The group's slots of this rate: the cell's pool of candidates, as a slot set. */
  readonly pool: Int32Array;
  /** Indexes (in compiled.criteria) of the unmet criteria the cell answers. */
  readonly criteria: readonly number[];
}

/** Per compiled standard: its plans, and each criterion's needs and blockers by actual value. */
interface GapTables {
  readonly plans: Map<number, GapPlan>;
  readonly needs: (GapNeed | undefined)[][];
  readonly blockers: (GapBlocker | undefined)[][];
  readonly unattainable: (GapBlocker | undefined)[];
  /** The slots selected by the gap being computed (the candidates are in compiled.scratch). */
  readonly selected: Int32Array;
  /** The slots of the final picks. */
  readonly picked: Int32Array;
  /** Per pool, the first word of its set that may still hold a finish (a rate at 5, unselected). */
  readonly finishWord: Int32Array;
  /** Each pool's raises by 10 in the picks: start, end. */
  readonly tenRuns: Int32Array;
  /** The selected slots of one class of the plan, while its changes are placed. */
  readonly classBits: Int32Array;
  /** What raising a rate to the compliant value gains, by value + 1 (0: unscored). */
  readonly gainOf: Int8Array;
}

function gainTable(compiled: CompiledStandard): Int8Array {
  const { compliantValue, unscoredCountsAs } = compiled.standard.scale;
  const gainOf = new Int8Array(VALUE_SPAN);
  for (let v = -1; v < VALUE_SPAN - 1; v++) gainOf[v + 1] = compliantValue - (v < 0 ? unscoredCountsAs : v);
  return gainOf;
}

/**
 * A set of slots, one bit a slot in slot order (bit slot & 31 of word slot >> 5): a pool's first
 * few candidates are a few word operations away instead of a walk over every slot of the pool.
 */
function slotWords(compiled: CompiledStandard): number {
  return (compiled.clauses.length * 2 + 31) >> 5;
}

const tablesOf = new WeakMap<CompiledStandard, GapTables>();

const UNSCORED = -1;

function gapTables(compiled: CompiledStandard): GapTables {
  let tables = tablesOf.get(compiled);
  if (!tables) {
    tables = {
      plans: new Map(),
      needs: compiled.criteria.map((c) => new Array(actualBound(compiled, c) + 1)),
      blockers: compiled.criteria.map(
        (c) => new Array(c.criterion.kind === 'operatingYears' ? actualBound(compiled, c) + 1 : 0),
      ),
      unattainable: [],
      selected: new Int32Array(slotWords(compiled)),
      picked: new Int32Array(slotWords(compiled)),
      finishWord: new Int32Array(2 * compiled.groupIds.length + 1),
      tenRuns: new Int32Array(2 * (2 * compiled.groupIds.length + 1)),
      classBits: new Int32Array(slotWords(compiled)),
      gainOf: gainTable(compiled),
    };
    tablesOf.set(compiled, tables);
  }
  return tables;
}

/**
 * The fewest rate changes that meet every attainable unmet criterion among
 * compiled.criteria[from … to) (`criteria` holds their results, at the same indexes), right
 * after the evaluation of `values` (evaluateGrid), whose tests and actual values it reads from
 * compiled.scratch (met, actual).
 */
export function computeGap(
  compiled: CompiledStandard,
  values: Int8Array,
  level: number,
  code: string,
  criteria: readonly CriterionResult[],
  from: number,
  to: number,
  total: number,
): Gap {
  const { compliantValue } = compiled.standard.scale;
  const tables = gapTables(compiled);
  const blockers: GapBlocker[] = [];
  const needs: GapNeed[] = [];
  let reachableByRatings = true;
  let yearsShort = false;
  // Which criteria hold and their actual values as the evaluation left them in working memory:
  // a result object is read only to make a need or blocker the first time.
  const { met, actual } = compiled.scratch;
  const { criterionKind, attainable, required } = compiled;
  // Which criteria the changes must close: the key of the plan (one bit a criterion; a range
  // of over 30 criteria has no key, its plan is made each time).
  let closing = 0;
  for (let i = from; i < to; i++) {
    if (met[i] === 1) continue;
    const canMeet = attainable[i] === 1;
    const years = criterionKind[i] === CRITERION_YEARS;
    if (!canMeet && !years) blockers.push(unattainableBlocker(tables, i, criteria));
    if (years) {
      yearsShort = true;
      blockers.push(yearsBlocker(tables, i, actual[i] as number, criteria));
    } else if (canMeet && i - from < 30) closing |= 1 << (i - from);
    reachableByRatings &&= canMeet;
    needs.push(needOf(tables, i, actual[i] as number, criteria));
  }
  const plan = gapPlan(compiled, tables, criteria, from, to, closing);
  const { cells } = plan;

  // Work on "slots" (clause position × 2 + rate index), as slot sets and pick lists in working
  // memory: this runs on every evaluation, so it allocates only what it returns.
  const clauseCount = compiled.clauses.length;
  const words = slotWords(compiled);
  const { picks, pickPool } = compiled.scratch;
  const { selected, finishWord, gainOf } = tables;
  // Ratings are 0, 5 or 10 (the pack schema says so), so a raise gains 10 or 5: the two sets of
  // candidates, filled by the evaluation of `values` (Scratch.raisesByTen).
  const { raisesByTen, raisesByFive, unscored } = compiled.scratch;
  selected.fill(0);
  // A pool is a set of candidate slots taken by gain, highest first, then in slot order: a
  // cell's is its group's slots of its rate, the points' pool every slot.
  let pickCount = 0;
  let gained = 0;
  // Where each pool's raises by 10 sit in the picks (start, end), pool by pool: the finishes
  // below go through these alone.
  const { tenRuns } = tables;
  let runCount = 0;

  // A 0 raised to 10 also closes more of a points gap, so each cell takes its biggest gains
  // first, then 5s if the 10s run out. A cell takes its candidates whoever else took them
  // (overlapping groups each count the change).
  for (let p = 0; p < cells.length; p++) {
    const cell = cells[p] as Cell;
    let need = 0;
    for (const i of cell.criteria) need = Math.max(need, (required[i] as number) - (actual[i] as number));
    const tens = take(raisesByTen, cell.pool, null, selected, need, picks, pickPool, pickCount, p);
    tenRuns[runCount++] = pickCount;
    tenRuns[runCount++] = tens;
    gained += 10 * (tens - pickCount);
    need -= tens - pickCount;
    pickCount = take(raisesByFive, cell.pool, null, selected, need, picks, pickPool, tens, p);
    gained += 5 * (pickCount - tens);
  }
  let pointsNeeded = 0;
  for (const i of plan.totalCriteria)
    pointsNeeded = Math.max(pointsNeeded, (required[i] as number) - (actual[i] as number));
  const pointsPool = cells.length;
  if (pointsNeeded > gained) {
    // The points' pool skips what the cells selected.
    const tens = take(
      raisesByTen,
      null,
      selected,
      selected,
      Math.ceil((pointsNeeded - gained) / 10),
      picks,
      pickPool,
      pickCount,
      pointsPool,
    );
    tenRuns[runCount++] = pickCount;
    tenRuns[runCount++] = tens;
    gained += 10 * (tens - pickCount);
    pickCount = tens;
    if (pointsNeeded > gained) {
      const fives = take(
        raisesByFive,
        null,
        selected,
        selected,
        Math.ceil((pointsNeeded - gained) / 5),
        picks,
        pickPool,
        pickCount,
        pointsPool,
      );
      gained += 5 * (fives - pickCount);
      pickCount = fives;
    }
  }

  // Same number of changes, less effort: while the points allow, finish a rate already at 5
  // instead of raising one from 0, taken from the same pool (each swap costs 5 points of surplus),
  // latest picks first (of the raises by 10, run by run). Only a compliant value of 10 has such
  // finishes (a rate at 5, raised by 5). A finish once selected stays selected, so each pool's
  // search resumes where it stopped.
  let surplus = pointsNeeded > 0 ? gained - pointsNeeded : Number.POSITIVE_INFINITY;
  const finishes = compliantValue - 5 === 5 ? raisesByFive : null;
  finishWord.fill(0, 0, cells.length + 1);
  for (let run = runCount - 2; finishes && run >= 0 && surplus >= 5; run -= 2) {
    const start = tenRuns[run] as number;
    const end = tenRuns[run + 1] as number;
    if (start === end) continue;
    const p = pickPool[start] as number;
    const pool = p < pointsPool ? (cells[p] as Cell).pool : null;
    // The pool's finishes left in word w: exact within the run, as only the finish just taken
    // joins the selection (a raise by 10 that leaves it is no finish).
    let w = finishWord[p] as number;
    let candidates = 0;
    for (let i = end - 1; i >= start && surplus >= 5; i--) {
      while (candidates === 0 && w < words) {
        candidates = (finishes[w] as number) & ~(selected[w] as number) & (pool ? (pool[w] as number) : -1);
        if (candidates === 0) w++;
      }
      // No finish left in this pool (selected finishes stay selected): none for its other picks.
      if (candidates === 0) break;
      const slot = picks[i] as number;
      const lowest = candidates & -candidates;
      candidates ^= lowest;
      const replacement = (w << 5) + 31 - Math.clz32(lowest);
      selected[slot >> 5] = (selected[slot >> 5] as number) & ~(1 << (slot & 31));
      selected[w] = (selected[w] as number) | lowest;
      picks[i] = replacement;
      gained -= 5;
      surplus -= 5;
    }
    finishWord[p] = w;
  }

  // Most criteria helped first, then the quickest wins (from 5), then clause and rate order
  // (slot order is clause order, C before F). A rank is (criteria helped) × 16 + (value + 1).
  // With a compliant value of 10, a scored rate raised by 5 is at 5 and one raised by 10 at 0:
  // when no slot was picked twice, the changes are the selected slots of each class of the plan
  // (most criteria first) at 5, then at 0, then unscored (from the evaluation's slot sets),
  // each in slot order. No comparison sort.
  let changes: SuggestedChange[] | null = null;
  if (compliantValue === 10 && selectedCount(selected, words) === pickCount) {
    const list: SuggestedChange[] = new Array(pickCount);
    const slotCount = clauseCount * 2;
    // Kept change objects read here rather than through a call: this is the loop over changes.
    const kept = plan.changes;
    let at = 0;
    const { classBits } = tables;
    for (let h = 0; h < plan.helpClasses.length; h++) {
      const helping = plan.helpClasses[h] as Int32Array;
      // This class's selected slots, word by word (most words of a class hold none).
      let any = 0;
      for (let w = 0; w < words; w++) any |= classBits[w] = (selected[w] as number) & (helping[w] as number);
      if (any === 0) continue;
      for (let run = 0; run < 3; run++) {
        const raised = run === 0 ? raisesByFive : raisesByTen;
        const v = run === 0 ? 5 : run === 1 ? 0 : UNSCORED;
        const points = gainOf[v + 1] as number;
        const keyBase = (v + 1) * slotCount;
        for (let w = 0; w < words; w++) {
          const inClass = classBits[w] as number;
          if (inClass === 0) continue;
          const withValue =
            run === 2 ? (unscored[w] as number) : (raised[w] as number) & ~(unscored[w] as number);
          for (let bits = inClass & withValue; bits !== 0; bits &= bits - 1) {
            const slot = (w << 5) + 31 - Math.clz32(bits & -bits);
            list[at++] = kept[keyBase + slot] ?? makeChange(compiled, plan, slot, v, points);
          }
        }
      }
    }
    // Every pick placed unless one had another value (none with the schema's 0, 5 and 10).
    if (at === pickCount) changes = list;
  }
  changes ??= rankedChanges(compiled, plan, values, picks, pickCount);

  return {
    level,
    code,
    reachable: reachableByRatings && !yearsShort,
    reachableByRatings,
    blockers,
    needs,
    changes,
    totalAfterChanges: total + gained,
  };
}

/** Population count of the first `words` words of a slot set. */
function selectedCount(set: Int32Array, words: number): number {
  let n = 0;
  for (let w = 0; w < words; w++) {
    let x = set[w] as number;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    n += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
  }
  return n;
}

/**
 * The changes of any picks, a slot picked by several cells once for each: the picks read back
 * in slot order, counted by rank, then placed rank by rank, highest first.
 */
function rankedChanges(
  compiled: CompiledStandard,
  plan: GapPlan,
  values: Int8Array,
  picks: Int32Array,
  pickCount: number,
): SuggestedChange[] {
  const { picked, gainOf } = gapTables(compiled);
  const words = slotWords(compiled);
  picked.fill(0);
  const { count, rankOf, rankCount, order } = compiled.scratch;
  for (let i = 0; i < pickCount; i++) {
    const slot = picks[i] as number;
    count[slot] = (count[slot] as number) + 1;
    picked[slot >> 5] = (picked[slot >> 5] as number) | (1 << (slot & 31));
  }
  let ordered = 0;
  let topRank = 0;
  for (let w = 0; w < words; w++) {
    for (let bits = picked[w] as number; bits !== 0; bits &= bits - 1) {
      const slot = (w << 5) + 31 - Math.clz32(bits & -bits);
      const times = count[slot] as number;
      const v = values[slot] as number;
      const rank = (plan.rankBase[slot] as number) + (v < 0 ? 0 : v + 1);
      rankOf[slot] = rank;
      rankCount[rank] = (rankCount[rank] as number) + times;
      if (rank > topRank) topRank = rank;
      for (let t = 0; t < times; t++) order[ordered++] = slot;
    }
  }
  // Each rank's first place in the answer, highest rank first.
  let place = 0;
  for (let rank = topRank; rank >= 0; rank--) {
    const n = rankCount[rank] as number;
    rankCount[rank] = place;
    place += n;
  }
  const changes: SuggestedChange[] = new Array(ordered);
  for (let i = 0; i < ordered; i++) {
    const slot = order[i] as number;
    const rank = rankOf[slot] as number;
    const at = rankCount[rank] as number;
    rankCount[rank] = at + 1;
    const v = values[slot] as number;
    changes[at] = changeOf(compiled, plan, slot, v, gainOf[v + 1] as number);
  }
  rankCount.fill(0, 0, topRank + 1);
  for (let i = 0; i < pickCount; i++) count[picks[i] as number] = 0;
  return changes;
}

/**
 * Picks up to `wanted` slots of `candidates` in slot order, within `pool` (null: every slot) and
 * outside `excluded` (null: none), for pool index `p`: each is appended to the picks and
 * selected. Returns the new pick count.
 */
function take(
  candidates: Int32Array,
  pool: Int32Array | null,
  excluded: Int32Array | null,
  selected: Int32Array,
  wanted: number,
  picks: Int32Array,
  pickPool: Int32Array,
  pickCount: number,
  p: number,
): number {
  for (let w = 0; w < candidates.length && wanted > 0; w++) {
    let bits = (candidates[w] as number) & (pool ? (pool[w] as number) : -1);
    if (excluded) bits &= ~(excluded[w] as number);
    if (bits === 0) continue;
    let taken = 0;
    for (; bits !== 0 && wanted > 0; wanted--) {
      const lowest = bits & -bits;
      taken |= lowest;
      bits ^= lowest;
      picks[pickCount] = (w << 5) + 31 - Math.clz32(lowest);
      pickPool[pickCount++] = p;
    }
    selected[w] = (selected[w] as number) | taken;
  }
  return pickCount;
}

function changeOf(
  compiled: CompiledStandard,
  plan: GapPlan,
  slot: number,
  value: number,
  points: number,
): SuggestedChange {
  return (
    plan.changes[(value + 1) * compiled.clauses.length * 2 + slot] ??
    makeChange(compiled, plan, slot, value, points)
  );
}

/** The change object of a slot at a value, made once per plan and kept (frozen) in plan.changes. */
function makeChange(
  compiled: CompiledStandard,
  plan: GapPlan,
  slot: number,
  value: number,
  points: number,
): SuggestedChange {
  const change: SuggestedChange = Object.freeze({
    clause: compiled.clauseNumbers[slot >> 1] as number,
    rate: (slot & 1) === 0 ? 'C' : 'F',
    from: value < 0 ? null : (value as RatingValue),
    to: compiled.standard.scale.compliantValue,
    points,
    helps: plan.helpsOf[slot] as readonly string[],
  });
  plan.changes[(value + 1) * compiled.clauses.length * 2 + slot] = change;
  return change;
}

/** The plan for the unmet attainable criteria among criteria[from … to) (bit k of `closing`: from + k). */
function gapPlan(
  compiled: CompiledStandard,
  tables: GapTables,
  criteria: readonly CriterionResult[],
  from: number,
  to: number,
  closing: number,
): GapPlan {
  const n = compiled.criteria.length + 1;
  // A key beyond 2^53 would not be exact: such a plan (dozens of criteria at once) is not kept;
  // nor are plans past MAX_KEPT_PLANS (memory stays bounded whatever sets of criteria come).
  const keep = to - from <= 30 && closing * n * n < Number.MAX_SAFE_INTEGER;
  const key = (closing * n + from) * n + to;
  const kept = keep ? tables.plans.get(key) : undefined;
  if (kept) return kept;

  // Share criteria become cells (rate × group) that need a number of additional compliant rates.
  const cells: { rateIndex: number; group: number; pool: Int32Array; criteria: number[] }[] = [];
  const totalCriteria: number[] = [];
  for (let i = from; i < to; i++) {
    const c = criteria[i] as CriterionResult;
    if (c.met || !c.attainable) continue;
    const { criterion, groupIndex } = compiled.criteria[i] as CompiledCriterion;
    if (criterion.kind === 'compliantShare') {
      const rateIndex = criterion.rate === 'C' ? 0 : 1;
      let cell = cells.find((c) => c.rateIndex === rateIndex && c.group === groupIndex);
      if (!cell) {
        const pool = new Int32Array(slotWords(compiled));
        for (const slot of compiled.groupSlots[groupIndex * 2 + rateIndex] ?? [])
          pool[slot >> 5] = (pool[slot >> 5] as number) | (1 << (slot & 31));
        cell = { rateIndex, group: groupIndex, pool, criteria: [] };
        cells.push(cell);
      }
      cell.criteria.push(i);
    } else if (criterion.kind === 'totalPoints') totalCriteria.push(i);
  }

  // Which criteria a change helps depends only on its rate and the cells its clause is in:
  // one list per combination, shared by the changes that have it.
  const idOf = (i: number) => compiled.criteria[i]?.id ?? '';
  const helpsBy = new Map<number, readonly string[]>();
  const slotCount = compiled.clauses.length * 2;
  const helpsOf: (readonly string[])[] = [];
  const rankBase = new Int32Array(slotCount);
  for (let slot = 0; slot < slotCount; slot++) {
    let combination = 0;
    for (const [k, cell] of cells.entries()) {
      if (cell.rateIndex === (slot & 1) && compiled.inGroup[cell.group]?.[slot >> 1]) combination |= 1 << k;
    }
    let helps = helpsBy.get(combination);
    if (!helps) {
      helps = Object.freeze([
        ...cells.flatMap((cell, k) => (combination & (1 << k) ? cell.criteria.map(idOf) : [])),
        ...totalCriteria.map(idOf),
      ]);
      helpsBy.set(combination, helps);
    }
    helpsOf.push(helps);
    rankBase[slot] = helps.length * 16;
  }
  // The slots by how many criteria they help, most first, as slot sets: the changes' order.
  const helpClasses: Int32Array[] = [];
  const mostHelped = cells.reduce((n, cell) => n + cell.criteria.length, totalCriteria.length);
  for (let helped = mostHelped; helped >= 0; helped--) {
    const set = new Int32Array(slotWords(compiled));
    let any = false;
    for (let slot = 0; slot < slotCount; slot++) {
      if (rankBase[slot] !== helped * 16) continue;
      set[slot >> 5] = (set[slot >> 5] as number) | (1 << (slot & 31));
      any = true;
    }
    if (any) helpClasses.push(set);
  }
  const plan: GapPlan = {
    cells,
    totalCriteria,
    helpsOf,
    rankBase,
    helpClasses,
    changes: new Array(slotCount * VALUE_SPAN),
  };
  if (keep && tables.plans.size < MAX_KEPT_PLANS) tables.plans.set(key, plan);
  return plan;
}

function needOf(
  tables: GapTables,
  index: number,
  actual: number,
  criteria: readonly CriterionResult[],
): GapNeed {
  const table = tables.needs[index] as (GapNeed | undefined)[];
  const at = slotOf(table, actual);
  let need = at < 0 ? undefined : table[at];
  if (need === undefined) {
    const c = criteria[index] as CriterionResult;
    need = Object.freeze(
      c.rate && c.group
        ? {
            criterion: c.id,
            kind: c.kind,
            rate: c.rate,
            group: c.group,
            unit: c.unit,
            missing: -c.margin,
            attainable: c.attainable,
          }
        : {
            criterion: c.id,
            kind: c.kind,
            ...(c.rate ? { rate: c.rate } : {}),
            ...(c.group ? { group: c.group } : {}),
            unit: c.unit,
            missing: -c.margin,
            attainable: c.attainable,
          },
    );
    if (at >= 0) table[at] = need;
  }
  return need;
}

function unattainableBlocker(
  tables: GapTables,
  index: number,
  criteria: readonly CriterionResult[],
): GapBlocker {
  let blocker = tables.unattainable[index];
  if (blocker === undefined) {
    const c = criteria[index] as CriterionResult;
    blocker = Object.freeze({
      code: 'gap.threshold_unattainable',
      criterion: c.id,
      required: c.required,
      maxPossible: c.maxPossible ?? 0,
    });
    tables.unattainable[index] = blocker;
  }
  return blocker;
}

function yearsBlocker(
  tables: GapTables,
  index: number,
  actual: number,
  criteria: readonly CriterionResult[],
): GapBlocker {
  const table = tables.blockers[index] as (GapBlocker | undefined)[];
  const at = slotOf(table, actual);
  let blocker = at < 0 ? undefined : table[at];
  if (blocker === undefined) {
    const c = criteria[index] as CriterionResult;
    blocker = Object.freeze({
      code: 'gap.operating_years',
      criterion: c.id,
      required: c.required,
      actual: c.actual,
    });
    if (at >= 0) table[at] = blocker;
  }
  return blocker;
}

/** About 20 kB each on the 2017 standard: a level has a few dozen sets of unmet criteria at most. */
const MAX_KEPT_PLANS = 256;
