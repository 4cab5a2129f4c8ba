// Evaluations per second of the eligibility engine on 10,000 random assessments of the 2017
// standard (level, criteria and gap each time), on one core: per second of wall time and per
// second of this process's CPU time (the figure that holds on a machine busy with other work).
// BENCH_ROUNDS (default 5) passes over the assessments, timed one call at a time, then the
// same passes again untimed (throughput without the clock's own cost). Figures are printed, not asserted: run
// with `pnpm bench`.
import {
  type ClauseRating,
  compileStandard,
  evaluateEligibility,
  type RatingValue,
  ratingGrid,
} from '@ccmm/engine';
import { loadShipped2017, prng } from '../helpers/standard.ts';

const ASSESSMENTS = 10_000;
const standard = await loadShipped2017();
const random = prng(20171);

const values: (RatingValue | null)[] = [10, 5, 0, null];
const assessments: { ratings: ClauseRating[]; years: number }[] = [];
for (let i = 0; i < ASSESSMENTS; i++) {
  const quality = random(); // how likely a 10 is: spreads the assessments over L0…L4
  const pick = (): RatingValue | null => {
    const r = random();
    if (r < quality) return 10;
    return values[1 + Math.floor(random() * 3)] ?? null;
  };
  assessments.push({
    ratings: standard.clauses.map((c) => ({ clause: c.number, c: pick(), f: pick() })),
    years: Math.floor(random() * 8),
  });
}

// Warm up the JIT and the compiled-standard cache.
for (const a of assessments.slice(0, 1000))
  evaluateEligibility(standard, a.ratings, { operatingYears: a.years });

const rounds = Number(process.env.BENCH_ROUNDS || 5);
const durations = new Float64Array(ASSESSMENTS * rounds);
const levels = [0, 0, 0, 0, 0, 0];
let changes = 0;
const cpu0 = process.cpuUsage();
const start = process.hrtime.bigint();
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < ASSESSMENTS; i++) {
    const a = assessments[i];
    if (!a) continue;
    const t0 = process.hrtime.bigint();
    const result = evaluateEligibility(standard, a.ratings, { operatingYears: a.years });
    durations[round * ASSESSMENTS + i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (round === 0) {
      levels[result.level] = (levels[result.level] ?? 0) + 1;
      changes += result.gap?.changes.length ?? 0;
    }
  }
}
const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const evaluations = ASSESSMENTS * rounds;

// The same rounds again without reading the clock around each call (two clock reads cost a
// noticeable part of a few microseconds): throughput alone. Each result's level and gap are
// read, as the API's answer reads them.
let read = 0;
const untimedCpu0 = process.cpuUsage();
const untimedStart = process.hrtime.bigint();
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < ASSESSMENTS; i++) {
    const a = assessments[i];
    if (!a) continue;
    const result = evaluateEligibility(standard, a.ratings, { operatingYears: a.years });
    read += result.level + (result.gap?.changes.length ?? 0) + result.criteria.length;
  }
}
const untimedMs = Number(process.hrtime.bigint() - untimedStart) / 1e6;
const untimedCpu = process.cpuUsage(untimedCpu0);
const untimedCpuMs = (untimedCpu.user + untimedCpu.system) / 1000;

// The first step of each evaluation alone, on the same assessments: reading the 168 rating
// objects into the grid (with their validation and the clause sums made as they are read).
// It shows how much of an evaluation's time is its input, out of cache across 10,000 assessments.
const compiled = compileStandard(standard);
let gridRead = 0;
const readCpu0 = process.cpuUsage();
for (let round = 0; round < rounds; round++) {
  for (const a of assessments) gridRead += ratingGrid(compiled, a.ratings).values[1] ?? 0;
}
const readCpu = process.cpuUsage(readCpu0);
const readCpuMs = (readCpu.user + readCpu.system) / 1000;

const sorted = [...durations].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

console.log('eligibility engine, cc-cmm-oc@2017, %d random assessments × %d rounds', ASSESSMENTS, rounds);
console.log(
  '  evaluations per second : %s (wall), %s (CPU time)',
  Math.round((evaluations / elapsedMs) * 1000).toLocaleString('en'),
  Math.round((evaluations / cpuMs) * 1000).toLocaleString('en'),
);
console.log(
  '  … without per-call clock: %s (wall), %s (CPU time)%s',
  Math.round((evaluations / untimedMs) * 1000).toLocaleString('en'),
  Math.round((evaluations / untimedCpuMs) * 1000).toLocaleString('en'),
  read > 0 ? '' : ' (no result read)',
);
console.log(
  '  reading the ratings    : %s µs of each evaluation (CPU time; %s a second alone)%s',
  ((readCpuMs * 1000) / evaluations).toFixed(1),
  Math.round((evaluations / readCpuMs) * 1000).toLocaleString('en'),
  gridRead === 0 ? ' (nothing read)' : '',
);
console.log('  mean per evaluation    : %s µs', ((elapsedMs * 1000) / evaluations).toFixed(1));
console.log(
  '  p50 / p99 / max        : %s / %s / %s µs',
  at(0.5).toFixed(1),
  at(0.99).toFixed(1),
  at(1).toFixed(1),
);
console.log('  levels reached L0…L5   : %s', levels.join(' / '));
console.log('  suggested changes      : %s in all (one round)', changes.toLocaleString('en'));
