import {
  type Catalog,
  format,
  type Locale,
  type Message,
  type MessageParams,
  type Params,
} from '@ccmm/engine';

export type Severity = 'error' | 'warning';

/** One thing wrong with a pack: where (file, path, line) and what, in the reader's language. */
export interface PackProblem {
  readonly severity: Severity;
  readonly code: string;
  readonly file: string;
  /** e.g. "clauses[12].summary.en" */
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  );
}

export const packMessages = {
  'pack.unreadable': {
    'zh-Hans': '无法读取文件：{reason}',
    'zh-Hant': '無法讀取檔案：{reason}',
    en: 'cannot read the file: {reason}',
  },
  'pack.yaml_syntax': {
    'zh-Hans': 'YAML 语法错误：{reason}',
    'zh-Hant': 'YAML 語法錯誤：{reason}',
    en: 'YAML syntax error: {reason}',
  },
  'pack.file_name_mismatch': {
    'zh-Hans': '文件应位于 {expected}（与 standard 和 version 一致）',
    'zh-Hant': '檔案應位於 {expected}（與 standard 和 version 一致）',
    en: 'the file should be {expected} (to match its standard and version)',
  },
  'semantic.duplicate_clause': {
    'zh-Hans': '条目编号 {number} 重复（首次出现在 {first}）',
    'zh-Hant': '條目編號 {number} 重複（首次出現在 {first}）',
    en: 'clause number {number} is used more than once (first at {first})',
  },
  'semantic.clause_without_section': {
    'zh-Hans': '条目 {number} 指向的章节 {section} 不在目录中：该条目不属于任何章节',
    'zh-Hant': '條目 {number} 指向的章節 {section} 不在目錄中：該條目不屬於任何章節',
    en: 'clause {number} names section {section}, which is not in the table of contents: the clause is in no section',
  },
  'semantic.unknown_topic': {
    'zh-Hans': '条目 {number} 的主题 {topic} 未在章节 {section} 中定义',
    'zh-Hant': '條目 {number} 的主題 {topic} 未在章節 {section} 中定義',
    en: 'clause {number} names topic {topic}, which section {section} does not define',
  },
  'semantic.duplicate_section': {
    'zh-Hans': '章节编号 {id} 重复',
    'zh-Hant': '章節編號 {id} 重複',
    en: 'section {id} is defined more than once',
  },
  'semantic.section_numbering': {
    'zh-Hans': '章节 {id} 的编号不在上级 {parent} 之下',
    'zh-Hant': '章節 {id} 的編號不在上級 {parent} 之下',
    en: 'section {id} is not numbered under its parent {parent}',
  },
  'semantic.empty_section': {
    'zh-Hans': '章节 {id} 没有任何条目',
    'zh-Hant': '章節 {id} 沒有任何條目',
    en: 'section {id} has no clauses',
  },
  'semantic.unknown_domain': {
    'zh-Hans': '条目组 {group} 引用了不存在的领域 {domain}',
    'zh-Hant': '條目組 {group} 引用了不存在的領域 {domain}',
    en: 'clause group {group} names domain {domain}, which does not exist',
  },
  'semantic.empty_group': {
    'zh-Hans': '条目组 {group} 没有任何条目：其百分比要求无意义',
    'zh-Hant': '條目組 {group} 沒有任何條目：其百分比要求無意義',
    en: 'clause group {group} holds no clauses: a percentage of it means nothing',
  },
  'semantic.unknown_group': {
    'zh-Hans': '{level} 的要求引用了不存在的条目组 {group}',
    'zh-Hant': '{level} 的要求引用了不存在的條目組 {group}',
    en: 'a criterion of {level} names clause group {group}, which does not exist',
  },
  'semantic.level_sequence': {
    'zh-Hans': '等级应从 1 起连续编号，此处应为 {expected}，实为 {actual}',
    'zh-Hant': '等級應從 1 起連續編號，此處應為 {expected}，實為 {actual}',
    en: 'levels are numbered 1, 2, 3… in order: expected {expected} here, found {actual}',
  },
  'semantic.numbering_gap': {
    'zh-Hans': '条目编号不连续：缺少 {missing}',
    'zh-Hant': '條目編號不連續：缺少 {missing}',
    en: 'clause numbers are not consecutive: {missing} missing',
  },
  'semantic.unattainable_total': {
    'zh-Hans':
      '{level} 要求总分 {required}，但 {clauses} 个条目 × 2 个评分 × {max} 分最多只有 {maxPossible}：任何评分都无法达到',
    'zh-Hant':
      '{level} 要求總分 {required}，但 {clauses} 個條目 × 2 個評分 × {max} 分最多只有 {maxPossible}：任何評分都無法達到',
    en: '{level} requires a total of {required}, but {clauses} clauses × 2 rates × {max} allow at most {maxPossible}: no scoring can reach it',
  },
} as const satisfies Catalog<string>;

