import type { CriterionResult } from './eligibility.ts';
import type { GapBlocker, GapNeed, SuggestedChange } from './gap.ts';
import { type Catalog, format } from './i18n.ts';
import type { Locale, RateId, Standard } from './standard.ts';

// Sentences that put an eligibility result into words, shared by the CLI, the web app and the
// PDF report so that every place says the same thing the same way.
const messages = {
  share: {
    'zh-Hans':
      '{group} 中至少 {percent}% 的条目{rateName}（{rate} 为 10 分）：{groupSize} 条中需 {required} 条',
    'zh-Hant':
      '{group} 中至少 {percent}% 的條目{rateName}（{rate} 為 10 分）：{groupSize} 條中需 {required} 條',
    en: '{rate} 10 on at least {percent}% of the clauses of {group}: {required} of {groupSize}',
  },
  total: {
    'zh-Hans': '总分至少 {required}',
    'zh-Hant': '總分至少 {required}',
    en: 'Total of at least {required} points',
  },
  years: {
    'zh-Hans': '评估日已运营满 {required} 年',
    'zh-Hant': '評估日已營運滿 {required} 年',
    en: 'At least {required} full years of operation at the assessment date',
  },
  needShare: {
    'zh-Hans': '{group} 还需 {missing} 个条目的 {rate} 达到 10 分（现 {actual}/{required}）',
    'zh-Hant': '{group} 還需 {missing} 個條目的 {rate} 達到 10 分（現 {actual}/{required}）',
    en: '{missing} more {clauses} of {group} {need} {rate} 10 (now {actual} of {required})',
  },
  needTotal: {
    'zh-Hans': '总分还差 {missing} 分（现 {actual}，需 {required}）',
    'zh-Hant': '總分還差 {missing} 分（現 {actual}，需 {required}）',
    en: '{missing} more points (total {actual}, needs {required})',
  },
  needYears: {
    'zh-Hans': '还需运营 {missing} 年（现满 {actual} 年，需 {required} 年）',
    'zh-Hant': '還需營運 {missing} 年（現滿 {actual} 年，需 {required} 年）',
    en: '{missing} more years of operation (has {actual}, needs {required})',
  },
  unattainableTotal: {
    'zh-Hans':
      '{level} 要求总分 {required}，但本版本 {clauses} 个条目满分只有 {maxPossible}：任何评分都无法达到。需由认证机构发布修订版本。',
    'zh-Hant':
      '{level} 要求總分 {required}，但本版本 {clauses} 個條目滿分只有 {maxPossible}：任何評分都無法達到。需由認證機構發佈修訂版本。',
    en: '{level} requires a total of {required}, but the {clauses} clauses of this version allow at most {maxPossible}: no ratings can reach it. The certification body must publish an amended version.',
  },
  unattainableShare: {
    'zh-Hans': '{level} 要求 {required} 个条目合规，但该组只有 {maxPossible} 个条目：任何评分都无法达到。',
    'zh-Hant': '{level} 要求 {required} 個條目合規，但該組只有 {maxPossible} 個條目：任何評分都無法達到。',
    en: '{level} requires {required} compliant clauses, but the group has only {maxPossible}: no ratings can reach it.',
  },
  yearsBlocker: {
    'zh-Hans': '{level} 要求评估日已运营满 {required} 年，目前为 {actual} 年：这一条只能等待，评分无法弥补。',
    'zh-Hant': '{level} 要求評估日已營運滿 {required} 年，目前為 {actual} 年：這一條只能等待，評分無法彌補。',
    en: '{level} requires {required} full years of operation at the assessment date; the center has {actual}. Only time closes this, not ratings.',
  },
  change: {
    'zh-Hans': '条目 {clause} 的 {rate}：{from} → {to}',
    'zh-Hant': '條目 {clause} 的 {rate}：{from} → {to}',
    en: 'Clause {clause} {rate}: {from} → {to}',
  },
  unscored: { 'zh-Hans': '未评', 'zh-Hant': '未評', en: 'unscored' },
} as const satisfies Catalog<string>;

export function rateLabel(rate: RateId): string {
  return `${rate}-Rate`;
}

function groupName(standard: Standard, id: string | undefined, locale: Locale): string {
  return standard.clauseGroups.find((g) => g.id === id)?.name[locale] ?? id ?? '';
}

function levelCode(criterionId: string): string {
  return criterionId.split('.')[0] ?? '';
}

export function describeCriterion(standard: Standard, c: CriterionResult, locale: Locale): string {
  switch (c.kind) {
    case 'compliantShare':
      return format(messages.share, locale, {
        group: groupName(standard, c.group, locale),
        percent: c.percent ?? 0,
        rate: rateLabel(c.rate ?? 'C'),
        rateName: standard.rates.find((r) => r.id === c.rate)?.name[locale] ?? '',
        groupSize: c.groupSize ?? 0,
        required: c.required,
      });
    case 'totalPoints':
      return format(messages.total, locale, { required: c.required });
    case 'operatingYears':
      return format(messages.years, locale, { required: c.required });
  }
}

export function describeNeed(standard: Standard, need: GapNeed, c: CriterionResult, locale: Locale): string {
  const params = { missing: need.missing, actual: c.actual, required: c.required };
  switch (need.kind) {
    case 'compliantShare':
      return format(messages.needShare, locale, {
        ...params,
        clauses: need.missing === 1 ? 'clause' : 'clauses',
        need: need.missing === 1 ? 'needs' : 'need',
        group: groupName(standard, need.group, locale),
        rate: rateLabel(need.rate ?? 'C'),
      });
    case 'totalPoints':
      return format(messages.needTotal, locale, params);
    case 'operatingYears':
      return format(messages.needYears, locale, params);
  }
}

export function describeBlocker(standard: Standard, blocker: GapBlocker, locale: Locale): string {
  const level = levelCode(blocker.criterion);
  if (blocker.code === 'gap.operating_years') {
    return format(messages.yearsBlocker, locale, {
      level,
      required: blocker.required,
      actual: blocker.actual,
    });
  }
  const message = blocker.criterion.endsWith('.total')
    ? messages.unattainableTotal
    : messages.unattainableShare;
  return format(message, locale, {
    level,
    required: blocker.required,
    maxPossible: blocker.maxPossible,
    clauses: standard.clauses.length,
  });
}

export function describeChange(change: SuggestedChange, locale: Locale): string {
  return format(messages.change, locale, {
    clause: change.clause,
    rate: rateLabel(change.rate),
    from: change.from ?? format(messages.unscored, locale),
    to: change.to,
  });
}
