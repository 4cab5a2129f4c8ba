import { type Catalog, format, type Locale, localeFromTag, type Params } from '@ccmm/engine';

// Every error a client sees: a stable code, an HTTP status and a message in the reader's
// language. Areas add their codes here so one catalog holds every message.
const messages = {
  'request.invalid': {
    'zh-Hans': '请求内容不符合要求',
    'zh-Hant': '請求內容不符合要求',
    en: 'the request is not valid',
  },
  'request.body_too_large': {
    'zh-Hans': '请求内容过大（上限 {limit} 字节）',
    'zh-Hant': '請求內容過大（上限 {limit} 位元組）',
    en: 'the request body is too large (limit {limit} bytes)',
  },
  'request.unsupported_media_type': {
    'zh-Hans': '不支持的内容类型 {type}',
    'zh-Hant': '不支援的內容類型 {type}',
    en: 'unsupported content type {type}',
  },
  'request.malformed': {
    'zh-Hans': '请求内容无法解析：{reason}',
    'zh-Hant': '請求內容無法解析：{reason}',
    en: 'the request body cannot be parsed: {reason}',
  },
  'request.not_found': {
    'zh-Hans': '没有这个地址：{method} {url}',
    'zh-Hant': '沒有這個位址：{method} {url}',
    en: 'no such route: {method} {url}',
  },
  'request.too_many': {
    'zh-Hans': '请求过于频繁，请 {after} 后再试',
    'zh-Hant': '請求過於頻繁，請 {after} 後再試',
    en: 'too many requests: try again in {after}',
  },
  'request.nothing_to_change': {
    'zh-Hans': '没有要修改的内容：请至少提供以下字段之一：{fields}',
    'zh-Hant': '沒有要修改的內容：請至少提供以下欄位之一：{fields}',
    en: 'nothing to change: give at least one of the fields {fields}',
  },
  // Refused by the router, before any route: a path segment that is not valid percent-encoding,
  // or one longer than any id (see server-options.ts).
  'request.bad_url': {
    'zh-Hans': '地址中有无法解码的部分',
    'zh-Hant': '位址中有無法解碼的部分',
    en: 'part of the URL cannot be decoded',
  },
  'request.url_too_long': {
    'zh-Hans': '地址中有一段过长',
    'zh-Hant': '位址中有一段過長',
    en: 'a part of the URL is too long',
  },
  // Refused by the HTTP parser, before any header is read: the server answers these in Chinese
  // and English together (see server-options.ts).
  'request.headers_too_large': {
    'zh-Hans': '请求头或地址过长',
    'zh-Hant': '請求標頭或位址過長',
    en: 'the request headers or URL are too large',
  },
  'request.timeout': {
    'zh-Hans': '请求未能及时发送完毕',
    'zh-Hant': '請求未能及時傳送完畢',
    en: 'the request was not received in time',
  },
  'request.bad_http': {
    'zh-Hans': '无法解析的 HTTP 请求',
    'zh-Hant': '無法解析的 HTTP 請求',
    en: 'the HTTP request cannot be parsed',
  },
  'auth.required': {
    'zh-Hans': '请先登录',
    'zh-Hant': '請先登入',
    en: 'sign in first',
  },
  'auth.invalid_token': {
    'zh-Hans': '登录已失效，请重新登录',
    'zh-Hant': '登入已失效，請重新登入',
    en: 'the session has expired or is not valid: sign in again',
  },
  'auth.forbidden': {
    'zh-Hans': '您的角色无权执行此操作',
    'zh-Hant': '您的角色無權執行此操作',
    en: 'your role may not do this',
  },
  'auth.bad_credentials': {
    'zh-Hans': '邮箱或密码不正确',
    'zh-Hant': '電郵或密碼不正確',
    en: 'wrong e-mail or password',
  },
  'auth.too_many_attempts': {
    'zh-Hans': '登录失败次数过多，请 {after} 后再试',
    'zh-Hant': '登入失敗次數過多，請 {after} 後再試',
    en: 'too many failed sign-ins: try again in {after}',
  },
  'auth.account_inactive': {
    'zh-Hans': '该账户已停用，请联系管理员',
    'zh-Hant': '該帳戶已停用，請聯絡管理員',
    en: 'this account has been deactivated: ask your administrator',
  },
  'setup.done': {
    'zh-Hans': '系统已完成初始设置',
    'zh-Hant': '系統已完成初始設定',
    en: 'the installation is already set up',
  },
  'user.email_taken': {
    'zh-Hans': '邮箱 {email} 已被使用',
    'zh-Hant': '電郵 {email} 已被使用',
    en: 'the e-mail {email} is already in use',
  },
  'user.organization_required': {
    'zh-Hans': '中心用户必须属于一个机构',
    'zh-Hant': '中心用戶必須屬於一個機構',
    en: 'center users belong to an organization: give organizationId',
  },
  'user.organization_not_allowed': {
    'zh-Hans': '该角色不属于任何机构',
    'zh-Hant': '該角色不屬於任何機構',
    en: 'this role belongs to no organization: leave organizationId out',
  },
  'user.not_found': { 'zh-Hans': '用户不存在', 'zh-Hant': '用戶不存在', en: 'no such user' },
  'user.not_consultant': {
    'zh-Hans': '该用户不是顾问',
    'zh-Hant': '該用戶不是顧問',
    en: 'that user is not a consultant',
  },
  'user.not_auditor': {
    'zh-Hans': '用户 {id} 不是审核员',
    'zh-Hant': '用戶 {id} 不是審核員',
    en: 'user {id} is not an auditor',
  },
  'organization.not_found': {
    'zh-Hans': '机构不存在或无权查看',
    'zh-Hant': '機構不存在或無權查看',
    en: 'no such organization, or not yours to see',
  },
  'organization.field_reserved': {
    'zh-Hans': '{fields} 决定运营年限和可达等级，只能由认证机构修改',
    'zh-Hant': '{fields} 決定運營年限和可達等級，只能由認證機構修改',
    en: '{fields} decides operating years and so the levels within reach: only the certification body may change it',
  },
  'standard.not_found': {
    'zh-Hans': '没有标准版本 {ref}',
    'zh-Hant': '沒有標準版本 {ref}',
    en: 'no standard version {ref}',
  },
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
    'zh-Hant': '只有被指派的審核員（或自評估時本中心的用戶）可以評分',
    en: 'only the assigned auditors (or, in a self-assessment, the center’s users) may rate',
  },
  'assessment.incomplete': {
    'zh-Hans': '还有 {count} 个条目未评分，不能提交',
    'zh-Hant': '還有 {count} 個條目未評分，不能提交',
    en: '{count} clauses are not fully rated yet: the assessment cannot be submitted',
  },
  'assessment.before_opening': {
    'zh-Hans': '评估日期 {assessedOn} 早于机构开始运营日期 {operatingSince}',
    'zh-Hant': '評估日期 {assessedOn} 早於機構開始運營日期 {operatingSince}',
    en: 'the assessment date {assessedOn} is before the organization began operating ({operatingSince})',
  },
  'clause.unknown': {
    'zh-Hans': '{standard} 中没有条目 {clause}',
    'zh-Hant': '{standard} 中沒有條目 {clause}',
    en: 'clause {clause} is not in {standard}',
  },
  'rating.duplicate_clause': {
    'zh-Hans': '第 {line} 项：条目 {clause} 重复出现',
    'zh-Hant': '第 {line} 項：條目 {clause} 重複出現',
    en: 'entry {line}: clause {clause} appears twice',
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
  'evidence.not_found': {
    'zh-Hans': '证据不存在或无权查看',
    'zh-Hant': '證據不存在或無權查看',
    en: 'no such evidence, or not yours to see',
  },
  'evidence.not_contributor': {
    'zh-Hans': '只有被指派的审核员（或自评估时本中心的用户）可以添加或删除证据',
    'zh-Hant': '只有被指派的審核員（或自評估時本中心的用戶）可以新增或刪除證據',
    en: 'only the assigned auditors (or, in a self-assessment, the center’s users) may add or remove evidence',
  },
  'evidence.file_required': {
    'zh-Hans': '请在 file 字段中附上一个（且只一个）文件',
    'zh-Hant': '請在 file 欄位中附上一個（且只一個）檔案',
    en: 'attach exactly one file, in the field named file',
  },
  'evidence.empty': {
    'zh-Hans': '文件是空的',
    'zh-Hant': '檔案是空的',
    en: 'the file is empty',
  },
  'evidence.type_not_allowed': {
    'zh-Hans': '不接受此类文件（{type}）：可上传 PDF、图片、音频、视频、Office 文档和纯文本',
    'zh-Hant': '不接受此類檔案（{type}）：可上傳 PDF、圖片、音訊、影片、Office 文件和純文字',
    en: 'this kind of file is not accepted ({type}): upload PDF, images, audio, video, Office documents or plain text',
  },
  'evidence.no_clause': {
    'zh-Hans': '证据至少要关联一个条目',
    'zh-Hant': '證據至少要關聯一個條目',
    en: 'link the evidence to at least one clause',
  },
  // Evidence quotas (see EVIDENCE_MAX_* in config.ts): {limit} is readable, {bytes} exact.
  'evidence.quota_files': {
    'zh-Hans': '本评估的证据文件已达上限 {limit} 个：请先删除不需要的文件',
    'zh-Hant': '本評估的證據檔案已達上限 {limit} 個：請先刪除不需要的檔案',
    en: 'this assessment already holds its limit of {limit} evidence files: remove some before adding more',
  },
  'evidence.quota_bytes': {
    'zh-Hans': '加上此文件，本评估的证据文件总大小将超过上限 {limit}（{bytes} 字节）',
    'zh-Hant': '加上此檔案，本評估的證據檔案總大小將超過上限 {limit}（{bytes} 位元組）',
    en: 'this file would take the assessment’s evidence files over their limit of {limit} ({bytes} bytes) in total',
  },
  'evidence.quota_organization_bytes': {
    'zh-Hans': '加上此文件，本机构所有评估的证据文件总大小将超过上限 {limit}（{bytes} 字节）',
    'zh-Hant': '加上此檔案，本機構所有評估的證據檔案總大小將超過上限 {limit}（{bytes} 位元組）',
    en: 'this file would take the evidence files of all the organization’s assessments over their limit of {limit} ({bytes} bytes) in total',
  },
  // Certification: impartiality, review and decision, certificates.
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
  'certificate.not_found': {
    'zh-Hans': '证书不存在或无权查看',
    'zh-Hant': '證書不存在或無權查看',
    en: 'no such certificate, or not yours to see',
  },
  'certificate.withdrawn': {
    'zh-Hans': '证书已撤销，状态不能再改变',
    'zh-Hant': '證書已撤銷，狀態不能再改變',
    en: 'the certificate is withdrawn: its status cannot change any more',
  },
  'certificate.until_required': {
    'zh-Hans': '暂停证书须注明结束日期（不早于今天）',
    'zh-Hant': '暫停證書須註明結束日期（不早於今天）',
    en: 'a suspension needs an end date (today or later)',
  },
  // KPIs: monthly operating indicators of a center (per-entry problems come from the engine's checkKpi).
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
  // No count: the size of a small cohort would tell whether a known organization matches.
  'benchmark.cohort_too_small': {
    'zh-Hans': '符合条件的机构少于 {min} 家，不显示对比组，以免推知任何一家机构的数据',
    'zh-Hant': '符合條件的機構少於 {min} 家，不顯示對比組，以免推知任何一家機構的數據',
    en: 'fewer than {min} organizations match: a cohort this small is not shown, so that no one organization’s figures can be inferred',
  },
  // Benchmarks: comparisons, self-assessment against audit.
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
  'database.unavailable': {
    'zh-Hans': '数据库暂时无法连接，请稍后再试',
    'zh-Hant': '資料庫暫時無法連線，請稍後再試',
    en: 'the database cannot be reached just now: try again shortly',
  },
  'storage.full': {
    'zh-Hans': '服务器存储空间已满，未保存任何内容，请联系管理员',
    'zh-Hant': '伺服器儲存空間已滿，未儲存任何內容，請聯絡管理員',
    en: 'the server’s storage is full; nothing was saved: tell your administrator',
  },
  internal: {
    'zh-Hans': '服务器内部错误，请稍后再试',
    'zh-Hant': '伺服器內部錯誤，請稍後再試',
    en: 'something went wrong on the server: try again later',
  },
} satisfies Catalog<string>;

