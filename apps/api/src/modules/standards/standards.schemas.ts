import { z } from 'zod';

const localized = z.object({ 'zh-Hans': z.string(), 'zh-Hant': z.string(), en: z.string() });
const warning = z.object({
  code: z.string(),
  path: z.string(),
  line: z.number().nullable(),
  message: z.string(),
});

/** A standard version as loaded, with the validator’s warnings. */
export const standardSummary = z.object({
  ref: z.string(),
  standard: z.string(),
  version: z.string(),
  status: z.string(),
  title: localized,
  clauseCount: z.int(),
  contentHash: z.string(),
  warnings: z.array(warning),
});

/** One standard version whole: its summary and the pack (the engine's Standard, as loaded). */
export const standardDetail = standardSummary.extend({ pack: z.record(z.string(), z.unknown()) });
