import type { ClauseMappingFile } from '@ccmm/standard';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses, pgString } from '../../http.ts';
import { tableToCsv, XLSX_TYPE } from '../../spreadsheet.ts';
import { mappingToXlsx, xlsxToMapping } from './mappings.xlsx.ts';
import type { LoadedStandard } from './standards.loader.ts';
import { createStandardsRepository } from './standards.repository.ts';
import {
  mappingResult,
  mappingSummary,
  refParams,
  standardDetail,
  standardSummary,
  transitionResult,
  uploadQuery,
  uploadResult,
} from './standards.schemas.ts';
import {
  mappingCounts,
  type ParsedMapping,
  type ParsedUpload,
  parseYamlMapping,
  parseYamlUpload,
  publishEdition,
  replaceDraft,
  storeDraft,
  storeMapping,
} from './standards.usecases.ts';
import { packToXlsx, xlsxToPack } from './standards.xlsx.ts';
import { simulateTransition, TRANSITION_COLUMNS, transitionCells } from './transition.ts';

/** The media types a YAML pack arrives as. */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

const UPLOAD_DESCRIPTION =
  'The pack as an XLSX workbook (multipart `file` — a YAML file there is read as YAML —, the template of `GET /api/standards/template.xlsx`; problems name `sheet`, `row` and `column`), or as YAML (`Content-Type: application/yaml`; or the same as `application/json`), the format of standards/*.yaml, checked by the validator `ccmm validate` uses. Stored as a draft whatever status it names. Every problem is listed in the caller’s language: 400 `standard.invalid` with `problems: [{line, path, message}]`, and nothing is stored. A ref (standard@version) that exists: 409 `standard.exists`. A revision names the published version it revises and why (`?replaces=…&reason=…`); assessments stay on the version they started on.';

/** YAML bodies arrive as text, parsed (and checked line by line) in the handler. */
function acceptYaml(fastify: { addContentTypeParser: FastifyInstance['addContentTypeParser'] }) {
  fastify.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
}

/** A YAML body as text, or a JSON one laid out as text (the same document; YAML reads JSON). */
function bodyText(request: FastifyRequest): string {
  if (typeof request.body === 'string') return request.body;
  if (request.body && typeof request.body === 'object') return JSON.stringify(request.body, null, 2);
  throw errors.badRequest('standard.upload_missing');
}

