import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import type { LoadedStandard } from './standards.loader.ts';
import {
  refParams,
  standardDetail,
  standardSummary,
  uploadQuery,
  uploadResult,
} from './standards.schemas.ts';
import {
  type ParsedUpload,
  parseYamlUpload,
  publishEdition,
  replaceDraft,
  storeDraft,
} from './standards.usecases.ts';

/** The media types a YAML pack arrives as. */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

const UPLOAD_DESCRIPTION =
  'The pack as YAML (`Content-Type: application/yaml`; or the same as `application/json`), the format of standards/*.yaml, checked by the validator `ccmm validate` uses. Stored as a draft whatever status it names. Every problem is listed in the caller’s language: 400 `standard.invalid` with `problems: [{line, path, message}]`, and nothing is stored. A ref (standard@version) that exists: 409 `standard.exists`. A revision names the published version it revises and why (`?replaces=…&reason=…`); assessments stay on the version they started on.';

export const standardRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const describe = (loaded: LoadedStandard) => ({
    ref: loaded.ref,
    standard: loaded.pack.standard,
    version: loaded.pack.version,
    status: loaded.pack.status,
    title: loaded.pack.title,
    clauseCount: loaded.pack.clauses.length,
    contentHash: loaded.contentHash,
    warnings: loaded.warnings.map((w) => ({
      code: w.code,
      path: w.path,
      line: w.line,
      message: w.message,
    })),
    origin: loaded.edition?.origin ?? 'file',
    publishedAt: loaded.edition?.publishedAt?.toISOString() ?? null,
    replaces: loaded.edition?.replaces ?? null,
    revisionReason: loaded.edition?.revisionReason ?? null,
  });

  /** Drafts are the body's admin's work in progress: nobody else sees them. */
  const mayReadDrafts = (actor: Actor) => actor.role === 'cb_admin';
  const readable = (actor: Actor, ref: string) => {
    const loaded = fastify.standards.get(ref);
    if (loaded.pack.status !== 'published' && !mayReadDrafts(actor))
      throw errors.notFound('standard.not_found', { ref });
    return loaded;
  };

  /** The uploaded pack, parsed and checked (a YAML body). */
  const readUpload = (
    request: { headers: Record<string, unknown>; body: unknown },
    actor: Actor,
  ): ParsedUpload => {
    const type =
      String(request.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    if (YAML_TYPES.includes(type) && typeof request.body === 'string')
      return parseYamlUpload(request.body, actor.locale);
    // The same pack as JSON: its lines are those of the JSON laid out two spaces deep.
    if (type === 'application/json' && request.body && typeof request.body === 'object')
      return parseYamlUpload(JSON.stringify(request.body, null, 2), actor.locale);
    throw errors.badRequest('standard.upload_missing');
  };

  fastify.get(
    '/',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The standard versions: published ones, and drafts for the body’s admin',
        tags: ['standards'],
        response: { 200: z.array(standardSummary), ...errorResponses(401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return fastify.standards
        .all()
        .filter((s) => s.pack.status === 'published' || mayReadDrafts(actor))
        .map(describe);
    },
  );

  fastify.post(
    '/',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Upload a standard pack (a new edition or a revision) as a draft',
        description: UPLOAD_DESCRIPTION,
        tags: ['standards'],
        consumes: YAML_TYPES,
        querystring: uploadQuery,
        response: { 201: uploadResult, ...errorResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { replaces, reason } = request.query;
      const result = await storeDraft({
        db: fastify.db,
        standards: fastify.standards,
        actor,
        parsed: readUpload(request, actor),
        revision: replaces && reason ? { replaces, reason } : undefined,
      });
      return reply.status(201).send(result);
    },
  );

  fastify.get(
    '/:ref',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'One standard version whole: domains, sections, clauses, scale, levels and reading rules',
        description: 'A draft is shown to the body’s admin only (404 otherwise).',
        tags: ['standards'],
        params: refParams,
        response: {
          200: standardDetail,
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => {
      const loaded = readable(requireActor(request), request.params.ref);
      return { ...describe(loaded), pack: loaded.pack };
    },
  );

  fastify.put(
    '/:ref',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Replace a draft’s pack (the same standard@version) before it is published',
        description:
          'As the upload (YAML, every problem listed, nothing stored on an error). A published version never changes: 409 `standard.published`; a version loaded from a file in standards/: 409 `standard.from_file`.',
        tags: ['standards'],
        consumes: YAML_TYPES,
        params: refParams,
        response: { 200: uploadResult, ...errorResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return replaceDraft({
        db: fastify.db,
        standards: fastify.standards,
        ref: request.params.ref,
        parsed: readUpload(request, actor),
      });
    },
  );

  fastify.post(
    '/:ref/publish',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Publish a draft edition: it never changes again, and assessments may start on it',
        description:
          '409 `standard.published` when it is published already; 409 `standard.from_file` for a version from a file in standards/.',
        tags: ['standards'],
        params: refParams,
        response: { 200: standardSummary, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      requireActor(request);
      const loaded = await publishEdition({
        db: fastify.db,
        standards: fastify.standards,
        ref: request.params.ref,
        now: new Date(),
      });
      return describe(loaded);
    },
  );
};
