// The errors of certification: impartiality (conflicts of interest), the body's review and decision.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const certificationErrors = {
  'conflict.dates_reversed': {
    'zh-Hans': '开始日期 {since} 晚于结束日期 {until}',
    'zh-Hant': '開始日期 {since} 晚於結束日期 {until}',
    en: 'the start date {since} is after the end date {until}',
  },
  'impartiality.conflict': {
    'zh-Hans': '审核员 {name} 与该机构存在利益冲突（{kind}），不能被指派',
    'zh-Hant': '審核員 {name} 與該機構存在利益衝突（{kind}），不能被指派',
    en: 'auditor {name} has a conflict of interest with this organization ({kind}) and cannot be assigned',
  },
  'certification.not_an_audit': {
    'zh-Hans': '只有认证审核或监督审核才能评审和决定',
    'zh-Hant': '只有認證審核或監督審核才能評審和決定',
    en: 'only certification and surveillance audits are reviewed and decided',
  },
  'certification.not_submitted': {
    'zh-Hans': '评估状态为“{status}”：须先提交才能评审和决定',
    'zh-Hant': '評估狀態為「{status}」：須先提交才能評審和決定',
    en: 'the assessment is {status}: it must be submitted before it is reviewed and decided',
  },
  'certification.reviewer_is_auditor': {
    'zh-Hans': '您是该次审核的审核员，不能评审或决定它',
    'zh-Hant': '您是該次審核的審核員，不能評審或決定它',
    en: 'you audited this assessment: you may not review or decide it',
  },
  'certification.level_required': {
    'zh-Hans': '授予认证须注明等级',
    'zh-Hant': '授予認證須註明等級',
    en: 'a certification names the level',
  },
  'certification.level_exceeds_eligibility': {
    'zh-Hans': '等级 L{level} 高于评分所达到的等级 L{eligible}',
    'zh-Hant': '等級 L{level} 高於評分所達到的等級 L{eligible}',
    en: 'level L{level} is above the level the ratings reach (L{eligible})',
  },
  'certification.reason_required': {
    'zh-Hans': '请写明理由',
    'zh-Hant': '請寫明理由',
    en: 'give a written reason',
  },
  'certification.comments_required': {
    'zh-Hans': '退回审核员时请写明意见',
    'zh-Hant': '退回審核員時請寫明意見',
    en: 'returning the audit to its auditors needs comments',
  },
  'certification.certificate_outstanding': {
    'zh-Hans': '该评估的证书 {number} 仍然有效：须先撤销才能作出新的决定',
    'zh-Hant': '該評估的證書 {number} 仍然有效：須先撤銷才能作出新的決定',
    en: 'certificate {number} of this assessment still stands: withdraw it before a new decision',
  },
  'certification.skips_levels': {
    'zh-Hans': '所定等级 L{to} 越过了 L{skipped}：机构现有证书为 L{from}，等级通常逐级提升',
    'zh-Hant': '所定等級 L{to} 越過了 L{skipped}：機構現有證書為 L{from}，等級通常逐級提升',
    en: 'level L{to} skips L{skipped}: the organization’s current certificate is L{from}, and levels are usually reached one at a time',
  },
  'certification.skips_levels_first': {
    'zh-Hans': '所定等级 L{to} 越过了 L{skipped}：机构尚无证书，等级通常从 L1 起逐级提升',
    'zh-Hant': '所定等級 L{to} 越過了 L{skipped}：機構尚無證書，等級通常從 L1 起逐級提升',
    en: 'level L{to} skips L{skipped}: the organization holds no certificate yet, and levels are usually reached from L1 up',
  },
  'decision.outcome_not_for_kind': {
    'zh-Hans': '“{outcome}”不适用于{kind}审核：可选的决定为 {allowed}',
    'zh-Hant': '「{outcome}」不適用於{kind}審核：選填的決定為 {allowed}',
    en: '“{outcome}” is not a decision on a {kind} audit: it may be {allowed}',
  },
  'decision.no_current_certificate': {
    'zh-Hans': '该机构在此标准下没有有效或暂停的证书：监督审核的决定无从作出',
    'zh-Hant': '該機構在此標準下沒有有效或暫停的證書：監督審核的決定無從作出',
    en: 'the organization holds no active or suspended certificate on this standard for the surveillance decision to act on',
  },
  'decision.raise_needs_recertification': {
    'zh-Hans': '监督审核不能提高等级（现为 L{current}，所定 L{level}）：提高等级须经再认证或特别审核',
    'zh-Hant': '監督審核不能提高等級（現為 L{current}，所定 L{level}）：提高等級須經再認證或特別審核',
    en: 'a surveillance audit never raises the level (now L{current}, asked L{level}): a raise needs a recertification or a special audit',
  },
  'decision.level_not_lower': {
    'zh-Hans': '降级须低于现有等级 L{current}',
    'zh-Hant': '降級須低於現有等級 L{current}',
    en: 'lowering needs a level below the current L{current}',
  },
  'decision.maintain_exceeds_eligibility': {
    'zh-Hans': '监督审核的评分只达到 L{eligible}，不能保持 L{current}：请降级、暂停或撤销',
    'zh-Hant': '監督審核的評分只達到 L{eligible}，不能保持 L{current}：請降級、暫停或撤銷',
    en: 'the surveillance ratings reach L{eligible} only, not the current L{current}: lower, suspend or withdraw',
  },
  'decision.until_required': {
    'zh-Hans': '暂停须注明整改期限（晚于决定日期，不超过 {months} 个月）',
    'zh-Hant': '暫停須註明整改期限（晚於決定日期，不超過 {months} 個月）',
    en: 'a suspension needs a deadline (after the decision, at most {months} months away)',
  },
  'decision.surveillance_decided': {
    'zh-Hans': '该监督审核已作出决定并已记入证书：如需更改，请进行新的审核',
    'zh-Hant': '該監督審核已作出決定並已記入證書：如需更改，請進行新的審核',
    en: 'this surveillance audit is decided and recorded on the certificate: a change needs a new audit',
  },
  'decision.open_findings': {
    'zh-Hans':
      '还有 {count} 项发现项未关闭（编号 {numbers}）：严重不符合项须经验证纠正，一般不符合项须有已接受的纠正计划',
    'zh-Hant':
      '還有 {count} 項發現項未關閉（編號 {numbers}）：嚴重不符合項須經驗證糾正，一般不符合項須有已接受的糾正計劃',
    en: '{count} findings are still open (numbers {numbers}): a major nonconformity needs a verified correction, a minor one an accepted plan',
  },
  'decision.onsite_audit_expired': {
    'zh-Hans': '严重不符合项在现场审核后 6 个月内（至 {limit}）未经验证纠正：须重新进行现场审核',
    'zh-Hant': '嚴重不符合項在現場審核後 6 個月內（至 {limit}）未經驗證糾正：須重新進行現場審核',
    en: 'a major nonconformity was not verified as corrected within 6 months of the on-site audit (by {limit}): the on-site audit must be repeated',
  },
  'decision.certificate_suspended': {
    'zh-Hans': '证书 {number} 已暂停：可保持、降级（并恢复）或撤销',
    'zh-Hant': '證書 {number} 已暫停：可保持、降級（並恢復）或撤銷',
    en: 'certificate {number} is already suspended: maintain or lower it (lifting the suspension) or withdraw it',
  },
} as const satisfies Catalog<
  `certification.${string}` | `impartiality.${string}` | `conflict.${string}` | `decision.${string}`
>;
