import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';

// The eligibility engine's result (@ccmm/engine EligibilityResult) as the API documents it.

const rateCounts = z.object({ C: z.int(), F: z.int() });
const area = z.object({
  id: z.string(),
  clauses: z.int(),
  points: z.int(),
  maxPoints: z.int(),
  compliant: rateCounts,
  scored: rateCounts,
});
const rateId = z.enum(['C', 'F']);
const criterionKind = z.enum(['compliantShare', 'totalPoints', 'operatingYears']);
const unit = z.enum(['clauses', 'points', 'years']);

const criterion = z.object({
  id: z.string().describe('e.g. L1.C-core, L1.total, L3.years'),
  level: z.int(),
  kind: criterionKind,
  rate: rateId.optional(),
  group: z.string().optional(),
  groupSize: z.int().optional(),
  percent: z.int().optional(),
  unit,
  required: z.int(),
  actual: z.int(),
  met: z.boolean(),
  margin: z.int().describe('actual − required; negative is the shortfall'),
  maxPossible: z.int().nullable(),
  attainable: z.boolean().describe('false when no ratings can meet it (e.g. the 2017 L5 total)'),
});

const gap = z.object({
  level: z.int(),
  code: z.string(),
  reachable: z.boolean(),
  reachableByRatings: z.boolean(),
  blockers: z
    .array(
      z.object({
        code: z.enum(['gap.threshold_unattainable', 'gap.operating_years']),
        criterion: z.string(),
        required: z.int(),
        maxPossible: z.int().optional(),
        actual: z.int().optional(),
      }),
    )
    .readonly(),
  needs: z
    .array(
      z.object({
        criterion: z.string(),
        kind: criterionKind,
        rate: rateId.optional(),
        group: z.string().optional(),
        unit,
        missing: z.int(),
        attainable: z.boolean(),
      }),
    )
    .readonly(),
  changes: z
    .array(
      z.object({
        clause: z.int(),
        rate: rateId,
        from: z.int().nullable(),
        to: z.int(),
        points: z.int(),
        helps: z.array(z.string()).readonly(),
      }),
    )
    .readonly(),
  totalAfterChanges: z.int(),
});

export const eligibility = z
  .object({
    assessmentId: z.uuid(),
    standard: z.string(),
    version: z.string(),
    level: z.int().min(0).describe('highest level Ln with every criterion of L1…Ln met'),
    total: z.int(),
    maxTotal: z.int(),
    operatingYears: z.int(),
    complete: z.boolean(),
    scoredRates: z.int(),
    expectedRates: z.int(),
    incompleteClauses: z.array(z.int()).readonly(),
    domains: z.array(area).readonly(),
    sections: z
      .array(area.extend({ domain: z.string(), parent: z.string().nullable(), depth: z.int() }))
      .readonly(),
    groups: z.array(area).readonly(),
    levels: z
      .array(
        z.object({
          level: z.int(),
          code: z.string(),
          criteriaMet: z.boolean(),
          reached: z.boolean(),
          attainable: z.boolean(),
        }),
      )
      .readonly(),
    criteria: z.array(criterion).readonly(),
    nextLevel: z.int().nullable(),
    gap: gap.nullable(),
    issues: z.array(z.object({ code: z.string(), clause: z.int() })).readonly(),
  })
  .meta({
    id: 'Eligibility',
    examples: [
      {
        assessmentId: EXAMPLE.assessmentId,
        standard: 'cc-cmm-oc',
        version: '2017',
        level: 1,
        total: 2610,
        maxTotal: 3360,
        operatingYears: 10,
        complete: true,
        scoredRates: 336,
        expectedRates: 336,
        incompleteClauses: [],
        domains: [
          {
            id: '2.0',
            clauses: 52,
            points: 880,
            maxPoints: 1040,
            compliant: { C: 40, F: 33 },
            scored: { C: 52, F: 52 },
          },
        ],
        sections: [
          {
            id: '2.1.3',
            clauses: 8,
            points: 130,
            maxPoints: 160,
            compliant: { C: 7, F: 5 },
            scored: { C: 8, F: 8 },
            domain: '2.0',
            parent: '2.1',
            depth: 3,
          },
        ],
        groups: [
          {
            id: 'core',
            clauses: 148,
            points: 2330,
            maxPoints: 2960,
            compliant: { C: 130, F: 100 },
            scored: { C: 148, F: 148 },
          },
        ],
        levels: [
          { level: 1, code: 'L1', criteriaMet: true, reached: true, attainable: true },
          { level: 2, code: 'L2', criteriaMet: false, reached: false, attainable: true },
        ],
        criteria: [
          {
            id: 'L2.F-core',
            level: 2,
            kind: 'compliantShare',
            rate: 'F',
            group: 'core',
            groupSize: 148,
            percent: 70,
            unit: 'clauses',
            required: 104,
            actual: 100,
            met: false,
            margin: -4,
            maxPossible: 148,
            attainable: true,
          },
        ],
        nextLevel: 2,
        gap: {
          level: 2,
          code: 'L2',
          reachable: true,
          reachableByRatings: true,
          blockers: [],
          needs: [
            {
              criterion: 'L2.F-core',
              kind: 'compliantShare',
              rate: 'F',
              group: 'core',
              unit: 'clauses',
              missing: 4,
              attainable: true,
            },
          ],
          changes: [{ clause: 45, rate: 'F', from: 5, to: 10, points: 5, helps: ['L2.F-core'] }],
          totalAfterChanges: 2630,
        },
        issues: [],
      },
    ],
  });
