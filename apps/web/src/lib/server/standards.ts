import type { StandardSummary } from '@ccmm/api/contract';
import { describeBlocker, evaluateEligibility, type Locale, type Standard } from '@ccmm/engine';

/**
 * The validator's warnings in the reader's language. The API gives them as the loader wrote
 * them (English); the one every pack reader must see, a level total no ratings can reach, is
 * said again here from the pack with the engine's wording. Others keep the API's text.
 */
export function localizedWarnings(summary: StandardSummary, pack: Standard | null, locale: Locale): string[] {
  if (!pack) return summary.warnings.map((w) => w.message);
  const result = evaluateEligibility(pack, [], { operatingYears: 0 });
  const unattainable = result.criteria.filter((c) => c.kind === 'totalPoints' && !c.attainable);
  const out: string[] = [];
  let totalsSaid = false;
  for (const w of summary.warnings) {
    if (w.code === 'semantic.unattainable_total' && unattainable.length > 0) {
      if (totalsSaid) continue;
      totalsSaid = true;
      for (const c of unattainable)
        out.push(
          describeBlocker(
            pack,
            {
              code: 'gap.threshold_unattainable',
              criterion: c.id,
              required: c.required,
              maxPossible: c.maxPossible ?? result.maxTotal,
            },
            locale,
          ),
        );
    } else {
      out.push(w.message);
    }
  }
  return out;
}
