import type { Catalog } from '@ccmm/engine';

export const cliMessages = {
  usage: {
    'zh-Hans': `用法：
  ccmm eligibility --scores 文件.csv --years N [--standard cc-cmm-oc@2017] [--json] [--lang zh-Hans|zh-Hant|en]
  ccmm validate-standard 文件.yaml [--json] [--lang …]
  ccmm backup 文件.ccmm.gz        备份数据库（DATA_DIR 或 DATABASE_URL）、证据文件与密钥
  ccmm restore 文件.ccmm.gz       恢复到空数据库，并校验每条审计链与每张证书的签名
  ccmm push-kpis 文件.csv|文件.json --server URL --organization ID
                                  把月度 KPI 上传到服务器（API 密钥取自 CCMM_API_KEY，范围 kpis:write）
  ccmm export --server URL --assessment ID [--format csv|xlsx|json] [--out 文件]
                                  导出评估的评分（范围 assessments:read；xlsx 需要 --out）

评分文件格式：UTF-8 CSV，表头 clause,c_rate,f_rate[,note]；评分为 0、5、10，留空表示未评。
KPI 文件：UTF-8 CSV，表头 month,indicator,value[,target,threshold_seconds,abandons,scale]；
或 JSON：{ "month": "2026-05", "values": [{ "indicator": "asa", "value": 21, "target": 30 }] }，或这样的数组。`,
    'zh-Hant': `用法：
  ccmm eligibility --scores 檔案.csv --years N [--standard cc-cmm-oc@2017] [--json] [--lang zh-Hans|zh-Hant|en]
  ccmm validate-standard 檔案.yaml [--json] [--lang …]
  ccmm backup 檔案.ccmm.gz        備份資料庫（DATA_DIR 或 DATABASE_URL）、證據檔案與密鑰
  ccmm restore 檔案.ccmm.gz       恢復到空資料庫，並校驗每條審計鏈與每張證書的簽名
  ccmm push-kpis 檔案.csv|檔案.json --server URL --organization ID
                                  把月度 KPI 上傳到伺服器（API 密鑰取自 CCMM_API_KEY，範圍 kpis:write）
  ccmm export --server URL --assessment ID [--format csv|xlsx|json] [--out 檔案]
                                  匯出評估的評分（範圍 assessments:read；xlsx 需要 --out）

評分檔案格式：UTF-8 CSV，表頭 clause,c_rate,f_rate[,note]；評分為 0、5、10，留空表示未評。
KPI 檔案：UTF-8 CSV，表頭 month,indicator,value[,target,threshold_seconds,abandons,scale]；
或 JSON：{ "month": "2026-05", "values": [{ "indicator": "asa", "value": 21, "target": 30 }] }，或這樣的數組。`,
    en: `usage:
  ccmm eligibility --scores FILE.csv --years N [--standard cc-cmm-oc@2017] [--json] [--lang zh-Hans|zh-Hant|en]
  ccmm validate-standard FILE.yaml [--json] [--lang …]
  ccmm backup FILE.ccmm.gz        back up the database (DATA_DIR or DATABASE_URL), evidence files and secrets
  ccmm restore FILE.ccmm.gz       restore into an empty database, then verify every trail and certificate signature
  ccmm push-kpis FILE.csv|FILE.json --server URL --organization ID
                                  send monthly KPIs to a server (the API key from CCMM_API_KEY, scope kpis:write)
  ccmm export --server URL --assessment ID [--format csv|xlsx|json] [--out FILE]
                                  export an assessment's ratings (scope assessments:read; xlsx needs --out)

Scores file: UTF-8 CSV with the header clause,c_rate,f_rate[,note]; ratings 0, 5 or 10, empty for unscored.
KPI file: UTF-8 CSV with the header month,indicator,value[,target,threshold_seconds,abandons,scale];
or JSON: { "month": "2026-05", "values": [{ "indicator": "asa", "value": 21, "target": 30 }] }, or an array of these.`,
  },
  backupWritten: {
    'zh-Hans': '已备份到 {file}：{tables} 张表共 {rows} 行，{files} 个文件，{bytes} 字节',
    'zh-Hant': '已備份到 {file}：{tables} 張表共 {rows} 行，{files} 個檔案，{bytes} 位元組',
    en: 'backed up to {file}: {rows} rows in {tables} tables, {files} files, {bytes} bytes',
  },
  restoreDone: {
    'zh-Hans': '已从 {file} 恢复：{tables} 张表共 {rows} 行，{files} 个文件',
    'zh-Hant': '已從 {file} 恢復：{tables} 張表共 {rows} 行，{files} 個檔案',
    en: 'restored from {file}: {rows} rows in {tables} tables, {files} files',
  },
  trailsChecked: {
    'zh-Hans': '评分审计链：{checked} 个评估共 {entries} 条记录，断裂 {broken} 条',
    'zh-Hant': '評分審計鏈：{checked} 個評估共 {entries} 條記錄，斷裂 {broken} 條',
    en: 'rating trails: {checked} assessments, {entries} entries, {broken} broken',
  },
  certificatesChecked: {
    'zh-Hans': '证书签名：{checked} 张，无效 {invalid} 张',
    'zh-Hant': '證書籤名：{checked} 張，無效 {invalid} 張',
    en: 'certificate signatures: {checked} certificates, {invalid} invalid',
  },
  integrityFailed: {
    'zh-Hans': '校验未通过：{list}',
    'zh-Hant': '校驗未通過：{list}',
    en: 'verification failed: {list}',
  },
  restoreNotEmpty: {
    'zh-Hans':
      '拒绝恢复：目标不是空的（{detail}），只能恢复到空数据库（新的 DATA_DIR 或空的 PostgreSQL 数据库）。',
    'zh-Hant':
      '拒絕恢復：目標不是空的（{detail}），只能恢復到空資料庫（新的 DATA_DIR 或空的 PostgreSQL 資料庫）。',
    en: 'restore refused: the target is not empty ({detail}); restore only into an empty database (a new DATA_DIR or an empty PostgreSQL database).',
  },
  backupBadFile: {
    'zh-Hans': '不是可用的备份文件：{detail}',
    'zh-Hant': '不是可用的備份檔案：{detail}',
    en: 'not a usable backup file: {detail}',
  },
  backupOtherVersion: {
    'zh-Hans': '版本不符：{detail}',
    'zh-Hant': '版本不符：{detail}',
    en: 'another version: {detail}',
  },
  backupMigrationsPending: {
    'zh-Hans': '数据库尚未迁移到本版本：{detail}',
    'zh-Hant': '資料庫尚未遷移到本版本：{detail}',
    en: 'the database is not migrated to this version: {detail}',
  },
  backupContents: {
    'zh-Hans': '其中 {contents} 份证据内容取自 S3 存储桶',
    'zh-Hant': '其中 {contents} 份證據內容取自 S3 儲存桶',
    en: 'of which {contents} evidence contents streamed from the S3 bucket',
  },
  restoreContentsBucket: {
    'zh-Hans': '{contents} 份证据内容已放入 S3 存储桶（S3_BUCKET）',
    'zh-Hant': '{contents} 份證據內容已放入 S3 儲存桶（S3_BUCKET）',
    en: '{contents} evidence contents put into the S3 bucket (S3_BUCKET)',
  },
  restoreContentsDatabase: {
    'zh-Hans': '{contents} 份原在 S3 存储桶的证据内容已放入数据库（未设置 S3_BUCKET）',
    'zh-Hant': '{contents} 份原在 S3 儲存桶的證據內容已放入資料庫（未設定 S3_BUCKET）',
    en: '{contents} evidence contents that were in an S3 bucket put into the database (S3_BUCKET is not set)',
  },
  backupContentUnavailable: {
    'zh-Hans': '无法读取 S3 存储桶中的证据内容：{detail}',
    'zh-Hant': '無法讀取 S3 儲存桶中的證據內容：{detail}',
    en: 'evidence content in the S3 bucket cannot be read: {detail}',
  },
  databaseInUse: {
    'zh-Hans': '数据目录正被运行中的服务器使用，请先停止服务器：{detail}',
    'zh-Hant': '數據目錄正被運行中的伺服器使用，請先停止伺服器：{detail}',
    en: 'the data directory is in use by a running server: stop it first. {detail}',
  },
  badArguments: {
    'zh-Hans': '参数错误：{reason}',
    'zh-Hant': '參數錯誤：{reason}',
    en: 'bad arguments: {reason}',
  },
  missingScores: {
    'zh-Hans': '缺少 --scores 文件',
    'zh-Hant': '缺少 --scores 檔案',
    en: '--scores FILE is required',
  },
  badYears: {
    'zh-Hans': '--years 应为不小于 0 的整数（评估日已运营满的年数），实为“{value}”',
    'zh-Hant': '--years 應為不小於 0 的整數（評估日已營運滿的年數），實為「{value}」',
    en: '--years must be a whole number ≥ 0 (full years of operation at the assessment date), got “{value}”',
  },
  badStandardRef: {
    'zh-Hans': '--standard 应形如 cc-cmm-oc@2017，实为“{value}”',
    'zh-Hant': '--standard 應形如 cc-cmm-oc@2017，實為「{value}」',
    en: '--standard must look like cc-cmm-oc@2017, got “{value}”',
  },
  unknownCommand: {
    'zh-Hans': '未知命令“{command}”',
    'zh-Hant': '未知命令「{command}」',
    en: 'unknown command “{command}”',
  },
  unreadable: {
    'zh-Hans': '无法读取 {file}：{reason}',
    'zh-Hant': '無法讀取 {file}：{reason}',
    en: 'cannot read {file}: {reason}',
  },
  standardUnusable: {
    'zh-Hans': '标准 {ref} 无法使用：',
    'zh-Hant': '標準 {ref} 無法使用：',
    en: 'the standard {ref} cannot be used:',
  },
  scoresRefused: {
    'zh-Hans': '评分文件有 {count} 处问题，未作计算：',
    'zh-Hant': '評分檔案有 {count} 處問題，未作計算：',
    en: 'the scores file has {count} problems; nothing was evaluated:',
  },
  scoresFile: { 'zh-Hans': '评分文件', 'zh-Hant': '評分檔案', en: 'Scores' },
  rated: {
    'zh-Hans': '{clauses} 个条目，已评 {scored}/{expected} 项',
    'zh-Hant': '{clauses} 個條目，已評 {scored}/{expected} 項',
    en: '{clauses} clauses, {scored} of {expected} rates scored',
  },
  complete: { 'zh-Hans': '评分完整', 'zh-Hant': '評分完整', en: 'complete' },
  incomplete: {
    'zh-Hans': '评分不完整：{count} 个条目有未评项（按 0 分计），例如 {examples}',
    'zh-Hant': '評分不完整：{count} 個條目有未評項（按 0 分計），例如 {examples}',
    en: 'incomplete: {count} clauses have an unscored rate (counted as 0), e.g. {examples}',
  },
  operatingYears: { 'zh-Hans': '运营年限', 'zh-Hant': '營運年限', en: 'Operating years' },
  yearsValue: { 'zh-Hans': '{years} 年', 'zh-Hant': '{years} 年', en: '{years}' },
  levelReached: { 'zh-Hans': '可达等级', 'zh-Hant': '可達等級', en: 'Level reached' },
  noLevel: { 'zh-Hans': '未达 L1', 'zh-Hant': '未達 L1', en: 'none (L1 not met)' },
  total: { 'zh-Hans': '总分', 'zh-Hant': '總分', en: 'Total' },
  domains: { 'zh-Hans': '各领域', 'zh-Hant': '各領域', en: 'Domains' },
  domainLine: {
    'zh-Hans': '{points}/{max} 分 · C 合规 {c}/{n} · F 合规 {f}/{n}',
    'zh-Hant': '{points}/{max} 分 · C 合規 {c}/{n} · F 合規 {f}/{n}',
    en: '{points}/{max} points · C compliant {c}/{n} · F compliant {f}/{n}',
  },
  criteria: { 'zh-Hans': '等级要求', 'zh-Hant': '等級要求', en: 'Level criteria' },
  actual: { 'zh-Hans': '实际 {actual}', 'zh-Hant': '實際 {actual}', en: 'actual {actual}' },
  unattainableLevel: {
    'zh-Hans': '（本版本无法达到）',
    'zh-Hant': '（本版本無法達到）',
    en: '(unattainable in this version)',
  },
  gapTitle: { 'zh-Hans': '距 {level} 的差距', 'zh-Hant': '距 {level} 的差距', en: 'Gap to {level}' },
  topLevel: {
    'zh-Hans': '已达最高等级，没有下一级。',
    'zh-Hant': '已達最高等級，沒有下一級。',
    en: 'The top level is reached; there is no next level.',
  },
  changesTitle: {
    'zh-Hans': '建议提升（最少 {count} 项改动，按优先顺序）：',
    'zh-Hant': '建議提升（最少 {count} 項改動，按優先順序）：',
    en: 'Suggested changes (the fewest: {count}, most useful first):',
  },
  totalAfter: {
    'zh-Hans': '全部改动后总分 {total}',
    'zh-Hant': '全部改動後總分 {total}',
    en: 'total after these changes: {total}',
  },
  notReachable: {
    'zh-Hans': '仅凭提高评分无法达到 {level}：',
    'zh-Hant': '僅憑提高評分無法達到 {level}：',
    en: '{level} cannot be reached by raising ratings alone:',
  },
  packOk: {
    'zh-Hans': '{file}：{ref}，{clauses} 个条目，无错误',
    'zh-Hant': '{file}：{ref}，{clauses} 個條目，無錯誤',
    en: '{file}: {ref}, {clauses} clauses, no errors',
  },
  packRefused: {
    'zh-Hans': '{file}：有 {count} 个错误，标准包被拒绝',
    'zh-Hant': '{file}：有 {count} 個錯誤，標準包被拒絕',
    en: '{file}: {count} errors, the pack is refused',
  },
  warnings: { 'zh-Hans': '{count} 个警告', 'zh-Hant': '{count} 個警告', en: '{count} warnings' },
  missingOption: {
    'zh-Hans': '缺少 {option}',
    'zh-Hant': '缺少 {option}',
    en: '{option} is required',
  },
  badServer: {
    'zh-Hans': '--server 应为 http:// 或 https:// 开头的地址，实为“{value}”',
    'zh-Hant': '--server 應為 http:// 或 https:// 開頭的位址，實為「{value}」',
    en: '--server must be an http:// or https:// address, got “{value}”',
  },
  missingApiKey: {
    'zh-Hans': '缺少 API 密钥：请把密钥（ccmm_…）放在环境变量 CCMM_API_KEY 中',
    'zh-Hant': '缺少 API 密鑰：請把密鑰（ccmm_…）放在環境變量 CCMM_API_KEY 中',
    en: 'no API key: put the key (ccmm_…) in the environment variable CCMM_API_KEY',
  },
  badFormat: {
    'zh-Hans': '--format 应为 csv、xlsx 或 json，实为“{value}”',
    'zh-Hant': '--format 應為 csv、xlsx 或 json，實為「{value}」',
    en: '--format must be csv, xlsx or json, got “{value}”',
  },
  xlsxNeedsOut: {
    'zh-Hans': 'xlsx 是二进制文件，不能输出到终端：请用 --out 文件.xlsx',
    'zh-Hant': 'xlsx 是二進制檔案，不能輸出到終端：請用 --out 檔案.xlsx',
    en: 'xlsx is a binary file, not for a terminal: give --out FILE.xlsx',
  },
  kpiFileRefused: {
    'zh-Hans': 'KPI 文件有 {count} 处问题，未上传任何内容：',
    'zh-Hant': 'KPI 檔案有 {count} 處問題，未上傳任何內容：',
    en: 'the KPI file has {count} problems; nothing was sent:',
  },
  kpiLine: {
    'zh-Hans': '第 {line} 行：{problem}',
    'zh-Hant': '第 {line} 行：{problem}',
    en: 'line {line}: {problem}',
  },
  kpiBadHeader: {
    'zh-Hans':
      '表头应包含 month、indicator、value（可选 target、threshold_seconds、abandons、scale），未知列“{column}”',
    'zh-Hant':
      '表頭應包含 month、indicator、value（選填 target、threshold_seconds、abandons、scale），未知列「{column}」',
    en: 'the header needs month, indicator, value (optionally target, threshold_seconds, abandons, scale); unknown column “{column}”',
  },
  kpiMissingColumn: {
    'zh-Hans': '表头缺少列 {column}',
    'zh-Hant': '表頭缺少列 {column}',
    en: 'the header lacks the column {column}',
  },
  kpiBadMonth: {
    'zh-Hans': '月份应为 YYYY-MM，实为“{value}”',
    'zh-Hant': '月份應為 YYYY-MM，實為「{value}」',
    en: 'a month is YYYY-MM, got “{value}”',
  },
  kpiBadNumber: {
    'zh-Hans': '{column} 应为数字，实为“{value}”',
    'zh-Hant': '{column} 應為數字，實為「{value}」',
    en: '{column} must be a number, got “{value}”',
  },
  kpiBadJson: {
    'zh-Hans': '不是可用的 JSON：应为 { "month": "YYYY-MM", "values": […] } 或这样的数组（{reason}）',
    'zh-Hant': '不是可用的 JSON：應為 { "month": "YYYY-MM", "values": […] } 或這樣的數組（{reason}）',
    en: 'not usable JSON: expected { "month": "YYYY-MM", "values": […] } or an array of these ({reason})',
  },
  kpiEmpty: {
    'zh-Hans': '文件中没有任何 KPI 值',
    'zh-Hant': '檔案中沒有任何 KPI 值',
    en: 'the file holds no KPI value',
  },
  kpiMonthSent: {
    'zh-Hans': '{month}：已记录 {count} 项指标（该月共 {total} 项）',
    'zh-Hant': '{month}：已記錄 {count} 項指標（該月共 {total} 項）',
    en: '{month}: {count} recorded ({total} for the month)',
  },
  kpiPushed: {
    'zh-Hans': '已上传到 {server}：{months} 个月，共 {values} 个值',
    'zh-Hant': '已上傳到 {server}：{months} 個月，共 {values} 個值',
    en: 'sent to {server}: {values} values in {months} months',
  },
  kpiStopped: {
    'zh-Hans': '{month} 未记录，已停止；之前的 {done} 个月已记录。',
    'zh-Hant': '{month} 未記錄，已停止；之前的 {done} 個月已記錄。',
    en: '{month} was not recorded and nothing after it was sent; the {done} months before it are recorded.',
  },
  serverRefused: {
    'zh-Hans': '服务器拒绝（{status} {code}）：{message}',
    'zh-Hant': '伺服器拒絕（{status} {code}）：{message}',
    en: 'the server refused ({status} {code}): {message}',
  },
  serverIssue: {
    'zh-Hans': '  {path}：{message}',
    'zh-Hant': '  {path}：{message}',
    en: '  {path}: {message}',
  },
  serverUnreachable: {
    'zh-Hans': '无法连接服务器 {server}：{reason}',
    'zh-Hant': '無法連線伺服器 {server}：{reason}',
    en: 'cannot reach the server {server}: {reason}',
  },
  serverFailed: {
    'zh-Hans': '服务器出错（{status}）：{message}',
    'zh-Hant': '伺服器出錯（{status}）：{message}',
    en: 'the server failed ({status}): {message}',
  },
  exportWritten: {
    'zh-Hans': '已导出到 {file}（{bytes} 字节）',
    'zh-Hant': '已匯出到 {file}（{bytes} 位元組）',
    en: 'exported to {file} ({bytes} bytes)',
  },
  cannotWrite: {
    'zh-Hans': '无法写入 {file}：{reason}',
    'zh-Hant': '無法寫入 {file}：{reason}',
    en: 'cannot write {file}: {reason}',
  },
  error: { 'zh-Hans': '错误', 'zh-Hant': '錯誤', en: 'error' },
  warning: { 'zh-Hans': '警告', 'zh-Hant': '警告', en: 'warning' },
} as const satisfies Catalog<string>;
