import {
  format,
  type Locale,
  type Message,
  type MessageParams,
  mappingKinds,
  type Params,
  type Section,
  targetsOf,
} from '@ccmm/engine';
import {
  mappingMessages,
  type PackMessageCode,
  type PackMessageParams,
  type PathSegment,
  packMessage,
  type Severity,
} from './problems.ts';
import type { ClauseMappingFile, StandardPack } from './schema.ts';

/** A semantic problem before it is placed in a file (the loader adds file and line). */
export interface Finding {
  readonly severity: Severity;
  readonly code: PackMessageCode | keyof typeof mappingMessages;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/**
 * Checks what a schema cannot: references between parts, numbering, and thresholds no
 * scoring can reach. Errors make a pack unusable (a rating could not be placed); warnings are
 * reported and the pack still loads (2017's unreachable L5 total is such a warning).
 */
export function checkPack(pack: StandardPack, locale: Locale): Finding[] {
  const findings: Finding[] = [];
  const report = <C extends PackMessageCode>(
    severity: Severity,
    code: C,
    path: readonly PathSegment[],
    ...params: PackMessageParams<C>
  ) => findings.push({ severity, code, path, message: packMessage(code, locale, ...params) });

  // Sections: unique ids, numbered under their parent, and which topics each defines.
  const sections = new Map<string, { section: Section; path: PathSegment[] }>();
  const visit = (section: Section, parent: string, path: PathSegment[]) => {
    if (sections.has(section.id))
      report('error', 'semantic.duplicate_section', [...path, 'id'], { id: section.id });
    sections.set(section.id, { section, path });
    const parentPrefix = parent.endsWith('.0') ? parent.slice(0, -2) : parent;
    if (!section.id.startsWith(`${parentPrefix}.`)) {
      report('warning', 'semantic.section_numbering', [...path, 'id'], { id: section.id, parent });
    }
    section.sections?.forEach((child, i) => {
      visit(child, section.id, [...path, 'sections', i]);
    });
  };
  pack.domains.forEach((domain, d) => {
    domain.sections.forEach((s, i) => {
      visit(s, domain.id, ['domains', d, 'sections', i]);
    });
  });

  // Clauses: unique numbers, in a known section (and topic), numbered without gaps.
  const firstAt = new Map<number, number>();
  const clausesPerSection = new Map<string, number>();
  pack.clauses.forEach((clause, i) => {
    const first = firstAt.get(clause.number);
    if (first !== undefined) {
      report('error', 'semantic.duplicate_clause', ['clauses', i, 'number'], {
        number: clause.number,
        first: `clauses[${first}]`,
      });
    } else firstAt.set(clause.number, i);
    const entry = sections.get(clause.section);
    if (!entry) {
      report('error', 'semantic.clause_without_section', ['clauses', i, 'section'], {
        number: clause.number,
        section: clause.section,
      });
      return;
    }
    clausesPerSection.set(clause.section, (clausesPerSection.get(clause.section) ?? 0) + 1);
    if (clause.topic && !entry.section.topics?.some((t) => t.id === clause.topic)) {
      report('error', 'semantic.unknown_topic', ['clauses', i, 'topic'], {
        number: clause.number,
        topic: clause.topic,
        section: clause.section,
      });
    }
  });
  const numbers = [...firstAt.keys()].sort((a, b) => a - b);
  const missing: number[] = [];
  for (let n = 1; n <= (numbers.at(-1) ?? 0); n++) if (!firstAt.has(n)) missing.push(n);
  if (missing.length > 0) {
    report('warning', 'semantic.numbering_gap', ['clauses'], { missing: missing.join(', ') });
  }
  for (const [id, { section, path }] of sections) {
    if (!section.sections && !clausesPerSection.has(id)) {
      report('warning', 'semantic.empty_section', [...path, 'id'], { id });
    }
  }

  // Groups: known domains, and at least one clause.
  const domainOfSection = new Map<string, string>();
  pack.domains.forEach((domain) => {
    const mark = (s: Section) => {
      domainOfSection.set(s.id, domain.id);
      s.sections?.forEach(mark);
    };
    domain.sections.forEach(mark);
  });
  const domainIds = new Set(pack.domains.map((d) => d.id));
  const groupSizes = new Map<string, number>();
  pack.clauseGroups.forEach((group, g) => {
    group.domains.forEach((domain, d) => {
      if (!domainIds.has(domain)) {
        report('error', 'semantic.unknown_domain', ['clauseGroups', g, 'domains', d], {
          group: group.id,
          domain,
        });
      }
    });
    const domains = new Set(group.domains);
    const size = [...firstAt.keys()].filter((number) => {
      const clause = pack.clauses[firstAt.get(number) ?? -1];
      return clause !== undefined && domains.has(domainOfSection.get(clause.section) ?? '');
    }).length;
    groupSizes.set(group.id, size);
    if (size === 0) report('warning', 'semantic.empty_group', ['clauseGroups', g], { group: group.id });
  });

  // Levels: 1, 2, 3… with criteria on known groups and thresholds some scoring can reach.
  const maxValue = Math.max(...pack.scale.values.map((v) => v.value));
  const clauseCount = firstAt.size;
  const maxPossible = clauseCount * pack.rates.length * maxValue;
  pack.levels.forEach((level, l) => {
    if (level.level !== l + 1) {
      report('error', 'semantic.level_sequence', ['levels', l, 'level'], {
        expected: l + 1,
        actual: level.level,
      });
    }
    level.criteria.forEach((criterion, c) => {
      const path = ['levels', l, 'criteria', c];
      if (criterion.kind === 'compliantShare' && !groupSizes.has(criterion.group)) {
        report('error', 'semantic.unknown_group', [...path, 'group'], {
          level: level.code,
          group: criterion.group,
        });
      }
      if (criterion.kind === 'totalPoints' && criterion.atLeast > maxPossible) {
        report('warning', 'semantic.unattainable_total', [...path, 'atLeast'], {
          level: level.code,
          required: criterion.atLeast,
          clauses: clauseCount,
          max: maxValue,
          maxPossible,
        });
      }
    });
  });

  return findings;
}

/** Checks a mapping against the two versions it connects. */
export function checkMapping(
  mapping: ClauseMappingFile,
  from: StandardPack,
  to: StandardPack,
  locale: Locale,
): Finding[] {
  const findings: Finding[] = [];
  const report = <C extends keyof typeof mappingMessages>(
    code: C,
    path: readonly PathSegment[],
    ...params: MessageParams<(typeof mappingMessages)[C]>
  ) => {
    const message: Message = mappingMessages[code];
    findings.push({
      severity: 'error',
      code,
      path,
      message: format(message, locale, ...(params as [Params?])),
    });
  };
  for (const [pack, version] of [
    [from, mapping.from],
    [to, mapping.to],
  ] as const) {
    if (pack.standard !== mapping.standard || pack.version !== version) {
      report('mapping.standard_mismatch', [], {
        mapping: `${mapping.standard}@${version}`,
        pack: `${pack.standard}@${pack.version}`,
      });
    }
  }
  const sourceNumbers = new Set(from.clauses.map((c) => c.number));
  const targetNumbers = new Set(to.clauses.map((c) => c.number));
  const kinds = mappingKinds(mapping);
  const seenSource = new Set<number>();
  // Which entries each target clause is reached from, to tell a merge from an accident.
  const reachedFrom = new Map<number, number[]>();
  mapping.clauses.forEach((entry, i) => {
    for (const target of targetsOf(entry)) reachedFrom.set(target, [...(reachedFrom.get(target) ?? []), i]);
  });
  mapping.clauses.forEach((entry, i) => {
    if (!sourceNumbers.has(entry.from)) {
      report('mapping.unknown_source_clause', ['clauses', i, 'from'], {
        number: entry.from,
        version: from.version,
      });
    }
    if (seenSource.has(entry.from))
      report('mapping.duplicate_source', ['clauses', i, 'from'], { number: entry.from });
    seenSource.add(entry.from);
    const actual = kinds[i] ?? 'equal';
    if (entry.kind && entry.kind !== actual) {
      report('mapping.kind_mismatch', ['clauses', i, 'kind'], {
        number: entry.from,
        stated: entry.kind,
        actual,
      });
    }
    targetsOf(entry).forEach((target, t) => {
      const path = typeof entry.to === 'number' ? ['clauses', i, 'to'] : ['clauses', i, 'to', t];
      if (!targetNumbers.has(target)) {
        report('mapping.unknown_target_clause', path, { number: target, version: to.version });
      }
      const sharers = reachedFrom.get(target) ?? [];
      if (sharers.length < 2 || sharers[0] === i) return;
      // A target several sources share: a merge when every one of them says so.
      if (sharers.some((k) => kinds[k] === 'split')) report('mapping.split_shared', path, { number: target });
      else if (sharers.some((k) => mapping.clauses[k]?.kind !== 'merged'))
        report('mapping.merged_target', path, { number: target });
    });
  });
  for (const number of sourceNumbers) {
    if (!seenSource.has(number)) report('mapping.unmapped_source', ['clauses'], { number });
  }
  if (mapping.added) {
    const added = new Set(mapping.added);
    mapping.added.forEach((number, i) => {
      if (reachedFrom.has(number) || !targetNumbers.has(number))
        report('mapping.added_mapped', ['added', i], { number });
    });
    for (const number of targetNumbers) {
      if (!reachedFrom.has(number) && !added.has(number))
        report('mapping.unlisted_new', ['added'], { number });
    }
  }
  return findings;
}
