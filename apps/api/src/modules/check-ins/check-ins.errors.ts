// The errors of check-ins (presence on record).
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const checkInErrors = {
  'check_in.not_found': {
    'zh-Hans': '签到记录不存在或无权查看',
    'zh-Hant': '簽到記錄不存在或無權查看',
    en: 'no such check-in, or not yours to see',
  },
  'check_in.not_team': {
    'zh-Hans': '只有被指派到本次审核的审核员可以签到和签退',
    'zh-Hant': '只有被指派到本次審核的審核員可以簽到和簽退',
    en: 'only the auditors assigned to this audit check in and out',
  },
  'check_in.not_audit': {
    'zh-Hans': '自评没有现场审核，不需要签到',
    'zh-Hant': '自評沒有現場審核，不需要簽到',
    en: 'a self-assessment has no on-site audit to check in to',
  },
  'check_in.audit_closed': {
    'zh-Hans': '该审核已作出决定（{status}），不能再签到',
    'zh-Hant': '該審核已作出決定（{status}），不能再簽到',
    en: 'the audit is decided ({status}): no more check-ins',
  },
  'check_in.id_taken': {
    'zh-Hans': '这个签到编号已被另一条签到记录使用',
    'zh-Hant': '這個簽到編號已被另一條簽到記錄使用',
    en: 'another check-in already has this id',
  },
  'check_in.in_future': {
    'zh-Hans': '签到时间（{at}）晚于服务器时间一天以上：请检查设备的日期和时间',
    'zh-Hant': '簽到時間（{at}）晚於伺服器時間一天以上：請檢查設備的日期和時間',
    en: 'the check-in’s time ({at}) is more than a day after the server’s: check the device’s date and time',
  },
  'check_in.photo_not_image': {
    'zh-Hans': '签到照片必须是图片（收到的是 {type}）',
    'zh-Hant': '簽到照片必須是圖片（收到的是 {type}）',
    en: 'a check-in’s photo must be an image (this is {type})',
  },
  'check_in.not_far': {
    'zh-Hans': '这条签到在中心场所附近，不需要说明',
    'zh-Hant': '這條簽到在中心場所附近，不需要說明',
    en: 'this check-in was near the center’s site: it needs no explanation',
  },
} as const satisfies Catalog<`check_in.${string}`>;
