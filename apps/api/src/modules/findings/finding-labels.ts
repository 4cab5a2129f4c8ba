import type { Catalog, FindingKind, FindingState } from '@ccmm/engine';

// The names of findings' kinds and states in documents the API writes (the findings export,
// the assessment report); zh-Hant generated: pnpm derive-hant.

export const FINDING_KIND_NAMES = {
  major: { 'zh-Hans': '严重不符合项', 'zh-Hant': '嚴重不符合項', en: 'Major nonconformity' },
  minor: { 'zh-Hans': '一般不符合项', 'zh-Hant': '一般不符合項', en: 'Minor nonconformity' },
  observation: { 'zh-Hans': '观察项', 'zh-Hant': '觀察項', en: 'Observation' },
  improvement: { 'zh-Hans': '改进机会', 'zh-Hant': '改進機會', en: 'Opportunity for improvement' },
} as const satisfies Catalog<FindingKind>;

export const FINDING_STATE_NAMES = {
  open: { 'zh-Hans': '待提交计划', 'zh-Hant': '待提交計劃', en: 'awaiting a plan' },
  plan_submitted: { 'zh-Hans': '计划待评审', 'zh-Hant': '計劃待評審', en: 'plan to review' },
  plan_accepted: { 'zh-Hans': '计划已接受', 'zh-Hant': '計劃已接受', en: 'plan accepted' },
  correction_submitted: { 'zh-Hans': '纠正待验证', 'zh-Hant': '糾正待驗證', en: 'correction to verify' },
  verified: { 'zh-Hans': '已验证', 'zh-Hant': '已驗證', en: 'verified' },
} as const satisfies Catalog<FindingState>;
