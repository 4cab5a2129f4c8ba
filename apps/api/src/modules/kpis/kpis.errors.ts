// The errors of KPIs: monthly operating indicators of a center (per-entry problems come from
// the engine's checkKpi).
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog, KpiMethod, KpiUnit, Message } from '@ccmm/engine';

export const kpiErrors = {
  'kpi.invalid': {
    'zh-Hans': 'KPI 数据有 {count} 处问题，未作任何更改',
    'zh-Hant': 'KPI 數據有 {count} 處問題，未作任何更改',
    en: 'the KPIs have {count} problems; nothing was changed',
  },
  'kpi.method_required': {
    'zh-Hans': '{indicator}须记录{field}',
    'zh-Hant': '{indicator}須記錄{field}',
    en: '{indicator} needs {field} recorded',
  },
  'kpi.method_not_applicable': {
    'zh-Hans': '{indicator}不使用{field}',
    'zh-Hant': '{indicator}不使用{field}',
    en: '{field} does not apply to {indicator}',
  },
  'kpi.out_of_range': {
    'zh-Hans': '{indicator}的{field}须在 {min} 到 {max} 之间（{unit}）',
    'zh-Hant': '{indicator}的{field}須在 {min} 到 {max} 之間（{unit}）',
    en: '{indicator}: {field} must be between {min} and {max} ({unit})',
  },
  'kpi.duplicate_indicator': {
    'zh-Hans': '{indicator}在同一次提交中出现了不止一次',
    'zh-Hant': '{indicator}在同一次提交中出現了不止一次',
    en: '{indicator} appears more than once',
  },
  'kpi.month_in_future': {
    'zh-Hans': '{month} 尚未开始，还不能记录该月的 KPI',
    'zh-Hant': '{month} 尚未開始，還不能記錄該月的 KPI',
    en: 'month {month} has not begun: its KPIs cannot be recorded yet',
  },
  'kpi.range_reversed': {
    'zh-Hans': '起始月份 {from} 晚于结束月份 {to}',
    'zh-Hant': '起始月份 {from} 晚於結束月份 {to}',
    en: 'the first month {from} is after the last month {to}',
  },
  'kpi.method_unknown': {
    'zh-Hans': '本机构该月未记录{indicator}及其计算方法，无法与采用相同方法的机构对比',
    'zh-Hant': '本機構該月未記錄{indicator}及其計算方法，無法與採用相同方法的機構對比',
    en: '{indicator} was not recorded for this month with its method: there is no like-for-like cohort to compare with',
  },
} as const satisfies Catalog<`kpi.${string}`>;

/** The fields the KPI errors name ({field}). */
export const KPI_FIELD_NAMES = {
  value: { 'zh-Hans': '数值', 'zh-Hant': '數值', en: 'the value' },
  target: { 'zh-Hans': '目标值', 'zh-Hant': '目標值', en: 'the target' },
  thresholdSeconds: {
    'zh-Hans': '应答时限秒数 (thresholdSeconds)',
    'zh-Hant': '應答時限秒數 (thresholdSeconds)',
    en: 'the answer threshold in seconds (thresholdSeconds)',
  },
  abandons: {
    'zh-Hans': '放弃来电的计入方式 (abandons)',
    'zh-Hant': '放棄來電的計入方式 (abandons)',
    en: 'how abandoned contacts count (abandons)',
  },
  scale: { 'zh-Hans': '评分量表 (scale)', 'zh-Hant': '評分量表 (scale)', en: 'the rating scale (scale)' },
} as const satisfies Record<'value' | 'target' | keyof KpiMethod, Message>;

/** The units the KPI errors name ({unit}). */
export const KPI_UNIT_NAMES = {
  percent: { 'zh-Hans': '百分比', 'zh-Hant': '百分比', en: 'percent' },
  seconds: { 'zh-Hans': '秒', 'zh-Hant': '秒', en: 'seconds' },
  score: { 'zh-Hans': '分', 'zh-Hant': '分', en: 'score' },
  points: { 'zh-Hans': '分', 'zh-Hant': '分', en: 'points' },
} as const satisfies Record<KpiUnit, Message>;
