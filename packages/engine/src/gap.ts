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

const RATES: readonly RateId[] = ['C', 'F'];

export function computeGap(
  compiled: CompiledStandard,
  values: Int8Array,
  next: LevelResult,
  criteria: readonly CriterionResult[],
  total: number,
): Gap {
  const { compliantValue, unscoredCountsAs } = compiled.standard.scale;
  const unmet = criteria.filter((c) => !c.met);
  const blockers: GapBlocker[] = [];
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
      blockers.push({ code: 'gap.operating_years', criterion: c.id, required: c.required, actual: c.actual });
    }
  }
  const needs: GapNeed[] = unmet.map((c) => ({
    criterion: c.id,
    kind: c.kind,
    ...(c.rate ? { rate: c.rate } : {}),
    ...(c.group ? { group: c.group } : {}),
    unit: c.unit,
    missing: -c.margin,
    attainable: c.attainable,
  }));

  // Share criteria become cells (rate × group) that need a number of additional compliant rates.
  const cells = new Map<string, { rateIndex: number; group: number; need: number; criteria: string[] }>();
  let pointsNeeded = 0;
  const totalCriteria: string[] = [];
  for (const c of unmet) {
    if (!c.attainable) continue;
    if (c.kind === 'compliantShare' && c.rate && c.group) {
      const key = `${c.rate}|${c.group}`;
      const cell = cells.get(key) ?? {
        rateIndex: RATES.indexOf(c.rate),
        group: compiled.groupIds.indexOf(c.group),
        need: 0,
        criteria: [],
      };
      cell.need = Math.max(cell.need, -c.margin);
      cell.criteria.push(c.id);
      cells.set(key, cell);
    } else if (c.kind === 'totalPoints') {
      pointsNeeded = Math.max(pointsNeeded, -c.margin);
      totalCriteria.push(c.id);
    }
  }

  // Work on "slots" (clause position × 2 + rate index) and integer arrays: this runs on every
  // evaluation, so it allocates little and sorts nothing but the final list.
  const slotCount = compiled.clauses.length * 2;
  const gain = new Int8Array(slotCount);
  for (let slot = 0; slot < slotCount; slot++) {
    const v = values[slot] ?? -1;
    gain[slot] = compliantValue - (v < 0 ? unscoredCountsAs : v);
  }
  const selected = new Uint8Array(slotCount);
  const picks: number[] = [];
  const pickPool: number[] = []; // index into pools of where each pick came from
  const pools: number[][] = []; // candidate slots, highest gain first, then clause order
  let gained = 0;
  const pick = (slot: number, pool: number) => {
    selected[slot] = 1;
    picks.push(slot);
    pickPool.push(pool);
    gained += gain[slot] ?? 0;
  };

  // A 0 raised to 10 also closes more of a points gap, so each cell takes its biggest gains first.
  const cellList = [...cells.values()];
  for (const cell of cellList) {
    const slots: number[] = [];
    for (const position of compiled.groupMembers[cell.group] ?? []) slots.push(position * 2 + cell.rateIndex);
    const pool = byGainDescending(slots, gain);
    pools.push(pool);
    for (let i = 0; i < cell.need && i < pool.length; i++) pick(pool[i] ?? 0, pools.length - 1);
  }
  if (pointsNeeded > gained) {
    const all: number[] = [];
    for (let slot = 0; slot < slotCount; slot++) all.push(slot);
    const pool = byGainDescending(all, gain);
    pools.push(pool);
    for (const slot of pool) {
      if (gained >= pointsNeeded) break;
      if (!selected[slot]) pick(slot, pools.length - 1);
    }
  }

  // Same number of changes, less effort: while the points allow, finish a rate already at 5
  // instead of raising one from 0, taken from the same pool (each swap costs 5 points of surplus).
  let surplus = pointsNeeded > 0 ? gained - pointsNeeded : Number.POSITIVE_INFINITY;
  const cursor = pools.map(() => 0);
  for (let i = picks.length - 1; i >= 0 && surplus >= 5; i--) {
    const slot = picks[i] ?? 0;
    const p = pickPool[i] ?? 0;
    if ((gain[slot] ?? 0) !== compliantValue) continue;
    const pool = pools[p] ?? [];
    let at = cursor[p] ?? 0;
    while (at < pool.length && (selected[pool[at] ?? 0] || gain[pool[at] ?? 0] !== compliantValue - 5)) at++;
    cursor[p] = at + 1;
    const replacement = pool[at];
    if (replacement === undefined) continue;
    selected[slot] = 0;
    selected[replacement] = 1;
    picks[i] = replacement;
    gained -= 5;
    surplus -= 5;
  }

  const changes: SuggestedChange[] = [];
  for (const slot of picks) {
    const position = slot >> 1;
    const rateIndex = slot & 1;
    const v = values[slot] ?? -1;
    const helps: string[] = [];
    for (const cell of cellList) {
      if (cell.rateIndex === rateIndex && compiled.inGroup[cell.group]?.[position])
        helps.push(...cell.criteria);
    }
    helps.push(...totalCriteria);
    changes.push({
      clause: compiled.clauses[position]?.number ?? 0,
      rate: RATES[rateIndex] ?? 'C',
      from: v < 0 ? null : (v as RatingValue),
      to: compliantValue,
      points: gain[slot] ?? 0,
      helps,
    });
  }
  changes.sort(byUsefulness);

  const reachableByRatings = unmet.every((c) => c.attainable);
  return {
    level: next.level,
    code: next.code,
    reachable: reachableByRatings && !blockers.some((b) => b.code === 'gap.operating_years'),
    reachableByRatings,
    blockers,
    needs,
    changes,
    totalAfterChanges: total + gained,
  };
}

const GAINS = [10, 5] as const;

/** The slots reordered by gain, highest first, keeping their order within a gain (stable). */
function byGainDescending(slots: readonly number[], gain: Int8Array): number[] {
  const ordered: number[] = [];
  // Ratings are 0, 5 or 10 (the pack schema says so), so a raise gains 10 or 5.
  for (const g of GAINS) {
    for (const slot of slots) if (gain[slot] === g) ordered.push(slot);
  }
  return ordered;
}

/** Most criteria helped first, then the quickest wins (from 5), then clause and rate order. */
function byUsefulness(a: SuggestedChange, b: SuggestedChange): number {
  return (
    b.helps.length - a.helps.length ||
    (b.from ?? -1) - (a.from ?? -1) ||
    a.clause - b.clause ||
    (a.rate === b.rate ? 0 : a.rate === 'C' ? -1 : 1)
  );
}