export type ErrorCode = keyof typeof messages;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    readonly params: Params = {},
    /** Extra machine-readable detail for the client (e.g. every bad line of an import). */
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}

export function messageFor(code: ErrorCode, locale: Locale, params: Params = {}): string {
  return format(messages[code], locale, params);
}

/** The reader's language: the first tag of Accept-Language, Chinese by default. */
export function requestLocale(acceptLanguage: string | undefined): Locale {
  return localeFromTag(acceptLanguage?.split(',')[0]?.split(';')[0]?.trim());
}

export const errors = {
  badRequest: (code: ErrorCode, params?: Params, details?: Record<string, unknown>) =>
    new AppError(code, 400, params, details),
  unauthorized: (code: ErrorCode = 'auth.required') => new AppError(code, 401),
  forbidden: (code: ErrorCode = 'auth.forbidden', params?: Params) => new AppError(code, 403, params),
  notFound: (code: ErrorCode, params?: Params) => new AppError(code, 404, params),
  conflict: (code: ErrorCode, params?: Params, details?: Record<string, unknown>) =>
    new AppError(code, 409, params, details),
  unprocessable: (code: ErrorCode, params?: Params, details?: Record<string, unknown>) =>
    new AppError(code, 422, params, details),
  tooMany: (code: ErrorCode, params?: Params) => new AppError(code, 429, params),
};
