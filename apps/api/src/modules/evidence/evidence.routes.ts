import { Readable } from 'node:stream';
import { CENTER_ROLES, CORRECTION_STATES } from '@ccmm/engine';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES, requireActor } from '../../actor.ts';
import { AppError, errors } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import { errorResponses } from '../../http.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { OPEN_STATUSES } from '../assessments/assessment-rules.ts';
import { displayName, documentedBody, invalidBody, tooLarge } from './evidence.forms.ts';
import { downloadName, type EvidenceQuota } from './evidence.models.ts';
import type { EvidenceView } from './evidence.repository.ts';
import {
  assessmentParams,
  captionBody,
  correctionUploadForm,
  evidenceParams,
  evidenceRecord,
  findingEvidenceParams,
  listQuery,
  textEvidenceBody,
  uploadFields,
  uploadForm,
} from './evidence.schemas.ts';
import {
  createEvidenceStorage,
  type EvidenceStorage,
  type ReceivedFile,
  TEXT_PLAIN,
} from './evidence.storage.ts';
import {
  checkClauses,
  recordEvidence,
  recorded,
  removeEvidence,
  uploadEvidence,
} from './evidence.usecases.ts';

// Evidence of an assessment: files (content-addressed in the content store, type checked by
// content), notes and links, each linked to clauses. Whoever may see the assessment may see its evidence; whoever
// may rate it may add and remove evidence while it is open.

const CONTRIBUTORS = ['auditor', 'center_admin', 'center_member'] as const;

/** `attachment` with an ASCII fallback name and the real one per RFC 5987 / RFC 6266. */
export function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The upload's multipart form: its one file (received into storage as it streams, within
 * `maxBytes`), the uploaded name, and the clauses and caption fields. A bad form is a 4xx and
 * leaves nothing received behind.
 */
async function readUploadForm(
  request: FastifyRequest,
  storage: EvidenceStorage,
  maxBytes: number,
): Promise<{
  file: ReceivedFile;
  fileName: string | null;
  clauses: number[];
  caption: string | null;
  sha256: string | null;
}> {
  if (!request.isMultipart()) {
    throw new AppError('request.unsupported_media_type', 415, {
      type: request.headers['content-type'] ?? '',
    });
  }
  let received: ReceivedFile | null = null;
  let fileName: string | null = null;
  let truncated = false;
  const fields: { clauses: string[]; caption: string[]; sha256: string[] } = {
    clauses: [],
    caption: [],
    sha256: [],
  };
  try {
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || received) {
            part.file.resume();
            continue;
          }
          received = await storage.receive(part.file);
          fileName = displayName(part.filename);
          truncated = part.file.truncated;
        } else if (
          (part.fieldname === 'clauses' || part.fieldname === 'caption' || part.fieldname === 'sha256') &&
          typeof part.value === 'string'
        ) {
          fields[part.fieldname].push(part.value);
        }
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
      if (code === 'FST_FILES_LIMIT') throw errors.badRequest('evidence.file_required');
      // The multipart parser's own errors (a form cut short, a broken part header) carry
      // neither code nor status; a failing disk has a code and stays a 500.
      if (error instanceof Error && code === undefined && !('statusCode' in error)) {
        throw errors.badRequest('request.malformed', { reason: error.message });
      }
      throw error;
    }
    if (truncated) throw tooLarge(maxBytes);
    if (!received) throw errors.badRequest('evidence.file_required');
    if (received.size === 0) throw errors.badRequest('evidence.empty');
    const parsed = uploadFields.safeParse({
      clauses: fields.clauses,
      caption: fields.caption.length > 0 ? fields.caption : undefined,
      sha256: fields.sha256.length > 0 ? fields.sha256 : undefined,
    });
    if (!parsed.success) throw invalidBody(parsed.error);
    return {
      file: received,
      fileName,
      clauses: parsed.data.clauses,
      caption: parsed.data.caption?.[0] || null,
      sha256: parsed.data.sha256?.[0] ?? null,
    };
  } catch (error) {
    await storage.discard(received);
    throw error;
  }
}

