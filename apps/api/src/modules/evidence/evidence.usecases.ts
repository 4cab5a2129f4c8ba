import type { AssessmentStatus, Database } from '@ccmm/db';
import type { Actor } from '../../actor.ts';
import { AppError, errors } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { OPEN_STATUSES } from '../assessments/assessment-rules.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { type EvidenceQuota, type QuotaExceeded, quotaExceeded, readableBytes } from './evidence.models.ts';
import {
  createEvidenceRepository,
  type EvidenceView,
  type InsertOutcome,
  type NewEvidence,
} from './evidence.repository.ts';
import { deleteContent, type EvidenceStorage, lockContent, type ReceivedFile } from './evidence.storage.ts';

/**
 * A refused upload: 422 when the assessment holds its number of files (the file is fine, the
 * assessment is full), 413 when its bytes would go over a quota (like a file over the limit).
 */
function overQuota(exceeded: QuotaExceeded): AppError {
  const details = { quota: exceeded.quota, limit: exceeded.limit, used: exceeded.used };
  if (exceeded.quota === 'files_per_assessment') {
    return errors.unprocessable('evidence.quota_files', { limit: exceeded.limit }, details);
  }
  const code =
    exceeded.quota === 'bytes_per_assessment' ? 'evidence.quota_bytes' : 'evidence.quota_organization_bytes';
  return new AppError(code, 413, { limit: readableBytes(exceeded.limit), bytes: exceeded.limit }, details);
}

/**
 * Records evidence if its assessment is still open, in one transaction under locks (see
 * lockForRecording); a file is also checked against `quota`, so concurrent uploads cannot
 * together go over it. Returns why not, rather than throwing, for `recorded` to turn into errors.
 */
export async function recordEvidence(
  db: Database,
  values: NewEvidence,
  clauses: readonly number[],
  quota?: EvidenceQuota,
  openTo: readonly AssessmentStatus[] = OPEN_STATUSES,
  /** An upload sent again: the uploader's evidence of the same content is it (clauses added). */
  reuse = false,
): Promise<InsertOutcome> {
  const sha256 = values.kind === 'file' ? values.sha256 : null;
  const check = quota && sha256 ? { quota, sha256 } : null;
  return db.transaction(async (tx) => {
    const evidence = createEvidenceRepository(tx);
    const assessment = await evidence.lockForRecording(values.assessmentId, check !== null);
    if (!assessment || !openTo.includes(assessment.status)) {
      return { ok: false, reason: 'closed', status: assessment?.status ?? 'missing' } as const;
    }
    // Under the assessment's lock: two tries of one upload arriving together record it once.
    const same =
      reuse && sha256
        ? await evidence.sameUpload(values.assessmentId, values.createdBy, sha256, values.fileName ?? null)
        : undefined;
    if (same) {
      const more = [...new Set(clauses)].filter((c) => !same.clauses.includes(c));
      await evidence.addClauses(same.id, more);
      const all = [...same.clauses, ...more].sort((a, b) => a - b);
      return { ok: true, evidence: { ...same, clauses: all }, existed: true } as const;
    }
    if (check) {
      const exceeded = quotaExceeded({
        quota: check.quota,
        assessment: await evidence.holdingsOfAssessment(values.assessmentId, check.sha256),
        organization: await evidence.holdingsOfOrganization(assessment.organizationId, check.sha256),
        size: values.size ?? 0,
      });
      if (exceeded) return { ok: false, reason: 'quota', exceeded } as const;
    }
    return { ok: true, evidence: await evidence.insert(values, clauses) } as const;
  });
}

/** The evidence recorded, or 409 if the assessment closed since it was checked, or over quota. */
export function recorded(outcome: InsertOutcome): EvidenceView {
  if (outcome.ok) return outcome.evidence;
  return refused(outcome);
}

function refused(outcome: Exclude<InsertOutcome, { ok: true }>): never {
  if (outcome.reason === 'quota') throw overQuota(outcome.exceeded);
  throw errors.conflict('assessment.closed', { status: outcome.status });
}

/** The clauses, deduplicated, if there is at least one and each is in the standard version. */
export function checkClauses(
  standards: StandardRegistry,
  assessment: AssessmentView,
  clauses: readonly number[],
): number[] {
  if (clauses.length === 0) throw errors.badRequest('evidence.no_clause');
  const unknown = standards.unknownClauses(assessment.standardRef, clauses)[0];
  if (unknown !== undefined) {
    throw errors.badRequest('clause.unknown', { clause: unknown, standard: assessment.standardRef });
  }
  return [...new Set(clauses)];
}

