// The errors of benchmarks: cohorts, trends, self-assessment against audit.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const benchmarkErrors = {
  // No count: the size of a small cohort would tell whether a known organization matches.
  'benchmark.cohort_too_small': {
    'zh-Hans': '符合条件的机构少于 {min} 家，不显示对比组，以免推知任何一家机构的数据',
    'zh-Hant': '符合條件的機構少於 {min} 家，不顯示對比組，以免推知任何一家機構的數據',
    en: 'fewer than {min} organizations match: a cohort this small is not shown, so that no one organization’s figures can be inferred',
  },
  'benchmark.no_pair': {
    'zh-Hans':
      '没有可对比的自评估与审核：需要一次已完成的审核（认证或监督审核），以及同一标准版本下、不晚于该审核日期的一次已完成的自评估',
    'zh-Hant':
      '沒有可對比的自評估與審核：需要一次已完成的審核（認證或監督審核），以及同一標準版本下、不晚於該審核日期的一次已完成的自評估',
    en: 'nothing to compare: this needs a complete audit (certification or surveillance) and a complete self-assessment on the same standard version, on or before the audit’s date',
  },
  'benchmark.not_self_assessment': {
    'zh-Hans': '评估 {id} 不是自评估',
    'zh-Hant': '評估 {id} 不是自評估',
    en: 'assessment {id} is not a self-assessment',
  },
  'benchmark.not_an_audit': {
    'zh-Hans': '评估 {id} 不是审核（认证或监督审核）',
    'zh-Hant': '評估 {id} 不是審核（認證或監督審核）',
    en: 'assessment {id} is not an audit (certification or surveillance)',
  },
  'benchmark.standards_differ': {
    'zh-Hans': '自评估依据 {self}，审核依据 {audit}：标准版本不同，无法逐条对比',
    'zh-Hant': '自評估依據 {self}，審核依據 {audit}：標準版本不同，無法逐條對比',
    en: 'the self-assessment is on {self} and the audit on {audit}: different standard versions cannot be compared clause by clause',
  },
} as const satisfies Catalog<`benchmark.${string}`>;