export const evidenceRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const assessments = fastify.repositories.assessments;
  const evidence = fastify.repositories.evidence;
  const storage = createEvidenceStorage(fastify.config.dataDir, fastify.db, fastify.evidenceContent);
  const maxBytes = fastify.config.evidenceMaxBytes;
  const quota: EvidenceQuota = {
    filesPerAssessment: fastify.config.evidenceMaxFilesPerAssessment,
    bytesPerAssessment: fastify.config.evidenceMaxBytesPerAssessment,
    bytesPerOrganization: fastify.config.evidenceMaxBytesPerOrganization,
  };
  await storage.sweep();
  // Files an older version kept on this process's disk: into the content store, once.
  const legacy = await storage.importLegacyFiles();
  if (legacy.imported > 0)
    fastify.log.info(
      `evidence: ${legacy.imported} files moved from disk into the ${fastify.evidenceContent.kind === 's3' ? 'S3 bucket' : 'database'}`,
    );
  if (legacy.mismatched.length > 0)
    fastify.log.error(
      { files: legacy.mismatched },
      'evidence files on disk that do not match their names: left there',
    );

  const access = assessmentAccess(assessments);
  const findVisible = access.visible;
  // Evidence of an audit in progress is sealed from the audited center (isSealedFrom).
  const findReadable = access.readable;
  const findWritable = (actor: Actor, id: string) => access.writable(actor, id, 'evidence.not_contributor');

  fastify.get(
    '/:id/evidence',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The evidence of an assessment (files, notes, links), optionally of one clause',
        tags: ['evidence'],
        params: assessmentParams,
        querystring: listQuery,
        response: { 200: z.array(evidenceRecord), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const items = await evidence.list(actor, row.id, request.query.clause);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'evidence.list');
      return items;
    },
  );

  fastify.post(
    '/:id/evidence',
    {
      config: { access: CONTRIBUTORS, keyScope: 'evidence:write' },
      validatorCompiler: documentedBody,
      schema: {
        summary: 'Upload a file as evidence for one or more clauses',
        description: `multipart/form-data with one part \`file\` and the fields \`clauses\` (comma-separated clause numbers, or the field repeated), \`caption\` (optional) and \`sha256\` (optional, the content's SHA-256 in hex as the device computed it: the file must have it, else 400 \`evidence.sha256_mismatch\`; and an upload with it is idempotent: the same uploader's evidence of the same content under the same file name in this assessment is answered with 200, its clauses joined by those sent, instead of a second copy). At most ${maxBytes} bytes (413 above). The type is detected from the content, never the name: PDF, PNG, JPEG, WebP, GIF, HEIC, MP3/M4A/WAV/Ogg audio, MP4/MOV video, DOCX/XLSX/PPTX, or UTF-8 text; anything else is refused with 415 \`evidence.type_not_allowed\`. Quotas (each content counted once in bytes): ${quota.filesPerAssessment} files per assessment, else 422 \`evidence.quota_files\`; ${quota.bytesPerAssessment} bytes per assessment, else 413 \`evidence.quota_bytes\`; ${quota.bytesPerOrganization} bytes per organization across its assessments, else 413 \`evidence.quota_organization_bytes\`. A refused upload stores nothing.`,
        tags: ['evidence'],
        consumes: ['multipart/form-data'],
        params: assessmentParams,
        body: uploadForm,
        response: {
          200: evidenceRecord.describe(
            'sent with `sha256`: this uploader’s evidence of the same content and file name (sent before), its clauses joined by those sent now',
          ),
          201: evidenceRecord,
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findWritable(actor, request.params.id);
      const form = await readUploadForm(request, storage, maxBytes);
      // From here the file is the use case's: whatever it refuses, it discards.
      const { evidence: created, existed } = await uploadEvidence({
        db: fastify.db,
        storage,
        standards: fastify.standards,
        quota,
        actor,
        assessment: row,
        ...form,
      });
      return reply.status(existed ? 200 : 201).send(created);
    },
  );

  fastify.post(
    '/:id/findings/:findingId/evidence',
    {
      config: { access: CENTER_ROLES },
      validatorCompiler: documentedBody,
      schema: {
        summary: 'Upload evidence of a finding’s correction (the center), for the finding’s clauses',
        description:
          'multipart/form-data with one part `file` and an optional `caption`, as the evidence upload (types, sizes and quotas alike). Once the finding’s plan is accepted (409 finding.wrong_state), while the audit is open or awaits its decision. Reference it in `POST /api/findings/:id/correction {evidenceIds}`.',
        tags: ['evidence', 'findings'],
        consumes: ['multipart/form-data'],
        params: findingEvidenceParams,
        body: correctionUploadForm,
        response: { 201: evidenceRecord, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findVisible(actor, request.params.id);
      const finding = await fastify.repositories.findings.find(request.params.findingId);
      if (!finding || finding.assessmentId !== row.id) throw errors.notFound('finding.not_found');
      if (!CORRECTION_STATES.includes(finding.state))
        throw errors.conflict('finding.wrong_state', {
          state: finding.state,
          expected: CORRECTION_STATES.join(' / '),
        });
      const form = await readUploadForm(request, storage, maxBytes);
      const { evidence: created } = await uploadEvidence({
        db: fastify.db,
        storage,
        standards: fastify.standards,
        quota,
        actor,
        assessment: row,
        ...form,
        clauses: finding.clauses,
        // A correction comes after the audit's ratings: the audit takes it until it is decided.
        openTo: [...OPEN_STATUSES, 'submitted', 'in_review'],
      });
      return reply.status(201).send(created);
    },
  );

  fastify.post(
    '/:id/evidence/notes',
    {
      config: { access: CONTRIBUTORS },
      schema: {
        summary: 'Add a note or a link as evidence for one or more clauses',
        tags: ['evidence'],
        params: assessmentParams,
        body: textEvidenceBody,
        response: { 201: evidenceRecord, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findWritable(actor, request.params.id);
      const body = request.body;
      const clauses = checkClauses(fastify.standards, row, body.clauses);
      const created = recorded(
        await recordEvidence(
          fastify.db,
          {
            assessmentId: row.id,
            kind: body.kind,
            caption: body.caption || null,
            text: body.kind === 'note' ? body.text : null,
            url: body.kind === 'link' ? body.url : null,
            createdBy: actor.userId,
          },
          clauses,
        ),
      );
      return reply.status(201).send(created);
    },
  );

  fastify.get(
    '/:id/evidence/:evidenceId/content',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Download an evidence file, as an attachment with the type detected at upload',
        description:
          'Offered under the uploaded name with the extension of the detected type: "report.pdf" holding a PNG downloads as "report.png".',
        tags: ['evidence'],
        params: evidenceParams,
        response: {
          200: {
            description: 'the file’s bytes; Content-Type is the type detected at upload',
            content: {
              'application/octet-stream': {
                schema: z.instanceof(Readable).meta({ type: 'string', format: 'binary' }),
              },
            },
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const item = await evidence.find(actor, row.id, request.params.evidenceId);
      if (item?.kind !== 'file' || !item.sha256 || !item.mediaType) {
        throw errors.notFound('evidence.not_found');
      }
      if (!(await storage.has(item.sha256))) {
        request.log.error(
          { evidenceId: item.id, sha256: item.sha256 },
          'evidence content missing from the content store',
        );
        throw errors.notFound('evidence.not_found');
      }
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'evidence.download');
      const type = item.mediaType === TEXT_PLAIN ? `${TEXT_PLAIN}; charset=utf-8` : item.mediaType;
      reply
        .type(type)
        .header(
          'content-disposition',
          attachment(downloadName(item.fileName ?? `evidence-${item.id}`, item.mediaType)),
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store');
      if (item.size !== null) reply.header('content-length', item.size);
      return reply.send(storage.open(item.sha256));
    },
  );

  fastify.patch(
    '/:id/evidence/:evidenceId',
    {
      config: { access: CONTRIBUTORS },
      schema: {
        summary: 'Write or change the caption of evidence (after the file was chosen)',
        description:
          'Who may add evidence to the assessment now may caption it: the raters, while it is open (409 assessment.closed).',
        tags: ['evidence'],
        params: evidenceParams,
        body: captionBody,
        response: { 200: evidenceRecord, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findWritable(actor, request.params.id);
      const item = await evidence.find(actor, row.id, request.params.evidenceId);
      if (!item) throw errors.notFound('evidence.not_found');
      await evidence.setCaption(item.id, request.body.caption || null);
      return { ...item, caption: request.body.caption || null };
    },
  );

  fastify.delete(
    '/:id/evidence/:evidenceId',
    {
      config: { access: CONTRIBUTORS },
      schema: {
        summary: 'Remove evidence (its file stays stored while other evidence has the same content)',
        tags: ['evidence'],
        params: evidenceParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findWritable(actor, request.params.id);
      const item: EvidenceView | undefined = await evidence.find(actor, row.id, request.params.evidenceId);
      if (!item) throw errors.notFound('evidence.not_found');
      if (await evidence.isCheckInPhoto(item.id)) throw errors.conflict('evidence.check_in_photo');
      await removeEvidence(fastify.db, storage, item);
      return reply.status(204).send(null);
    },
  );
};
