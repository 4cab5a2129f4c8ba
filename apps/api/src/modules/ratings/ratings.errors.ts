// The errors of rating clauses, one at a time or imported.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const ratingErrors = {
  'rating.duplicate_clause': {
    'zh-Hans': '第 {line} 项：条目 {clause} 重复出现',
    'zh-Hant': '第 {line} 項：條目 {clause} 重複出現',
    en: 'entry {line}: clause {clause} appears twice',
  },
  'rating.reason_required': {
    'zh-Hans': '评分员对条目 {clause} 的评分不一致：确定团队评分须写明理由',
    'zh-Hant': '評分員對條目 {clause} 的評分不一致：確定團隊評分須寫明理由',
    en: 'the raters disagree on clause {clause}: the team rating needs a reason',
  },
  'rating.not_lead': {
    'zh-Hans': '只有组长审核员可以确定团队评分',
    'zh-Hant': '只有組長審核員可以確定團隊評分',
    en: 'only the lead auditor sets the team ratings',
  },
  'rating.not_team_audit': {
    'zh-Hans': '此评估只有一位评分员：其评分即团队评分',
    'zh-Hant': '此評估只有一位評分員：其評分即團隊評分',
    en: 'this assessment has one rater: their rating is the team rating',
  },
  'rating.layers_hidden': {
    'zh-Hans': '各评分员的评分只对认证机构和审核组可见（盲评时在协调开始前只对组长可见）',
    'zh-Hant': '各評分員的評分只對認證機構和審核組可見（盲評時在協調開始前只對組長可見）',
    en: 'each rater’s ratings are shown to the certification body and the audit team only (in a blind audit, to the lead until reconciliation starts)',
  },
  'rating.conflict': {
    'zh-Hans': '条目 {clause} 已被他人修改（当前版本 {current}），请刷新后再改',
    'zh-Hant': '條目 {clause} 已被他人修改（目前版本 {current}），請重新整理後再改',
    en: 'clause {clause} was changed by someone else (now version {current}): reload it and try again',
  },
  'rating.import_refused': {
    'zh-Hans': '导入内容有 {count} 处问题，未作任何更改',
    'zh-Hant': '匯入內容有 {count} 處問題，未作任何更改',
    en: 'the import has {count} problems; nothing was changed',
  },
} as const satisfies Catalog<`rating.${string}`>;
