import { type AssessmentStatus, type Database, schema } from '@ccmm/db';
import { AUDIT_KINDS } from '@ccmm/engine';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { AppError, errors } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { createAssessmentsRepository } from '../assessments/assessments.repository.ts';
import type { EvidenceQuota } from '../evidence/evidence.models.ts';
import type { createEvidenceStorage, ReceivedFile } from '../evidence/evidence.storage.ts';
import { uploadEvidence } from '../evidence/evidence.usecases.ts';
import { placement } from './check-ins.models.ts';
import { type CheckInView, createCheckInsRepository } from './check-ins.repository.ts';

const { organizations } = schema;

/** An audit takes check-ins until it is decided (the closing meeting may follow the submission). */
const CHECK_IN_STATUSES = [
  'draft',
  'in_progress',
  'submitted',
  'in_review',
  'returned',
] as const satisfies readonly AssessmentStatus[];

/** A device's clock may run ahead; a day ahead of the server's is a wrong date, not a drift. */
const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

export interface CheckInForm {
  id: string;
  kind: 'in' | 'out';
  at: Date;
  latitude?: number | undefined;
  longitude?: number | undefined;
  accuracy?: number | undefined;
  sha256?: string | undefined;
  photo: { file: ReceivedFile; fileName: string | null } | null;
}

/** Whether the actor is on the audit's team (assigned as an auditor), and the audit takes check-ins. */
async function requireCheckIn(db: Database, actor: Actor, assessment: AssessmentView): Promise<void> {
  if (!AUDIT_KINDS.includes(assessment.kind)) throw errors.unprocessable('check_in.not_audit');
  if (!(await createAssessmentsRepository(db).isAuditor(assessment.id, actor.userId)))
    throw errors.forbidden('check_in.not_team');
  if (!(CHECK_IN_STATUSES as readonly AssessmentStatus[]).includes(assessment.status))
    throw errors.conflict('check_in.audit_closed', { status: assessment.status });
}

/**
 * Records a check-in of an audit team member: the photo stored as evidence of the audit (once,
 * by its hash), the distance from the center's site measured and flagged. Sent again with the
 * same id (a queue retrying after a lost answer), it is the check-in already recorded.
 */
export async function recordCheckIn({
  db,
  storage,
  standards,
  quota,
  maxDistanceM,
  actor,
  assessment,
  form,
  now = new Date(),
}: {
  db: Database;
  storage: ReturnType<typeof createEvidenceStorage>;
  standards: StandardRegistry;
  quota: EvidenceQuota;
  maxDistanceM: number;
  actor: Actor;
  assessment: AssessmentView;
  form: CheckInForm;
  now?: Date;
}): Promise<{ checkIn: CheckInView; existed: boolean }> {
  const checkIns = createCheckInsRepository(db);
  let photoTaken = false;
  try {
    await requireCheckIn(db, actor, assessment);
    const same = await checkIns.find(form.id);
    if (same) {
      if (same.assessmentId !== assessment.id || same.user.id !== actor.userId)
        throw errors.conflict('check_in.id_taken');
      return { checkIn: same, existed: true };
    }
    if (form.at.getTime() - now.getTime() > MAX_AHEAD_MS)
      throw errors.badRequest('check_in.in_future', { at: form.at.toISOString() });
    let photo: { evidenceId: string; sha256: string } | null = null;
    if (form.photo) {
      photoTaken = true;
      const { evidence: stored } = await uploadEvidence({
        db,
        storage,
        standards,
        quota,
        actor,
        assessment,
        file: form.photo.file,
        fileName: form.photo.fileName,
        clauses: [],
        withoutClauses: true,
        caption: null,
        sha256: form.sha256 ?? null,
        openTo: CHECK_IN_STATUSES,
        acceptType: (mediaType) =>
          mediaType.startsWith('image/')
            ? null
            : new AppError('check_in.photo_not_image', 415, { type: mediaType }),
      });
      photo = { evidenceId: stored.id, sha256: stored.sha256 ?? form.photo.file.sha256 };
    }
    const [org] = await db
      .select({ latitude: organizations.siteLatitude, longitude: organizations.siteLongitude })
      .from(organizations)
      .where(eq(organizations.id, assessment.organizationId));
    const site =
      org && org.latitude !== null && org.longitude !== null
        ? { latitude: org.latitude, longitude: org.longitude }
        : null;
    const device =
      form.latitude !== undefined && form.longitude !== undefined
        ? { latitude: form.latitude, longitude: form.longitude }
        : null;
    const { distanceM, far } = placement(device, site, maxDistanceM);
    const inserted = await checkIns.insert({
      id: form.id,
      assessmentId: assessment.id,
      userId: actor.userId,
      kind: form.kind,
      at: form.at,
      latitude: device?.latitude ?? null,
      longitude: device?.longitude ?? null,
      accuracyM: device ? (form.accuracy ?? null) : null,
      photoEvidenceId: photo?.evidenceId ?? null,
      photoSha256: photo?.sha256 ?? null,
      distanceM,
      far,
    });
    const recorded = await checkIns.find(form.id);
    if (!recorded) throw new Error('check-in not found after insert');
    if (!inserted && (recorded.assessmentId !== assessment.id || recorded.user.id !== actor.userId))
      throw errors.conflict('check_in.id_taken');
    return { checkIn: recorded, existed: !inserted };
  } finally {
    // A photo not handed to the evidence upload (refused before) is not kept.
    if (form.photo && !photoTaken) await storage.discard(form.photo.file);
  }
}

/** The body explains a far check-in (append-only: a later explanation supersedes). */
export async function explainCheckIn({
  db,
  actor,
  checkIn,
  text,
}: {
  db: Database;
  actor: Actor;
  checkIn: CheckInView;
  text: string;
}): Promise<CheckInView> {
  if (!checkIn.far) throw errors.conflict('check_in.not_far');
  const checkIns = createCheckInsRepository(db);
  await checkIns.explain(checkIn.id, text, actor.userId);
  const found = await checkIns.find(checkIn.id);
  if (!found) throw errors.notFound('check_in.not_found');
  return found;
}