export type PackMessageCode = keyof typeof packMessages;

/** The parameters a pack problem's message names. */
export type PackMessageParams<C extends PackMessageCode> = MessageParams<(typeof packMessages)[C]>;

export function packMessage<C extends PackMessageCode>(
  code: C,
  locale: Locale,
  ...params: PackMessageParams<C>
): string {
  const message: Message = packMessages[code];
  return format(message, locale, ...(params as [Params?]));
}

export const mappingMessages = {
  'mapping.standard_mismatch': {
    'zh-Hans': '对照表属于 {mapping}，与版本 {pack} 不符',
    'zh-Hant': '對照表屬於 {mapping}，與版本 {pack} 不符',
    en: 'the mapping is for {mapping}, not {pack}',
  },
  'mapping.unknown_source_clause': {
    'zh-Hans': '源版本 {version} 中没有条目 {number}',
    'zh-Hant': '源版本 {version} 中沒有條目 {number}',
    en: 'clause {number} does not exist in the source version {version}',
  },
  'mapping.unknown_target_clause': {
    'zh-Hans': '目标版本 {version} 中没有条目 {number}',
    'zh-Hant': '目標版本 {version} 中沒有條目 {number}',
    en: 'clause {number} does not exist in the target version {version}',
  },
  'mapping.duplicate_source': {
    'zh-Hans': '源条目 {number} 出现了不止一次',
    'zh-Hant': '源條目 {number} 出現了不止一次',
    en: 'source clause {number} is mapped more than once',
  },
  'mapping.merged_target': {
    'zh-Hans': '多个源条目对应同一目标条目 {number}：评分无法唯一转移',
    'zh-Hant': '多個源條目對應同一目標條目 {number}：評分無法唯一轉移',
    en: 'several source clauses map to target clause {number}: their ratings cannot be carried unambiguously',
  },
  'mapping.unknown_version': {
    'zh-Hans': '没有标准版本 {ref}',
    'zh-Hant': '沒有標準版本 {ref}',
    en: 'there is no standard version {ref}',
  },
  'mapping.kind_mismatch': {
    'zh-Hans': '源条目 {number} 标为 {stated}，但按对照关系应为 {actual}',
    'zh-Hant': '源條目 {number} 標為 {stated}，但按對照關係應為 {actual}',
    en: 'source clause {number} is marked {stated}, but what it maps to makes it {actual}',
  },
  'mapping.split_shared': {
    'zh-Hans': '目标条目 {number} 既是拆分的一部分，又对应其他源条目',
    'zh-Hant': '目標條目 {number} 既是拆分的一部分，又對應其他源條目',
    en: 'target clause {number} is part of a split and also the target of another source clause',
  },
  'mapping.unlisted_new': {
    'zh-Hans': '目标条目 {number} 没有源条目对应，却未列为新增（added）',
    'zh-Hant': '目標條目 {number} 沒有源條目對應，卻未列為新增（added）',
    en: 'target clause {number} has no source clause, but is not listed as added',
  },
  'mapping.added_mapped': {
    'zh-Hans': '列为新增的条目 {number} 已有源条目对应，或不在目标版本中',
    'zh-Hant': '列為新增的條目 {number} 已有源條目對應，或不在目標版本中',
    en: 'clause {number} is listed as added, but a source clause maps to it or the target version lacks it',
  },
  'mapping.unmapped_source': {
    'zh-Hans': '源条目 {number} 未出现在对照表中（若已删除，请写 to: null）',
    'zh-Hant': '源條目 {number} 未出現在對照表中（若已刪除，請寫 to: null）',
    en: 'source clause {number} is not in the mapping (write to: null if it was dropped)',
  },
} as const satisfies Catalog<string>;
