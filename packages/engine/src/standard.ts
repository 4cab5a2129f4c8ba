// The model of one standard version, exactly as a data pack describes it (see standards/).
// The engine reads structure and rules from here; nothing about CC-CMM is hard-coded.

export const LOCALES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type LocalizedText = Readonly<Record<Locale, string>>;

export type RateId = 'C' | 'F';
export const RATE_IDS: readonly RateId[] = ['C', 'F'];
export type RatingValue = 0 | 5 | 10;

export interface Rate {
  readonly id: RateId;
  readonly name: LocalizedText;
  readonly description: LocalizedText;
}

export interface ScaleValue {
  readonly value: RatingValue;
  readonly meaning: LocalizedText;
}

export interface Scale {
  readonly values: readonly ScaleValue[];
  /** A clause is compliant on a rate when that rate has this value. */
  readonly compliantValue: RatingValue;
  /** What an unscored rate counts as in the total (the result is then marked incomplete). */
  readonly unscoredCountsAs: RatingValue;
}

export interface Topic {
  readonly id: string;
  readonly title: LocalizedText;
}

export interface Section {
  /** Table-of-contents number, e.g. "2.1.3". */
  readonly id: string;
  readonly title: LocalizedText;
  readonly sections?: readonly Section[];
  /** Unnumbered headings inside a section (2.1.3 groups its clauses under four). */
  readonly topics?: readonly Topic[];
}

export interface Domain {
  /** e.g. "1.0" */
  readonly id: string;
  readonly title: LocalizedText;
  readonly sections: readonly Section[];
}

export interface Clause {
  /** The official clause number in this version. */
  readonly number: number;
  /** Id of the (innermost) section the clause belongs to. */
  readonly section: string;
  readonly topic?: string;
  /** Our own short summary of the requirement; never the standard's copyrighted text. */
  readonly summary: LocalizedText;
  /** Typical evidence an auditor asks for. */
  readonly evidence?: LocalizedText;
}

export interface ClauseGroup {
  readonly id: string;
  readonly name: LocalizedText;
  readonly domains: readonly string[];
}

export type Criterion =
  | {
      readonly kind: 'compliantShare';
      readonly rate: RateId;
      readonly group: string;
      /** At least this percentage of the group's clauses are compliant on the rate. */
      readonly atLeastPercent: number;
    }
  | { readonly kind: 'totalPoints'; readonly atLeast: number }
  | { readonly kind: 'operatingYears'; readonly atLeast: number };

export interface Level {
  readonly level: number;
  readonly code: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly criteria: readonly Criterion[];
}

export interface ReadingRule {
  readonly id: string;
  readonly text: LocalizedText;
}

export interface Standard {
  readonly standard: string;
  readonly version: string;
  readonly title: LocalizedText;
  readonly rates: readonly Rate[];
  readonly scale: Scale;
  readonly domains: readonly Domain[];
  readonly clauses: readonly Clause[];
  readonly clauseGroups: readonly ClauseGroup[];
  readonly levels: readonly Level[];
  readonly readingRules: readonly ReadingRule[];
}

/** "cc-cmm-oc@2017" */
export function standardRef(standard: Pick<Standard, 'standard' | 'version'>): string {
  return `${standard.standard}@${standard.version}`;
}
