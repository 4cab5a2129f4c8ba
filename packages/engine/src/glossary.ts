import type { Message } from './i18n.ts';

// The domain's words, one term each, as every catalogue (engine, CLI, ratings-csv, web, PDFs,
// API errors) must write them. tests/i18n scans the catalogues for the `wrong` variants.
// The practice (ISO/IEC 17021-1): auditors *audit* a center (审核/審核); the certification body
// *reviews* the audit and decides (评审/評審). A certification or surveillance assessment is an
// audit, so it is 认证审核 / 监督审核, never 认证评审 / 监督评审; the body's reviewer is a 评审员.

export type GlossaryTerm = {
  readonly id: string;
  readonly term: Message;
  /** What the term means here, for whoever writes a new string. */
  readonly note: string;
  /** Variants that say something else or drifted, as regular-expression sources. */
  readonly wrong: readonly string[];
};

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    id: 'audit',
    term: { 'zh-Hans': '审核', 'zh-Hant': '審核', en: 'audit' },
    note: 'What auditors do on site: rate the clauses. Its people are 审核员 (auditors).',
    wrong: ['稽核'],
  },
  {
    id: 'review',
    term: { 'zh-Hans': '评审', 'zh-Hant': '評審', en: 'review' },
    note: "The body's review of an audit before it decides the level (评审中, 认证机构评审员).",
    wrong: ['审核中', '審核中', '机构审核员', '機構審核員'],
  },
  {
    id: 'certification-audit',
    term: { 'zh-Hans': '认证审核', 'zh-Hant': '認證審核', en: 'certification audit' },
    note: 'The initial (or re-) certification audit, an assessment kind.',
    wrong: ['认证评审', '認證評審', '认证评估', '認證評估'],
  },
  {
    id: 'surveillance-audit',
    term: { 'zh-Hans': '监督审核', 'zh-Hant': '監督審核', en: 'surveillance audit' },
    note: 'The yearly audit between certification and recertification.',
    wrong: ['监督评审', '監督評審', '年审', '年審', '监察审核', '監察審核'],
  },
  {
    id: 'clause',
    term: { 'zh-Hans': '条目', 'zh-Hant': '條目', en: 'clause' },
    note: 'One numbered requirement of the standard (168 in CC-CMM-OC 2017).',
    wrong: ['条款', '條款'],
  },
  {
    id: 'c-rate',
    term: { 'zh-Hans': '方法合规', 'zh-Hant': '方法合規', en: 'C-Rate (method compliance)' },
    note: 'C-Rate: is the method right (documented, designed, owned).',
    wrong: ['方法符合', '方法合格', '方法達標', '方法达标'],
  },
  {
    id: 'f-rate',
    term: { 'zh-Hans': '执行到位', 'zh-Hant': '執行到位', en: 'F-Rate (carried out)' },
    note: 'F-Rate: is it carried out (evidence of practice).',
    wrong: ['执行合规', '執行合規', '执行符合', '執行符合'],
  },
  {
    id: 'self-assessment',
    term: { 'zh-Hans': '自评估', 'zh-Hant': '自評估', en: 'self-assessment' },
    note: 'The center rates itself; 自评 is its short form in tight labels.',
    wrong: ['自我评估', '自我評估', '自审', '自審'],
  },
  {
    id: 'certification',
    term: { 'zh-Hans': '认证', 'zh-Hant': '認證', en: 'certification' },
    note: 'The body attests a level; not 认定 or 鉴定.',
    wrong: ['认定机构', '認定機構', '等级认定', '等級認定', '鉴定', '鑑定'],
  },
  {
    id: 'certificate',
    term: { 'zh-Hans': '证书', 'zh-Hant': '證書', en: 'certificate' },
    note: 'What the body issues, with a number anyone can verify.',
    wrong: ['证照', '證照', '憑證編號', '凭证编号'],
  },
  {
    id: 'level-1',
    term: { 'zh-Hans': '应用级', 'zh-Hant': '應用級', en: 'Application' },
    note: 'L1.',
    wrong: ['应用等级', '應用等級'],
  },
  {
    id: 'level-2',
    term: { 'zh-Hans': '专业级', 'zh-Hant': '專業級', en: 'Professional' },
    note: 'L2.',
    wrong: ['专业等级', '專業等級'],
  },
  {
    id: 'level-3',
    term: { 'zh-Hans': '标杆级', 'zh-Hant': '標桿級', en: 'Benchmark' },
    note: 'L3. The standard writes 標桿級 (not OpenCC’s 標杆級).',
    wrong: ['標杆級', '标竿级', '標竿級'],
  },
  {
    id: 'level-4',
    term: { 'zh-Hans': '精益级', 'zh-Hant': '精益級', en: 'Lean' },
    note: 'L4.',
    wrong: ['精益等级', '精益等級'],
  },
  {
    id: 'level-5',
    term: { 'zh-Hans': '卓越级', 'zh-Hant': '卓越級', en: 'Excellence' },
    note: 'L5.',
    wrong: ['卓越等级', '卓越等級'],
  },
];

