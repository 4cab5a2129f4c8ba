import { CENTER_ROLES } from '@ccmm/engine';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, CERTIFICATION_BODY, requireActor } from '../../actor.ts';
import { AppError, errors } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { displayName, documentedBody, invalidBody, tooLarge } from '../evidence/evidence.forms.ts';
import { createEvidenceStorage, type ReceivedFile } from '../evidence/evidence.storage.ts';
import { createCheckInsRepository } from './check-ins.repository.ts';
import {
  assessmentParams,
  checkInFields,
  checkInForm,
  checkInParams,
  checkInRecord,
  explanationBody,
} from './check-ins.schemas.ts';
import { type CheckInForm, explainCheckIn, recordCheckIn } from './check-ins.usecases.ts';

// Presence on record: the audit team checks in at the opening meeting and out at the closing
// meeting from the device (time, location when allowed, a photo); far from the center's site,
// the body explains why. Append-only: there is no route to change or remove a check-in.

/** Who sees an audit's check-ins: whoever sees the audit (consultants do not). */
const READERS = [...CERTIFICATION_BODY, 'auditor', ...CENTER_ROLES] as const;
const FIELDS = ['id', 'kind', 'at', 'latitude', 'longitude', 'accuracy', 'sha256'] as const;

export const checkInRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { visible } = assessmentAccess(fastify.repositories.assessments);
  const checkIns = createCheckInsRepository(fastify.db);
  const storage = createEvidenceStorage(fastify.config.dataDir, fastify.db, fastify.evidenceContent);
  const maxBytes = fastify.config.evidenceMaxBytes;
  const quota = {
    filesPerAssessment: fastify.config.evidenceMaxFilesPerAssessment,
    bytesPerAssessment: fastify.config.evidenceMaxBytesPerAssessment,
    bytesPerOrganization: fastify.config.evidenceMaxBytesPerOrganization,
  };

  /** The check-in's form: its fields checked, its photo (if any) received into storage. */
  async function readForm(request: FastifyRequest): Promise<CheckInForm> {
    if (!request.isMultipart()) {
      throw new AppError('request.unsupported_media_type', 415, {
        type: request.headers['content-type'] ?? '',
      });
    }
    let photo: ReceivedFile | null = null;
    let fileName: string | null = null;
    let truncated = false;
    const values: Record<string, string> = {};
    try {
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'photo' || photo) {
              part.file.resume();
              continue;
            }
            photo = await storage.receive(part.file);
            fileName = displayName(part.filename);
            truncated = part.file.truncated;
          } else if (
            (FIELDS as readonly string[]).includes(part.fieldname) &&
            typeof part.value === 'string'
          ) {
            if (!(part.fieldname in values)) values[part.fieldname] = part.value;
          }
        }
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
        if (error instanceof Error && code === undefined && !('statusCode' in error)) {
          throw errors.badRequest('request.malformed', { reason: error.message });
        }
        throw error;
      }
      if (truncated) throw tooLarge(maxBytes);
      if (photo && photo.size === 0) throw errors.badRequest('evidence.empty');
      const parsed = checkInFields.safeParse(values);
      if (!parsed.success) throw invalidBody(parsed.error);
      return { ...parsed.data, photo: photo ? { file: photo, fileName } : null };
    } catch (error) {
      await storage.discard(photo);
      throw error;
    }
  }

  /** The check-in, if the actor may see its audit (else 404). */
  async function visibleCheckIn(actor: Actor, id: string) {
    const found = await checkIns.find(id);
    if (!found) throw errors.notFound('check_in.not_found');
    await visible(actor, found.assessmentId).catch(() => {
      throw errors.notFound('check_in.not_found');
    });
    return found;
  }

  fastify.post(
    '/assessments/:id/check-ins',
    {
      config: { access: ['auditor'] },
      validatorCompiler: documentedBody,
      schema: {
        summary: 'Check in (opening meeting) or out (closing meeting) of an audit, from the device',
        description: `multipart/form-data: \`id\` (a UUID made on the device), \`kind\` (in, out), \`at\` (the device's time), optionally \`latitude\`, \`longitude\` and \`accuracy\` (metres) together, and a \`photo\` (an image, stored as evidence of the audit, at most ${maxBytes} bytes; with its \`sha256\`). Only the auditors assigned to the audit (403 check_in.not_team); not in a self-assessment (422 check_in.not_audit); not once the audit is decided (409 check_in.audit_closed). The same \`id\` sent again answers 200 with the check-in recorded the first time; nothing is changed. A check-in farther than ${fastify.config.checkInMaxDistanceM} m from the center's site coordinates is flagged \`far\`. The server's receipt time is kept beside the device's.`,
        tags: ['check-ins'],
        consumes: ['multipart/form-data'],
        params: assessmentParams,
        body: checkInForm,
        response: {
          200: checkInRecord.describe('this check-in was recorded before (the same id): nothing changed'),
          201: checkInRecord,
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const assessment = await visible(actor, request.params.id);
      const form = await readForm(request);
      const { checkIn, existed } = await recordCheckIn({
        db: fastify.db,
        storage,
        standards: fastify.standards,
        quota,
        maxDistanceM: fastify.config.checkInMaxDistanceM,
        actor,
        assessment,
        form,
      });
      return reply.status(existed ? 200 : 201).send(checkIn);
    },
  );

  fastify.get(
    '/assessments/:id/check-ins',
    {
      config: { access: READERS },
      schema: {
        summary:
          'The check-ins of an audit, in the order they were made, with distance, flag and explanation',
        tags: ['check-ins'],
        params: assessmentParams,
        response: { 200: z.array(checkInRecord), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const assessment = await visible(requireActor(request), request.params.id);
      return checkIns.list(assessment.id);
    },
  );

  fastify.post(
    '/check-ins/:checkInId/explanations',
    {
      config: { access: CERTIFICATION_BODY },
      schema: {
        summary: 'Explain a check-in flagged far from the center’s site (the certification body)',
        description:
          'Only a flagged check-in (409 check_in.not_far). Append-only: a later explanation supersedes, the earlier ones stay in the database.',
        tags: ['check-ins'],
        params: checkInParams,
        body: explanationBody,
        response: { 201: checkInRecord, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const checkIn = await visibleCheckIn(actor, request.params.checkInId);
      return reply
        .status(201)
        .send(await explainCheckIn({ db: fastify.db, actor, checkIn, text: request.body.text }));
    },
  );
};
