import type { Catalog } from '@ccmm/engine';

// Problems with an imported ratings file, for the person who exported it from a spreadsheet.
export const csvMessages = {
  'csv.empty': {
    'zh-Hans': '文件为空：第一行应为表头 clause,c_rate,f_rate,note',
    'zh-Hant': '檔案為空：第一行應為表頭 clause,c_rate,f_rate,note',
    en: 'the file is empty: the first line should be the header clause,c_rate,f_rate,note',
  },
  'csv.utf16': {
    'zh-Hans': '文件是 UTF-16 编码，请在电子表格中另存为“CSV UTF-8（逗号分隔）”',
    'zh-Hant': '檔案是 UTF-16 編碼，請在試算表中另存為「CSV UTF-8（逗號分隔）」',
    en: 'the file is UTF-16: save it from the spreadsheet as “CSV UTF-8 (comma delimited)”',
  },
  'csv.not_utf8': {
    'zh-Hans': '第 {line} 行不是 UTF-8 文本（可能是 GBK 或 Big5），请另存为“CSV UTF-8（逗号分隔）”',
    'zh-Hant': '第 {line} 行不是 UTF-8 文字（可能是 GBK 或 Big5），請另存為「CSV UTF-8（逗號分隔）」',
    en: 'line {line} is not UTF-8 text (GBK or Big5, perhaps): save the file as “CSV UTF-8 (comma delimited)”',
  },
  'csv.malformed': {
    'zh-Hans': '第 {line} 行格式错误：{reason}',
    'zh-Hant': '第 {line} 行格式錯誤：{reason}',
    en: 'line {line} is malformed: {reason}',
  },
  'csv.missing_header': {
    'zh-Hans': '第 1 行应为表头 clause,c_rate,f_rate[,note]，实为“{found}”',
    'zh-Hant': '第 1 行應為表頭 clause,c_rate,f_rate[,note]，實為「{found}」',
    en: 'line 1 should be the header clause,c_rate,f_rate[,note], found “{found}”',
  },
  'csv.column_count': {
    'zh-Hans': '第 {line} 行有 {count} 列，应为 3 或 4 列（clause,c_rate,f_rate[,note]）',
    'zh-Hant': '第 {line} 行有 {count} 欄，應為 3 或 4 欄（clause,c_rate,f_rate[,note]）',
    en: 'line {line} has {count} columns; expected 3 or 4 (clause,c_rate,f_rate[,note])',
  },
  'csv.invalid_clause': {
    'zh-Hans': '第 {line} 行：“{value}”不是条目编号',
    'zh-Hant': '第 {line} 行：「{value}」不是條目編號',
    en: 'line {line}: “{value}” is not a clause number',
  },
  'csv.unknown_clause': {
    'zh-Hans': '第 {line} 行：{standard} 中没有条目 {value}',
    'zh-Hant': '第 {line} 行：{standard} 中沒有條目 {value}',
    en: 'line {line}: clause {value} is not in {standard}',
  },
  'csv.duplicate_clause': {
    'zh-Hans': '第 {line} 行：条目 {value} 已在第 {first} 行出现',
    'zh-Hant': '第 {line} 行：條目 {value} 已在第 {first} 行出現',
    en: 'line {line}: clause {value} is already on line {first}',
  },
  'csv.invalid_rating': {
    'zh-Hans': '第 {line} 行：{rate} 为“{value}”，只能是 0、5、10 或留空（未评）',
    'zh-Hant': '第 {line} 行：{rate} 為「{value}」，只能是 0、5、10 或留空（未評）',
    en: 'line {line}: {rate} is “{value}”; it must be 0, 5, 10 or empty (unscored)',
  },
  'csv.note_too_long': {
    'zh-Hans': '第 {line} 行：备注有 {length} 个字符，最多 {max} 个',
    'zh-Hant': '第 {line} 行：備註有 {length} 個字元，最多 {max} 個',
    en: 'line {line}: the note has {length} characters; at most {max}',
  },
} as const satisfies Catalog<string>;

export type CsvProblemCode = keyof typeof csvMessages;
