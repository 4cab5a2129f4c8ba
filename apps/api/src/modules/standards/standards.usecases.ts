import type { Database } from '@ccmm/db';
import type { Locale } from '@ccmm/engine';
import { mappingKinds } from '@ccmm/engine';
import {
  type ClauseMappingFile,
  contentHash,
  type PackProblem,
  parsePack,
  type StandardPack,
  validateMapping,
} from '@ccmm/standard';
import type { Actor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { type LoadedStandard, loadedFromRow } from './standards.loader.ts';
import { createStandardsRepository } from './standards.repository.ts';
import { announceEdition } from './standards.sync.ts';

/** One thing wrong with an upload: where (YAML line, or XLSX row and column; the pack path) and what. */
export interface UploadProblem {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly path: string;
  readonly line: number | null;
  readonly sheet?: string | null;
  readonly row?: number | null;
  readonly column?: string | null;
  readonly message: string;
}

/** A pack as uploaded: usable (warnings allowed) or not, with every problem found. */
export interface ParsedUpload {
  readonly pack: StandardPack | null;
  readonly problems: readonly UploadProblem[];
}

export function uploadProblem(p: PackProblem): UploadProblem {
  return { severity: p.severity, code: p.code, path: p.path, line: p.line, message: p.message };
}

/** A YAML (or JSON) pack: the validator the loader and `ccmm validate` use. */
export function parseYamlUpload(text: string, locale: Locale): ParsedUpload {
  const loaded = parsePack(text, 'upload.yaml', locale);
  return { pack: loaded.pack, problems: loaded.problems.map(uploadProblem) };
}

/** The usable pack of an upload, or 400 standard.invalid listing every error (nothing stored). */
function usablePack(parsed: ParsedUpload): StandardPack {
  const errorsFound = parsed.problems.filter((p) => p.severity === 'error');
  if (!parsed.pack || errorsFound.length > 0) {
    throw errors.badRequest('standard.invalid', { count: errorsFound.length }, { problems: errorsFound });
  }
  return parsed.pack;
}

const warningsOf = (parsed: ParsedUpload) => parsed.problems.filter((p) => p.severity === 'warning');

/**
 * Stores an uploaded pack as a draft (whatever status it names). A revision names the published
 * version of the same standard it replaces and why; the old version stays as it is, and so do the
 * assessments pinned to it.
 */
export async function storeDraft({
  db,
  standards,
  actor,
  parsed,
  revision,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  parsed: ParsedUpload;
  revision?: { replaces: string; reason: string } | undefined;
}): Promise<{ ref: string; status: 'draft'; warnings: UploadProblem[] }> {
  const uploaded = usablePack(parsed);
  const pack: StandardPack = { ...uploaded, status: 'draft' };
  const ref = `${pack.standard}@${pack.version}`;
  const repository = createStandardsRepository(db);
  if (revision) {
    const replaced = await repository.find(revision.replaces);
    if (replaced?.status !== 'published' || replaced.standard !== pack.standard) {
      throw errors.unprocessable('standard.revision_invalid', { replaces: revision.replaces });
    }
  }
  const row = await repository.insertDraft({
    ref,
    pack,
    contentHash: contentHash(pack),
    replaces: revision?.replaces ?? null,
    revisionReason: revision?.reason ?? null,
    createdBy: actor.userId,
  });
  if (!row) throw errors.conflict('standard.exists', { ref });
  standards.set(loadedFromRow(row));
  await announceEdition(db, ref);
  return { ref, status: 'draft', warnings: warningsOf(parsed) };
}

/** Replaces a draft's content (the same ref); a published version never changes. */
export async function replaceDraft({
  db,
  standards,
  ref,
  parsed,
}: {
  db: Database;
  standards: StandardRegistry;
  ref: string;
  parsed: ParsedUpload;
}): Promise<{ ref: string; status: 'draft'; warnings: UploadProblem[] }> {
  const repository = createStandardsRepository(db);
  await editableDraft(repository, ref);
  const uploaded = usablePack(parsed);
  const actual = `${uploaded.standard}@${uploaded.version}`;
  if (actual !== ref) throw errors.unprocessable('standard.ref_mismatch', { actual, expected: ref });
  const pack: StandardPack = { ...uploaded, status: 'draft' };
  const row = await repository.updateDraft(ref, { pack, contentHash: contentHash(pack) });
  if (!row) throw errors.conflict('standard.published', { ref });
  standards.set(loadedFromRow(row));
  await announceEdition(db, ref);
  return { ref, status: 'draft', warnings: warningsOf(parsed) };
}

/** Publishes a draft: from now on it never changes, and assessments may start on it. */
export async function publishEdition({
  db,
  standards,
  ref,
  now,
}: {
  db: Database;
  standards: StandardRegistry;
  ref: string;
  now: Date;
}): Promise<LoadedStandard> {
  const repository = createStandardsRepository(db);
  const row = await editableDraft(repository, ref);
  const draft = loadedFromRow(row);
  const pack: StandardPack = {
    ...draft.pack,
    status: 'published',
    publishedOn: draft.pack.publishedOn ?? now.toISOString().slice(0, 10),
  };
  const published = await repository.updateDraft(ref, {
    pack,
    contentHash: contentHash(pack),
    publishedAt: now,
  });
  if (!published) throw errors.conflict('standard.published', { ref });
  const loaded = loadedFromRow(published);
  standards.set(loaded);
  await announceEdition(db, ref);
  return loaded;
}

/** The stored draft of an upload, or why it cannot change (404, 409). */
async function editableDraft(repository: ReturnType<typeof createStandardsRepository>, ref: string) {
  const row = await repository.find(ref);
  if (!row) throw errors.notFound('standard.not_found', { ref });
  if (row.status === 'published') throw errors.conflict('standard.published', { ref });
  if (row.origin !== 'upload') throw errors.conflict('standard.from_file', { ref });
  return row;
}

/** A mapping as uploaded: usable or not, with every problem found. */
export interface ParsedMapping {
  readonly mapping: ClauseMappingFile | null;
  readonly problems: readonly UploadProblem[];
}

/** A YAML (or JSON) mapping, checked against both editions: the validator `ccmm` uses. */
export function parseYamlMapping(text: string, locale: Locale, standards: StandardRegistry): ParsedMapping {
  const checked = validateMapping(text, 'mapping.yaml', locale, (ref) => standards.find(ref)?.pack);
  return { mapping: checked.mapping, problems: checked.problems.map(uploadProblem) };
}

/** A stored mapping's old clauses by kind, and the new clauses no old clause maps to. */
export function mappingCounts(mapping: ClauseMappingFile, standards: StandardRegistry, to: string) {
  const kinds = mappingKinds(mapping);
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  const mapped = new Set(mapping.clauses.flatMap((c) => (c.to === null ? [] : [c.to].flat())));
  const added = (standards.find(to)?.pack.clauses ?? []).filter((c) => !mapped.has(c.number)).length;
  return {
    equal: count('equal'),
    split: count('split'),
    merged: count('merged'),
    removed: count('removed'),
    added,
  };
}

/**
 * Stores a mapping between two editions (format ccmm-mapping/1), checked against both: 400
 * standard.mapping_invalid with every problem (by line, or by sheet, row and column), nothing
 * stored; one per pair (409).
 */
export async function storeMapping({
  db,
  standards,
  actor,
  parsed,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  parsed: ParsedMapping;
}) {
  const { mapping } = parsed;
  const problems = parsed.problems.filter((p) => p.severity === 'error');
  if (!mapping || problems.length > 0) {
    throw errors.badRequest('standard.mapping_invalid', { count: problems.length }, { problems });
  }
  const from = `${mapping.standard}@${mapping.from}`;
  const to = `${mapping.standard}@${mapping.to}`;
  const row = await createStandardsRepository(db).insertMapping({
    fromRef: from,
    toRef: to,
    content: mapping,
    createdBy: actor.userId,
  });
  if (!row) throw errors.conflict('standard.mapping_exists', { from, to });
  return { id: row.id, from, to, counts: mappingCounts(mapping, standards, to) };
}