export const mappingRoutes: FastifyPluginAsyncZod = async (fastify) => {
  acceptYaml(fastify);
  fastify.post(
    '/',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary:
          'Store a mapping between two editions (ccmm-mapping/1 or its XLSX template), checked against both',
        description:
          'YAML (`Content-Type: application/yaml`) or the same as JSON: `{format: ccmm-mapping/1, standard, from, to, clauses: [{from, to, kind?}], added?}` where `to` is one clause (equal; merged when several sources share it and each says `kind: merged`), a list (split) or null (removed), and `added` lists the new clauses. Or the workbook of `GET /api/mappings/template.xlsx` (multipart `file`): sheet `mapping` (key/value: standard, from, to), `clauses` (one row per old clause: from, to — several separated by commas for a split, empty for removed —, kind), `added` (number). Every problem by line (YAML) or by sheet, row and column (XLSX), in the caller’s language: 400 `standard.mapping_invalid {problems}`, nothing stored. One mapping per pair of editions (409 `standard.mapping_exists`).',
        tags: ['standards'],
        consumes: [...YAML_TYPES, 'application/json', 'multipart/form-data'],
        response: { 201: mappingResult, ...errorResponses(400, 401, 403, 409, 415) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const find = (ref: string) => fastify.standards.find(ref)?.pack;
      let parsed: ParsedMapping;
      if (request.isMultipart()) {
        const buffer = await readFormFile(request);
        // An XLSX workbook is a zip ("PK"); any other file is read as a YAML mapping.
        parsed =
          buffer[0] === 0x50 && buffer[1] === 0x4b
            ? await xlsxToMapping(buffer, actor.locale, find)
            : parseYamlMapping(buffer.toString('utf8'), actor.locale, fastify.standards);
      } else {
        parsed = parseYamlMapping(bodyText(request), actor.locale, fastify.standards);
      }
      const stored = await storeMapping({ db: fastify.db, standards: fastify.standards, actor, parsed });
      return reply.status(201).send(stored);
    },
  );

  fastify.get(
    '/',
    {
      config: { access: ['cb_admin', 'cb_reviewer'] },
      schema: {
        summary: 'The stored mappings between editions, newest first, with their counts by kind',
        description:
          'Each mapping: the editions it connects, the old clauses by kind (equal, split, merged, removed) and the new clauses no old clause maps to, who stored it and when. A mapping to or from a draft is the body’s admin’s only.',
        tags: ['standards'],
        response: { 200: z.array(mappingSummary), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const published = (ref: string) => fastify.standards.find(ref)?.pack.status === 'published';
      const rows = await createStandardsRepository(fastify.db).listMappingsNamed();
      return rows
        .filter((r) => actor.role === 'cb_admin' || (published(r.fromRef) && published(r.toRef)))
        .map((r) => ({
          id: r.id,
          from: r.fromRef,
          to: r.toRef,
          counts: mappingCounts(r.content as ClauseMappingFile, fastify.standards, r.toRef),
          createdByName: r.createdByName,
          createdAt: r.createdAt,
        }));
    },
  );

  fastify.get(
    '/template.xlsx',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'The XLSX template of a mapping between two editions: one row per clause of the old one',
        description:
          'Filled for `from` → `to` (refs, e.g. `cc-cmm-oc@2017`): every clause of `from` mapped to the same number where `to` has it (else empty: removed), and the clauses of `to` that `from` lacks listed as added. Edit the splits, merges and removals and upload it (`POST /api/mappings`, multipart `file`). Unknown edition: 404 `standard.not_found`.',
        tags: ['standards'],
        querystring: z.object({ from: pgString().min(1).max(100), to: pgString().min(1).max(100) }),
        produces: [XLSX_TYPE],
        response: { 200: z.any().describe('the workbook'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      const packOf = (ref: string) => {
        const found = fastify.standards.find(ref);
        if (!found) throw errors.notFound('standard.not_found', { ref });
        return found.pack;
      };
      const body = await mappingToXlsx(packOf(from), packOf(to));
      const name = `mapping-${from}-${to}`.replaceAll('@', '-').replace(/[^\w.-]/g, '_');
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(body);
    },
  );
};

export const standardRoutes: FastifyPluginAsyncZod = async (fastify) => {
  acceptYaml(fastify);

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

  /** The uploaded pack, parsed and checked: a YAML (or JSON) body, or an XLSX file in a form. */
  const readUpload = async (request: FastifyRequest, actor: Actor): Promise<ParsedUpload> => {
    const type =
      String(request.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    if (YAML_TYPES.includes(type) && typeof request.body === 'string')
      return parseYamlUpload(request.body, actor.locale);
    // The same pack as JSON: its lines are those of the JSON laid out two spaces deep.
    if (type === 'application/json' && request.body && typeof request.body === 'object')
      return parseYamlUpload(JSON.stringify(request.body, null, 2), actor.locale);
    if (request.isMultipart()) {
      const buffer = await readFormFile(request);
      // An XLSX workbook is a zip ("PK"); any other file is read as a YAML pack.
      if (buffer[0] !== 0x50 || buffer[1] !== 0x4b)
        return parseYamlUpload(buffer.toString('utf8'), actor.locale);
      return xlsxToPack(buffer, actor.locale, (ref) => {
        const base = fastify.standards.find(ref);
        return base?.pack.status === 'published' ? base.pack : undefined;
      });
    }
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
        consumes: [...YAML_TYPES, 'multipart/form-data'],
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
        parsed: await readUpload(request, actor),
        revision: replaces && reason ? { replaces, reason } : undefined,
      });
      return reply.status(201).send(result);
    },
  );

  fastify.get(
    '/template.xlsx',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary:
          'The XLSX template of a standard pack: one row per clause, section, level criterion and group',
        description:
          'Filled with the edition `from` (default: the newest published), ready to edit into a new edition or a revision and upload (`POST /api/standards`, multipart `file`). Sheets: `edition` (key/value: standard, version, `base` — the published edition whose rates, scale and reading rules it takes —, title, source), `sections` (id, parent: none for a domain), `topics`, `groups`, `levels` (one row per criterion), `clauses` (one row per clause). Headers are the pack’s field names; a problem names its sheet, row and column.',
        tags: ['standards'],
        querystring: z.object({ from: pgString().max(100).optional() }),
        produces: [XLSX_TYPE],
        response: { 200: z.any().describe('the workbook'), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const ref = request.query.from ?? fastify.standards.newest();
      const loaded = readable(actor, ref);
      const base =
        loaded.pack.status === 'published' ? ref : (loaded.edition?.replaces ?? fastify.standards.newest());
      const body = await packToXlsx(loaded.pack, base);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${ref.replace('@', '-')}.xlsx"`)
        .send(body);
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

  for (const csv of [false, true]) {
    fastify.get(
      csv ? '/:ref/transition.csv' : '/:ref/transition',
      {
        config: { access: ['cb_admin', 'cb_reviewer', 'consultant'] },
        schema: {
          summary: csv
            ? 'The transition simulator as CSV (one row per center, headers in the caller’s language)'
            : 'The transition simulator: each center’s level under a new edition, from its last decided audit',
          description:
            'For every center with a certificate in force on `from` (the body), or every center that granted the caller access (a consultant; each read recorded for the center): its last decided audit on `from`, its ratings carried to `:ref` along the stored mapping (proposals for split and merged clauses counted as carried), evaluated by the engine: the level before and after, the total, the clauses with no rating (new ones), the proposals to confirm, and the gap to keep its level (the certified one, else the level before): rate changes suggested and points missing, `keepable` false when raising ratings cannot keep it. No mapping: 422 `standard.mapping_not_found`. The body’s admin may simulate against a draft.',
          tags: ['standards'],
          params: refParams,
          querystring: z.object({ from: pgString().max(100) }),
          ...(csv ? { produces: ['text/csv'] } : {}),
          response: {
            200: csv ? z.string() : transitionResult,
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const to = readable(actor, request.params.ref).ref;
        const from = readable(actor, request.query.from).ref;
        const rows = await simulateTransition({
          db: fastify.db,
          standards: fastify.standards,
          repositories: fastify.repositories,
          actor,
          from,
          to,
          today: new Date().toISOString().slice(0, 10),
        });
        if (!csv) return { from, to, centers: rows };
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="transition-${to.replace('@', '-')}.csv"`)
          .send(tableToCsv(TRANSITION_COLUMNS, rows.map(transitionCells), actor.locale));
      },
    );
  }

  fastify.put(
    '/:ref',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Replace a draft’s pack (the same standard@version) before it is published',
        description:
          'As the upload (YAML, every problem listed, nothing stored on an error). A published version never changes: 409 `standard.published`; a version loaded from a file in standards/: 409 `standard.from_file`.',
        tags: ['standards'],
        consumes: [...YAML_TYPES, 'multipart/form-data'],
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
        parsed: await readUpload(request, actor),
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

/** Largest XLSX pack read (a 170-clause workbook is about 40 kB). */
const XLSX_MAX_BYTES = 10 * 1024 * 1024;

/** The form's one part `file`, whole (an XLSX workbook), within XLSX_MAX_BYTES. */
async function readFormFile(request: FastifyRequest): Promise<Buffer> {
  let file: Buffer | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: XLSX_MAX_BYTES } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      file = await part.toBuffer();
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw errors.badRequest('standard.xlsx_unreadable', { reason: `larger than ${XLSX_MAX_BYTES} bytes` });
    if (error instanceof Error && !('statusCode' in error && Number(error.statusCode) >= 500))
      throw errors.badRequest('request.malformed', { reason: error.message });
    throw error;
  }
  if (!file || file.length === 0) throw errors.badRequest('standard.upload_missing');
  return file;
}
