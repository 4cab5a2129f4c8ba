import { ratingsToCsv } from '@ccmm/ratings-csv';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { recordGrantViews } from '../../grant-views.ts';
import { errorResponses, pgString } from '../../http.ts';
import { XLSX_TYPE } from '../../spreadsheet.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { idParams } from '../assessments/assessments.schemas.ts';
import { verifyChain } from './audit-trail.ts';
import { ratingsToXlsx } from './ratings.export.ts';
import { asClauseRating } from './ratings.repository.ts';
import { assessmentRatings, rate, rating } from './ratings.schemas.ts';
import { rateClause, rateMany } from './ratings.usecases.ts';

const note = pgString().max(2000).nullable();

const bulkJson = z.object({
  ratings: z.array(z.object({ clause: z.int().min(1), c: rate, f: rate, note: note.optional() })).max(1000),
});

export const ratingRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const assessments = fastify.repositories.assessments;
  const repository = fastify.repositories.ratings;

  // The import format arrives as text/csv; parsed (and checked line by line) in the handler.
  fastify.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );

  const { readable: findReadable, writable: findWritable } = assessmentAccess(assessments);

  fastify.get(
    '/:id/scores',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The ratings of an assessment (clauses never rated are absent)',
        tags: ['ratings'],
        params: idParams,
        response: {
          200: assessmentRatings,
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const stored = await repository.list(row.id);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'ratings.read');
      return { standard: row.standardRef, ratings: stored };
    },
  );

  fastify.put(
    '/:id/scores/:clause',
    {
      config: { access: ['auditor', 'center_admin', 'center_member'] },
      schema: {
        summary: 'Rate one clause (C-Rate, F-Rate, note), guarded by the version last seen',
        description:
          'Send `version` as returned by the last read of this clause (0 if it was never rated). A stale version is refused with 409 and the current rating, so no change is silently lost.',
        tags: ['ratings'],
        params: z.object({ id: z.uuid(), clause: z.coerce.number().int().min(1) }),
        body: z.object({ c: rate, f: rate, note: note.optional(), version: z.int().min(0) }),
        response: { 200: rating, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findWritable(actor, request.params.id);
      const { rating: written } = await rateClause({
        db: fastify.db,
        standards: fastify.standards,
        actor,
        assessment: row,
        clause: request.params.clause,
        rating: request.body,
      });
      return written;
    },
  );

  fastify.put(
    '/:id/scores',
    {
      config: { access: ['auditor', 'center_admin', 'center_member'] },
      schema: {
        summary: 'Rate many clauses at once: JSON, or the CSV import format (text/csv)',
        description:
          'All or nothing: with any bad line or entry nothing is changed and every problem is listed. CSV: `clause,c_rate,f_rate[,note]` with a header row, UTF-8, an empty cell for unscored.',
        tags: ['ratings'],
        params: idParams,
        body: z.union([bulkJson, z.instanceof(Buffer)]),
        response: {
          200: z.object({ written: z.int(), ratings: z.array(rating) }),
          ...errorResponses(400, 401, 403, 404, 409, 415),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findWritable(actor, request.params.id);
      const { ratings: written } = await rateMany({
        db: fastify.db,
        standards: fastify.standards,
        actor,
        assessment: row,
        input: request.body,
      });
      return { written: written.length, ratings: written };
    },
  );

  fastify.get(
    '/:id/scores.csv',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Export the ratings in the import format (CSV, UTF-8 with BOM)',
        tags: ['ratings'],
        params: idParams,
        response: { 200: z.string(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const csv = ratingsToCsv(
        (await repository.list(row.id)).map((r) => ({ ...asClauseRating(r), note: r.note })),
      );
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'ratings.csv');
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="ratings-${row.id}.csv"`);
      return csv;
    },
  );

  fastify.get(
    '/:id/scores.xlsx',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Export every clause with its ratings as a spreadsheet (XLSX)',
        tags: ['ratings'],
        params: idParams,
        response: { 200: z.instanceof(Buffer), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const { standard } = fastify.standards.get(row.standardRef);
      const file = await ratingsToXlsx(standard, await repository.list(row.id), actor.locale);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'ratings.xlsx');
      reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="ratings-${row.id}.xlsx"`);
      return file;
    },
  );

  const trailEntry = z.object({
    seq: z.int(),
    clause: z.int(),
    actorId: z.uuid(),
    at: z.string(),
    old: z.object({ c: z.int().nullable(), f: z.int().nullable(), note: z.string().nullable() }),
    new: z.object({ c: z.int().nullable(), f: z.int().nullable(), note: z.string().nullable() }),
    carriedFrom: z.uuid().optional().describe('a carry-over: the decided audit the values came from'),
    prevHash: z.string(),
    hash: z.string(),
  });

  fastify.get(
    '/:id/trail',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The audit trail of rating changes (read only: who, when, clause, old and new)',
        tags: ['ratings'],
        params: idParams,
        response: { 200: z.array(trailEntry), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const trail = await repository.trail(row.id);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'ratings.trail');
      return trail;
    },
  );

  fastify.get(
    '/:id/trail/verify',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Recompute the audit trail’s hash chain: an edited or deleted entry is found',
        tags: ['ratings'],
        params: idParams,
        response: {
          200: z.object({
            valid: z.boolean(),
            entries: z.int(),
            head: z.string().optional(),
            brokenAt: z.int().optional(),
            reason: z.string().optional(),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const result = verifyChain(await repository.trail(row.id));
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'ratings.trail_verify');
      return result;
    },
  );
};
