import type { Criterion, Section, Standard } from '@ccmm/engine';
import { z } from 'zod';

// The file format of a standard version (standards/<standard>/<version>.yaml). The engine's
// Standard type is the same shape; the assertion at the bottom keeps the two in step.

const text = z.string().trim().min(1);

export const localizedText = z.strictObject({ 'zh-Hans': text, 'zh-Hant': text, en: text }).meta({
  id: 'LocalizedText',
  description: '简体中文, 繁體中文 and English',
  examples: [{ 'zh-Hans': '流程设计', 'zh-Hant': '流程設計', en: 'Process design' }],
});

const sectionId = z.string().regex(/^\d+(\.\d+)+$/, 'a table-of-contents number such as "2.1.3"');

const topic = z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), title: localizedText });

export const section: z.ZodType<Section> = z
  .lazy(() =>
    z.strictObject({
      id: sectionId,
      title: localizedText,
      sections: z.array(section).min(1).optional(),
      topics: z.array(topic).min(1).optional(),
    }),
  )
  .meta({
    id: 'Section',
    examples: [
      {
        id: '2.1.3',
        title: { 'zh-Hans': '管理流程', 'zh-Hant': '管理流程', en: 'Management processes' },
        topics: [
          {
            id: 'monitoring',
            title: { 'zh-Hans': '业务监控流程', 'zh-Hant': '業務監控流程', en: 'Quality monitoring' },
          },
        ],
      },
    ],
  });

const rateId = z.enum(['C', 'F']);
const ratingValue = z.union([z.literal(0), z.literal(5), z.literal(10)]);
const percent = z.int().min(0).max(100);

export const criterion = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('compliantShare'),
    rate: rateId,
    group: z.string(),
    atLeastPercent: percent,
  }),
  z.strictObject({ kind: z.literal('totalPoints'), atLeast: z.int().min(0) }),
  z.strictObject({ kind: z.literal('operatingYears'), atLeast: z.int().min(0) }),
]) satisfies z.ZodType<Criterion>;

const isoDate = z.iso.date();

export const standardPackSchema = z.strictObject({
  /** The file format, so a future format can be told apart. */
  format: z.literal('ccmm-standard/1'),
  standard: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by "-"'),
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.-]*$/),
  /** A published version never changes; a change is a new version in a new file. */
  status: z.enum(['draft', 'published']),
  publishedOn: isoDate.optional(),
  title: localizedText,
  /** Where the structure comes from, and what the pack does not contain (the licensed text). */
  source: z.strictObject({ description: localizedText, copyright: text }),
  rates: z
    .array(z.strictObject({ id: rateId, name: localizedText, description: localizedText }))
    .length(2)
    .refine((rates) => rates[0]?.id === 'C' && rates[1]?.id === 'F', 'the two rates are C then F'),
  scale: z
    .strictObject({
      values: z.array(z.strictObject({ value: ratingValue, meaning: localizedText })).min(2),
      compliantValue: ratingValue,
      unscoredCountsAs: ratingValue,
    })
    .refine(
      (scale) => scale.compliantValue === Math.max(...scale.values.map((v) => v.value)),
      'compliantValue is the highest value of the scale',
    ),
  readingRules: z.array(z.strictObject({ id: z.string().min(1), text: localizedText })).min(1),
  domains: z
    .array(z.strictObject({ id: sectionId, title: localizedText, sections: z.array(section).min(1) }))
    .min(1),
  clauseGroups: z
    .array(z.strictObject({ id: z.string().min(1), name: localizedText, domains: z.array(sectionId).min(1) }))
    .min(1),
  levels: z
    .array(
      z.strictObject({
        level: z.int().min(1),
        code: z.string().min(1),
        name: localizedText,
        description: localizedText.optional(),
        criteria: z.array(criterion).min(1),
      }),
    )
    .min(1),
  clauses: z
    .array(
      z.strictObject({
        number: z.int().min(1),
        section: sectionId,
        topic: z.string().optional(),
        summary: localizedText,
        evidence: localizedText.optional(),
      }),
    )
    .min(1),
});

export type StandardPack = z.infer<typeof standardPackSchema>;

/** A correspondence between the clauses of two versions (standards/<standard>/mappings/). */
export const clauseMappingSchema = z.strictObject({
  format: z.literal('ccmm-mapping/1'),
  standard: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  /**
   * Each clause of `from`: to one clause (equal, or merged when several share it), to a list
   * (split), or to null (removed). `kind` states which, and is checked against the shape.
   */
  clauses: z
    .array(
      z.strictObject({
        from: z.int().min(1),
        to: z.union([z.int().min(1), z.array(z.int().min(1)).min(1), z.null()]),
        kind: z.enum(['equal', 'split', 'merged', 'removed']).optional(),
      }),
    )
    .min(1),
  /** The clauses of `to` that are new (no clause of `from` maps to them); checked when given. */
  added: z.array(z.int().min(1)).optional(),
});

export type ClauseMappingFile = z.infer<typeof clauseMappingSchema>;

// Compile-time check: a parsed pack is usable wherever the engine wants a Standard.
const _packIsAStandard = (pack: StandardPack): Standard => pack;
void _packIsAStandard;
