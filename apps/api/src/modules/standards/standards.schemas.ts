import { z } from 'zod';
import { EXAMPLE, EXAMPLE_TITLE } from '../../examples.ts';
import { pgString, timestamp } from '../../http.ts';

const localized = z.object({ 'zh-Hans': z.string(), 'zh-Hant': z.string(), en: z.string() });
const warning = z.object({
  code: z.string(),
  path: z.string(),
  line: z.number().nullable(),
  message: z.string(),
});

/** The 2017 edition as listed: the summary's example, and the detail's beside its pack. */
const SUMMARY_EXAMPLE = {
  ref: EXAMPLE.standard,
  standard: 'cc-cmm-oc',
  version: '2017',
  status: 'published',
  title: EXAMPLE_TITLE,
  clauseCount: 168,
  contentHash: EXAMPLE.sha256,
  warnings: [
    {
      code: 'semantic.unattainable_total',
      path: 'levels[4].criteria[4].atLeast',
      line: 263,
      message: 'L5 要求总分 3380，但 168 个条目 × 2 个评分 × 10 分最多只有 3360：任何评分都无法达到',
    },
  ],
  origin: 'file',
  publishedAt: null,
  replaces: null,
  revisionReason: null,
};

/** A standard version as loaded, with the validator’s warnings and where it came from. */
export const standardSummary = z
  .object({
    ref: z.string(),
    standard: z.string(),
    version: z.string(),
    status: z.string(),
    title: localized,
    clauseCount: z.int(),
    contentHash: z.string(),
    warnings: z.array(warning),
    origin: z.enum(['file', 'upload']).describe('a file in standards/, or uploaded through the API'),
    publishedAt: z.string().nullable().describe('when an uploaded edition was published'),
    replaces: z.string().nullable().describe('a revision: the version it revises'),
    revisionReason: z.string().nullable().describe('a revision: why'),
  })
  .meta({ examples: [SUMMARY_EXAMPLE] });

/** One standard version whole: its summary and the pack (the engine's Standard, as loaded). */
export const standardDetail = standardSummary.extend({ pack: z.record(z.string(), z.unknown()) }).meta({
  examples: [
    {
      ...SUMMARY_EXAMPLE,
      pack: {
        format: 'ccmm-standard/1',
        standard: 'cc-cmm-oc',
        version: '2017',
        clauses: [{ number: 1, section: '1.1' }],
      },
    },
  ],
});

export const refParams = z.object({ ref: pgString().max(100) });

/** One problem of an upload: a YAML line, or an XLSX row and column; the path in the pack. */
export const uploadProblem = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  path: z.string(),
  line: z.number().nullable().describe('a YAML upload: the line'),
  sheet: z.string().nullable().optional().describe('an XLSX upload: the sheet'),
  row: z.number().nullable().optional().describe('an XLSX upload: the row (as the spreadsheet numbers it)'),
  column: z.string().nullable().optional().describe('an XLSX upload: the column letter'),
  message: z.string(),
});

export const uploadResult = z
  .object({
    ref: z.string(),
    status: z.literal('draft'),
    warnings: z.array(uploadProblem),
  })
  .meta({
    examples: [
      {
        ref: 'cc-cmm-oc@2024',
        status: 'draft',
        warnings: [
          {
            severity: 'warning',
            code: 'semantic.numbering_gap',
            path: 'clauses',
            line: 12,
            message: '条目编号不连续：缺少 57',
          },
        ],
      },
    ],
  });

/** A revision names the version it replaces and why; both or neither. */
export const uploadQuery = z
  .object({
    replaces: pgString().max(100).optional().describe('a revision: the published version it revises'),
    reason: pgString()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe('a revision: why (required with replaces)'),
  })
  .refine((q) => (q.replaces === undefined) === (q.reason === undefined), {
    message: 'replaces and reason go together',
    path: ['reason'],
  });

export const mappingResult = z
  .object({
    id: z.uuid(),
    from: z.string(),
    to: z.string(),
    counts: z
      .object({ equal: z.int(), split: z.int(), merged: z.int(), removed: z.int(), added: z.int() })
      .describe('old clauses by kind; added: clauses of the new edition no old clause maps to'),
  })
  .meta({
    examples: [
      {
        id: 'c9f2a6d4-1e8b-4c73-9a5d-6b0e3f7c1a28',
        from: EXAMPLE.standard,
        to: 'cc-cmm-oc@2024',
        counts: { equal: 150, split: 6, merged: 4, removed: 8, added: 12 },
      },
    ],
  });

export const mappingSummary = mappingResult.extend({ createdByName: z.string(), createdAt: timestamp }).meta({
  id: 'MappingSummary',
  examples: [
    {
      id: 'c9f2a6d4-1e8b-4c73-9a5d-6b0e3f7c1a28',
      from: EXAMPLE.standard,
      to: 'cc-cmm-oc@2024',
      counts: { equal: 150, split: 6, merged: 4, removed: 8, added: 12 },
      createdByName: EXAMPLE.reviewer.name,
      createdAt: '2026-06-01T02:00:00.000Z',
    },
  ],
});

const level = z.int().nullable();
export const transitionResult = z
  .object({
    from: z.string(),
    to: z.string(),
    centers: z.array(
      z.object({
        organizationId: z.uuid(),
        name: z.string(),
        certifiedLevel: level.describe('its certificate in force on `from`'),
        assessmentId: z.uuid().nullable().describe('its last decided audit on `from` (null: none)'),
        assessedOn: z.string().nullable(),
        levelBefore: level.describe('the level the audit gives under `from`'),
        levelAfter: level.describe('the level it gives under the new edition, ratings carried'),
        totalAfter: z.int().nullable(),
        unrated: z.int().nullable().describe('clauses of the new edition with no rating'),
        proposed: z.int().nullable().describe('split or merged clauses whose rating is a proposal'),
        keepLevel: level.describe('the level to keep: the certified one, else levelBefore'),
        gapChanges: z.int().nullable().describe('rate changes suggested to keep it (0: kept)'),
        gapPoints: z.int().nullable().describe('total points missing to keep it'),
        keepable: z.boolean().nullable().describe('false: raising ratings cannot keep it'),
      }),
    ),
  })
  .meta({
    examples: [
      {
        from: EXAMPLE.standard,
        to: 'cc-cmm-oc@2024',
        centers: [
          {
            organizationId: EXAMPLE.organizationId,
            name: EXAMPLE.organizationName,
            certifiedLevel: 2,
            assessmentId: EXAMPLE.assessmentId,
            assessedOn: EXAMPLE.on,
            levelBefore: 2,
            levelAfter: 1,
            totalAfter: 2590,
            unrated: 12,
            proposed: 6,
            keepLevel: 2,
            gapChanges: 3,
            gapPoints: 0,
            keepable: true,
          },
        ],
      },
    ],
  });