/**
 * What OpenCC (cn → tw, character conversion) gets wrong or un-Taiwanese in this product's
 * strings, applied in order after it by the zh-Hant generator (tests/i18n). Each pair is
 * [OpenCC's output, the wording to use]. cn → twp (phrase conversion) was measured and matched
 * fewer hand-written strings: it turns 审核 into 稽核, against the glossary.
 */
export const HANT_PHRASES: readonly (readonly [string, string])[] = [
  ['標杆', '標桿'], // official level name 標桿級
  ['隻', '只'], // OpenCC reads 只 (only) as the measure word 隻
  ['平臺', '平台'],
  ['退出登錄', '登出'],
  ['無需登錄', '無需登入'],
  ['登錄', '登入'],
  ['運營', '營運'],
  ['電子郵箱', '電子郵件'],
  ['郵箱', '電郵'],
  ['當前', '目前'],
  ['只讀', '唯讀'],
  ['保存', '儲存'],
  ['創建', '建立'],
  ['添加', '新增'],
  ['單元格', '儲存格'],
  ['導入', '匯入'],
  ['導出', '匯出'],
  ['文件', '檔案'],
  ['檔案審核', '文件審查'], // stage 1 reviews paper documents, not computer files
  ['鬆開', '放開'],
  ['可選', '選填'],
  ['同行', '同業'],
  ['用戶', '使用者'],
  ['設置', '設定'],
  ['字符', '字元'],
  ['字段', '欄位'],
  ['打開', '開啟'],
  ['實時', '即時'],
  ['加載', '載入'],
  ['鏈接', '連結'],
  ['電子表格', '試算表'],
  ['文本', '文字'],
  ['生成時間', '產生時間'],
  ['通過評分', '透過評分'],
  ['列，應為 3 或 4 列', '欄，應為 3 或 4 欄'], // CSV columns, not rows
  ['信息', '資訊'],
  ['數據點', '資料點'],
  ['機構數據', '機構資料'],
  ['決定記錄', '決定紀錄'],
  ['狀態記錄', '狀態紀錄'],
  ['查看記錄', '查看紀錄'],
  ['“', '「'],
  ['”', '」'],
  ['‘', '『'],
  ['’', '』'],
  // API errors (HTTP, the server, evidence files): the words a Taiwanese reader expects.
  ['字節', '位元組'],
  ['不支持', '不支援'],
  ['請求頭', '請求標頭'],
  ['地址', '位址'],
  ['發送', '傳送'],
  ['賬戶', '帳戶'],
  ['聯繫', '聯絡'],
  ['刷新', '重新整理'],
  ['音頻', '音訊'],
  ['視頻', '影片'],
  ['文檔', '文件'],
  ['數據庫', '資料庫'],
  ['連接', '連線'],
  ['服務器', '伺服器'],
  ['存儲', '儲存'],
];
