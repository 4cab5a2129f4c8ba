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

interface Candidate {
  readonly position: number;
  readonly rateIndex: number;
  readonly gain: number;
  readonly cell: string | null;
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

  const gainAt = (position: number, rateIndex: number): number => {
    const v = values[position * 2 + rateIndex] ?? -1;
    return compliantValue - (v < 0 ? unscoredCountsAs : v);
  };
  // Highest gain first (a 0 raised to 10 also closes more of a points gap), then clause order.
  const byGain = (a: Candidate, b: Candidate) =>
    b.gain - a.gain || a.position - b.position || a.rateIndex - b.rateIndex;
  const slot = (c: Candidate) => c.position * 2 + c.rateIndex;

  const selected = new Map<number, Candidate>();
  const cellCandidates = new Map<string, Candidate[]>();
  for (const [key, cell] of cells) {
    const candidates: Candidate[] = [];
    for (const position of compiled.groupMembers[cell.group] ?? []) {
      const v = values[position * 2 + cell.rateIndex] ?? -1;
      if (v === compliantValue) continue;
      candidates.push({
        position,
        rateIndex: cell.rateIndex,
        gain: gainAt(position, cell.rateIndex),
        cell: key,
      });
    }
    candidates.sort(byGain);
    cellCandidates.set(key, candidates);
    for (const candidate of candidates.slice(0, cell.need)) selected.set(slot(candidate), candidate);
  }

  let gained = 0;
  for (const c of selected.values()) gained += c.gain;
  const anywhere: Candidate[] = [];
  if (pointsNeeded > 0) {
    for (let position = 0; position < compiled.clauses.length; position++) {
      for (let rateIndex = 0; rateIndex < 2; rateIndex++) {
        const v = values[position * 2 + rateIndex] ?? -1;
        if (v === compliantValue) continue;
        anywhere.push({ position, rateIndex, gain: gainAt(position, rateIndex), cell: null });
      }
    }
    anywhere.sort(byGain);
    for (const candidate of anywhere) {
      if (gained >= pointsNeeded) break;
      if (selected.has(slot(candidate))) continue;
      selected.set(slot(candidate), candidate);
      gained += candidate.gain;
    }
  }

  // Same number of changes, less effort: while the points allow, finish a clause already at 5
  // instead of raising one from 0 (each swap costs 5 points of the surplus).
  let surplus = pointsNeeded > 0 ? gained - pointsNeeded : Number.POSITIVE_INFINITY;
  const picks = [...selected.values()].filter((c) => c.gain > compliantValue - 5).reverse();
  for (const pick of picks) {
    if (surplus < 5) break;
    const pool = pick.cell ? (cellCandidates.get(pick.cell) ?? []) : anywhere;
    const replacement = pool.find((c) => c.gain === pick.gain - 5 && !selected.has(slot(c)));
    if (!replacement) continue;
    selected.delete(slot(pick));
    selected.set(slot(replacement), { ...replacement, cell: pick.cell });
    gained -= 5;
    surplus -= 5;
  }

  const changes = [...selected.values()].map((c): SuggestedChange => {
    const clause = compiled.clauses[c.position];
    const rate = RATES[c.rateIndex] ?? 'C';
    const v = values[c.position * 2 + c.rateIndex] ?? -1;
    const helps: string[] = [];
    for (const [key, cell] of cells) {
      if (cell.rateIndex !== c.rateIndex) continue;
      if (key === c.cell || compiled.groupMembers[cell.group]?.includes(c.position))
        helps.push(...cell.criteria);
    }
    helps.push(...totalCriteria);
    return {
      clause: clause?.number ?? 0,
      rate,
      from: v < 0 ? null : (v as RatingValue),
      to: compliantValue,
      points: c.gain,
      helps,
    };
  });
  changes.sort(
    (a, b) =>
      b.helps.length - a.helps.length ||
      (b.from ?? -1) - (a.from ?? -1) ||
      a.clause - b.clause ||
      a.rate.localeCompare(b.rate),
  );

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
