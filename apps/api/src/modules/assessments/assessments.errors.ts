// The errors of assessments: starting, rating rights, submitting.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const assessmentErrors = {
  'assessment.not_found': {
    'zh-Hans': '评估不存在或无权查看',
    'zh-Hant': '評估不存在或無權查看',
    en: 'no such assessment, or not yours to see',
  },
  'assessment.kind_not_allowed': {
    'zh-Hans': '中心只能发起自评估',
    'zh-Hant': '中心只能發起自評估',
    en: 'a center can start self-assessments only',
  },
  'assessment.closed': {
    'zh-Hans': '评估状态为“{status}”，评分已不可修改',
    'zh-Hant': '評估狀態為「{status}」，評分已不可修改',
    en: 'the assessment is {status}: its ratings can no longer change',
  },
  'assessment.not_rater': {
    'zh-Hans': '只有被指派的审核员（或自评估时本中心的用户）可以评分',
    'zh-Hant': '只有被指派的審核員（或自評估時本中心的使用者）可以評分',
    en: 'only the assigned auditors (or, in a self-assessment, the center’s users) may rate',
  },
  'assessment.sealed': {
    'zh-Hans': '审核提交前，被审核的中心看不到评分、备注、证据和总分',
    'zh-Hant': '審核提交前，被審核的中心看不到評分、備註、證據和總分',
    en: 'the audited center sees the ratings, notes, evidence and total once the audit is submitted',
  },
  'assessment.incomplete': {
    'zh-Hans': '还有 {count} 个条目未评分，不能提交',
    'zh-Hant': '還有 {count} 個條目未評分，不能提交',
    en: '{count} clauses are not fully rated yet: the assessment cannot be submitted',
  },
  'assessment.before_opening': {
    'zh-Hans': '评估日期 {assessedOn} 早于机构开始运营日期 {operatingSince}',
    'zh-Hant': '評估日期 {assessedOn} 早於機構開始營運日期 {operatingSince}',
    en: 'the assessment date {assessedOn} is before the organization began operating ({operatingSince})',
  },
  'assessment.sample_not_surveillance': {
    'zh-Hans': '只有监督审核可以选择抽样',
    'zh-Hant': '只有監督審核可以選擇抽樣',
    en: 'only a surveillance audit takes a sample',
  },
  'assessment.sample_empty': {
    'zh-Hans': '抽样至少要包含一个条目',
    'zh-Hant': '抽樣至少要包含一個條目',
    en: 'the sample must hold at least one clause',
  },
  'assessment.sample_unknown': {
    'zh-Hans': '标准 {standard} 中没有抽样里的领域 {domains} 或条目 {clauses}',
    'zh-Hant': '標準 {standard} 中沒有抽樣裡的領域 {domains} 或條目 {clauses}',
    en: 'the standard {standard} has no domain {domains} or clause {clauses} of the sample',
  },
  'assessment.not_self': {
    'zh-Hans': '上一次审核的评分只显示在自评估旁，审核时不显示',
    'zh-Hant': '上一次審核的評分只顯示在自評估旁，審核時不顯示',
    en: 'the last audit’s ratings are shown beside a self-assessment only, never in an audit',
  },
  'assessment.start_from_not_self': {
    'zh-Hans': '只有自评估可以从上一次评估或上一次审核开始',
    'zh-Hant': '只有自評估可以從上一次評估或上一次審核開始',
    en: 'only a self-assessment can start from the previous one or from the last audit',
  },
  'assessment.no_previous': {
    'zh-Hans': '该机构在标准 {standard} 上还没有自评估，无从复制',
    'zh-Hant': '該機構在標準 {standard} 上還沒有自評估，無從複製',
    en: 'the organization has no self-assessment on {standard} to start from',
  },
  'assessment.no_last_audit': {
    'zh-Hans': '该机构在标准 {standard} 上还没有已提交的审核，无从复制',
    'zh-Hant': '該機構在標準 {standard} 上還沒有已提交的審核，無從複製',
    en: 'the organization has no submitted audit on {standard} to start from',
  },
  'assessment.nothing_to_carry': {
    'zh-Hans': '该机构在标准 {standard} 上没有已作出决定的审核，监督审核无评分可沿用',
    'zh-Hant': '該機構在標準 {standard} 上沒有已作出決定的審核，監督審核無評分可沿用',
    en: 'the organization has no decided audit on {standard}: a surveillance audit has no ratings to carry over',
  },
  'assessment.sample_unconfirmed': {
    'zh-Hans': '抽样中还有 {count} 个条目沿用上次审核的评分，尚未确认或修改，不能提交',
    'zh-Hant': '抽樣中還有 {count} 個條目沿用上次審核的評分，尚未確認或修改，不能提交',
    en: '{count} sampled clauses still hold the ratings carried over from the last audit, neither confirmed nor changed: the audit cannot be submitted',
  },
  'assessment.stage1_required': {
    'zh-Hans': '首次认证须先完成第一阶段审核：该机构在 {assessedOn} 前没有该标准的第一阶段审核记录',
    'zh-Hant': '首次認證須先完成第一階段審核：該機構在 {assessedOn} 前沒有該標準的第一階段審核記錄',
    en: 'an initial certification needs stage 1 first: the organization has no stage 1 audit on this standard by {assessedOn}',
  },
  'assessment.stage1_not_ready': {
    'zh-Hans':
      '{reviewedOn} 的第一阶段审核结论为“未就绪”：须再次进行第一阶段审核并确认就绪，才能安排第二阶段审核',
    'zh-Hant':
      '{reviewedOn} 的第一階段審核結論為「未就緒」：須再次進行第一階段審核並確認就緒，才能安排第二階段審核',
    en: 'the stage 1 audit of {reviewedOn} found the organization not ready: stage 2 needs a later stage 1 that finds it ready',
  },
  'assessment.stage1_expired': {
    'zh-Hans':
      '第一阶段审核（{reviewedOn}）距第二阶段审核日期 {assessedOn} 超过 {months} 个月，须重新进行第一阶段审核',
    'zh-Hant':
      '第一階段審核（{reviewedOn}）距第二階段審核日期 {assessedOn} 超過 {months} 個月，須重新進行第一階段審核',
    en: 'the stage 1 audit ({reviewedOn}) is more than {months} months before the stage 2 date {assessedOn}: stage 1 must be held again',
  },
  'assessment.proposals_unconfirmed': {
    'zh-Hans': '还有 {count} 个条目的评分是转换版本时的建议（拆分或合并的条目），尚未确认或修改，不能提交',
    'zh-Hant': '還有 {count} 個條目的評分是轉換版本時的建議（拆分或合併的條目），尚未確認或修改，不能提交',
    en: '{count} clauses still hold ratings proposed when the assessment moved edition (split or merged clauses), neither confirmed nor changed: it cannot be submitted',
  },
  'assessment.move_closed': {
    'zh-Hans': '评估状态为“{status}”：只有进行中的评估才能转到新版本',
    'zh-Hant': '評估狀態為「{status}」：只有進行中的評估才能轉到新版本',
    en: 'the assessment is {status}: only an open assessment moves to another edition',
  },
  'assessment.move_same': {
    'zh-Hans': '评估已在 {ref} 上',
    'zh-Hant': '評估已在 {ref} 上',
    en: 'the assessment is on {ref} already',
  },
  'assessment.move_blocked': {
    'zh-Hans': '评估已有{what}，其条目编号属于当前版本：请先处理后再转换版本',
    'zh-Hant': '評估已有{what}，其條目編號屬於目前版本：請先處理後再轉換版本',
    en: 'the assessment has {what}, numbered in its current edition: settle them before moving it',
  },
} as const satisfies Catalog<`assessment.${string}`>;
