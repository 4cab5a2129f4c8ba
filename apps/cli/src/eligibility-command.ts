import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import {
  describeBlocker,
  describeChange,
  describeCriterion,
  describeNeed,
  type EligibilityResult,
  evaluateEligibility,
  type Standard,
} from '@ccmm/engine';
import { parseRatingsCsv } from '@ccmm/ratings-csv';
import { loadPackFile, packFile, parseStandardRef, SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import { EXIT, type Io, type Ui } from './io.ts';

export interface EligibilityOptions {
  readonly scores: string;
  readonly years: number;
  readonly standard: string;
  readonly json: boolean;
}

export async function eligibilityCommand(options: EligibilityOptions, io: Io, ui: Ui): Promise<number> {
  const ref = parseStandardRef(options.standard);
  if (!ref) {
    io.err(ui.t('badStandardRef', { value: options.standard }));
    return EXIT.usage;
  }
  const loaded = await loadPackFile(packFile(SHIPPED_STANDARDS_DIR, ref), ui.locale);
  if (!loaded.pack) {
    io.err(ui.t('standardUnusable', { ref: options.standard }));
    for (const p of loaded.problems) io.err(`  ${p.message}`);
    return EXIT.refused;
  }
  const standard = loaded.pack;

  const file = resolve(io.cwd, options.scores);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.err(ui.t('unreadable', { file: options.scores, reason: (error as NodeJS.ErrnoException).code ?? '' }));
    return EXIT.refused;
  }
  const parsed = parseRatingsCsv(bytes, standard, ui.locale);
  if (parsed.problems.length > 0) {
    io.err(ui.bad(ui.t('scoresRefused', { count: parsed.problems.length })));
    for (const p of parsed.problems) io.err(`  ${options.scores}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    return EXIT.refused;
  }

  const result = evaluateEligibility(standard, parsed.ratings, { operatingYears: options.years });
  if (options.json) {
    io.out(JSON.stringify({ file: relative(io.cwd, file) || file, ...result }, null, 2));
  } else {
    io.out(renderSummary(standard, result, options.scores, ui));
  }
  return EXIT.ok;
}

/** The summary a person reads at a terminal: level, every criterion, and the gap. */
export function renderSummary(standard: Standard, result: EligibilityResult, file: string, ui: Ui): string {
  const { locale } = ui;
  const levelName = (level: number) => {
    const l = standard.levels.find((x) => x.level === level);
    return l ? `${l.code} ${l.name[locale]}` : ui.t('noLevel');
  };
  const lines: string[] = [];
  lines.push(ui.strong(`${standard.title[locale]} · ${standard.standard}@${standard.version}`));
  lines.push(
    `${ui.label('scoresFile')}${file} (${ui.t('rated', {
      clauses: standard.clauses.length,
      scored: result.scoredRates,
      expected: result.expectedRates,
    })})`,
  );
  if (result.complete) lines.push(ui.ok(`✓ ${ui.t('complete')}`));
  else {
    const examples =
      result.incompleteClauses.slice(0, 8).join(', ') + (result.incompleteClauses.length > 8 ? '…' : '');
    lines.push(ui.warn(`! ${ui.t('incomplete', { count: result.incompleteClauses.length, examples })}`));
  }
  lines.push(`${ui.label('operatingYears')}${ui.t('yearsValue', { years: result.operatingYears })}`);
  lines.push('');
  lines.push(
    `${ui.strong(`${ui.label('levelReached')}${levelName(result.level)}`)}    ${ui.label('total')}${result.total} / ${result.maxTotal}`,
  );

  lines.push('', ui.strong(ui.t('domains')));
  for (const domain of result.domains) {
    const title = standard.domains.find((d) => d.id === domain.id)?.title[locale] ?? '';
    lines.push(
      `  ${domain.id} ${title}  ${ui.dim(
        ui.t('domainLine', {
          points: domain.points,
          max: domain.maxPoints,
          c: domain.compliant.C,
          f: domain.compliant.F,
          n: domain.clauses,
        }),
      )}`,
    );
  }

  lines.push('', ui.strong(ui.t('criteria')));
  for (const level of result.levels) {
    const mark = level.criteriaMet ? ui.ok('✓') : ui.bad('✗');
    const note = level.attainable ? '' : ` ${ui.warn(ui.t('unattainableLevel'))}`;
    lines.push(`${mark} ${ui.strong(levelName(level.level))}${note}`);
    for (const c of result.criteria.filter((x) => x.level === level.level)) {
      const margin = c.margin >= 0 ? `+${c.margin}` : `${c.margin}`;
      const status = `${ui.t('actual', { actual: c.actual })} (${margin})`;
      lines.push(
        `    ${c.met ? ui.ok('✓') : ui.bad('✗')} ${describeCriterion(standard, c, locale)}  ${ui.dim(status)}`,
      );
    }
  }

  lines.push('');
  const gap = result.gap;
  if (!gap) {
    lines.push(ui.ok(ui.t('topLevel')));
    return lines.join('\n');
  }
  lines.push(ui.strong(ui.t('gapTitle', { level: levelName(gap.level) })));
  for (const need of gap.needs) {
    const criterion = result.criteria.find((c) => c.id === need.criterion);
    if (criterion) lines.push(`  - ${describeNeed(standard, need, criterion, locale)}`);
  }
  if (gap.blockers.length > 0) {
    lines.push(ui.warn(`  ${ui.t('notReachable', { level: gap.code })}`));
    for (const blocker of gap.blockers)
      lines.push(ui.warn(`    ! ${describeBlocker(standard, blocker, locale)}`));
  }
  if (gap.changes.length > 0) {
    lines.push(`  ${ui.t('changesTitle', { count: gap.changes.length })}`);
    const shown = gap.changes.slice(0, 40);
    shown.forEach((change, i) => {
      lines.push(`    ${String(i + 1).padStart(3)}. ${describeChange(change, locale)}`);
    });
    if (gap.changes.length > shown.length) lines.push(`    … ${gap.changes.length - shown.length}`);
    lines.push(`  ${ui.dim(ui.t('totalAfter', { total: gap.totalAfterChanges }))}`);
  }
  return lines.join('\n');
}