/**
 * Records a received file as evidence for clauses of a writable assessment: its type checked by
 * content, stored once per content, within the quotas. The file is the use case's from here on:
 * whatever is refused, nothing of it stays stored.
 */
export async function uploadEvidence({
  db,
  storage,
  standards,
  quota,
  actor,
  assessment,
  file,
  fileName,
  clauses: requested,
  caption,
  openTo,
  sha256: claimed,
  withoutClauses = false,
  acceptType,
}: {
  db: Database;
  storage: EvidenceStorage;
  standards: StandardRegistry;
  quota: EvidenceQuota;
  actor: Actor;
  assessment: AssessmentView;
  file: ReceivedFile;
  fileName: string | null;
  clauses: readonly number[];
  caption: string | null;
  /** The statuses the assessment takes evidence in (default: open for ratings). */
  openTo?: readonly AssessmentStatus[];
  /**
   * The SHA-256 the device computed: the content must have it (a file damaged on the way is
   * refused), and the uploader's evidence of the same content is returned instead of a copy.
   */
  sha256?: string | null;
  /** Evidence of the audit as a whole (a check-in's photo): no clause. */
  withoutClauses?: boolean;
  /** Refuses a detected type this upload does not take (a check-in's photo: images only). */
  acceptType?: (mediaType: string) => AppError | null;
}): Promise<{ evidence: EvidenceView; existed: boolean }> {
  try {
    if (claimed && claimed.toLowerCase() !== file.sha256)
      throw errors.badRequest('evidence.sha256_mismatch', { sha256: claimed });
    const clauses = withoutClauses ? [] : checkClauses(standards, assessment, requested);
    const detected = await storage.detect(file);
    if (!detected.ok) throw new AppError('evidence.type_not_allowed', 415, { type: detected.type });
    const wrongType = acceptType?.(detected.mediaType);
    if (wrongType) throw wrongType;
    // One transaction: the content (unless stored) and the evidence row commit together, or
    // neither does (a refusal rolls the content back; bytes it left in a bucket are released);
    // the content's lock keeps a removal of the last evidence of the same content from deleting
    // it in between, on any process.
    const outcome = await recordWithContent(db, storage, file.sha256, async (tx) => {
      await storage.commit(tx, file);
      const result = await recordEvidence(
        tx,
        {
          assessmentId: assessment.id,
          kind: 'file',
          caption,
          sha256: file.sha256,
          mediaType: detected.mediaType,
          size: file.size,
          fileName,
          createdBy: actor.userId,
        },
        clauses,
        quota,
        openTo,
        Boolean(claimed),
      );
      if (!result.ok) refused(result);
      return result;
    });
    return { evidence: outcome.evidence, existed: outcome.existed === true };
  } finally {
    await storage.discard(file);
  }
}

/**
 * Runs `work` in a transaction under the content's lock; when it fails, bytes it left outside
 * the database (an S3 object of content that was not recorded) are released.
 */
async function recordWithContent<T>(
  db: Database,
  storage: EvidenceStorage,
  sha256: string,
  work: (tx: Database) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      await lockContent(tx, sha256);
      return work(tx as unknown as Database);
    });
  } catch (error) {
    // The failure is the answer; an object left by a release that fails too (the bucket
    // unreachable) only takes room, and goes when the content is stored and removed again.
    await storage.release(sha256).catch(() => {});
    throw error;
  }
}

/**
 * Removes evidence; a file's content goes with its last evidence (under the content's lock, so
 * an upload of the same content on another process either sees it gone or keeps it).
 */
export async function removeEvidence(
  db: Database,
  storage: EvidenceStorage,
  item: EvidenceView,
): Promise<void> {
  const sha256 = item.sha256;
  const deleted = await db.transaction(async (tx) => {
    const evidence = createEvidenceRepository(tx);
    if (sha256) await lockContent(tx, sha256);
    await evidence.remove(item.id);
    if (!sha256 || (await evidence.countBySha(sha256)) > 0) return false;
    await deleteContent(tx, sha256);
    return true;
  });
  // A bucket's object goes once its row is gone for good.
  if (deleted && sha256) await storage.release(sha256);
}
