import { auditAgreement, CERTIFICATION_BODY_ROLES, fullYearsBetween } from '@ccmm/engine';
import { parseRatingsCsv, ratingsToCsv } from '@ccmm/ratings-csv';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { EXAMPLE } from '../../examples.ts';
import { recordGrantViews } from '../../grant-views.ts';
import { errorResponses, pgString } from '../../http.ts';
import { XLSX_TYPE } from '../../spreadsheet.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { idParams } from '../assessments/assessments.schemas.ts';
import { assertRatesOwnDomains } from '../audit-plans/audit-plans.usecases.ts';
import { verifyChain } from './audit-trail.ts';
import { clauseWrites } from './clause-write.ts';
import { ratingsToXlsx } from './ratings.export.ts';
import { asClauseRating, createLayerRepository, layersOf } from './ratings.repository.ts';
import { agreement, assessmentRatings, rate, rating, teamSettings } from './ratings.schemas.ts';
import { rateClause, rateMany, setTeamRating } from './ratings.usecases.ts';
import { auditTeamOf, reconciliationStarted, writerLayer } from './team.ts';

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

  const { readable: findReadable, writable: findWritable, writableWithPlace } = assessmentAccess(assessments);
  const writes = clauseWrites({ fastify, db: fastify.db, standards: fastify.standards });

  /** The caller's own layer on a team audit (an assigned rater); undefined: the team rating. */
  async function layerOf(actor: Actor, row: AssessmentView): Promise<string | undefined> {
    if (actor.role !== 'auditor') return undefined;
    const team = await auditTeamOf(fastify.db, row);
    return team.isTeam && team.raters.some((r) => r.id === actor.userId) ? actor.userId : undefined;
  }

  /**
   * The audit's team, if the actor may read every rater's layer: the certification body, the
   * lead, the other raters once the layers are visible or reconciliation has started.
   */
  async function layersReadable(actor: Actor, row: AssessmentView) {
    const team = await auditTeamOf(fastify.db, row);
    const isRater = team.raters.some((r) => r.id === actor.userId);
    const mayRead =
      CERTIFICATION_BODY_ROLES.includes(actor.role) ||
      (actor.role === 'auditor' &&
        isRater &&
        (actor.userId === team.leadId ||
          row.layersVisible ||
          (await reconciliationStarted(fastify.db, row.id))));
    if (!mayRead) throw errors.forbidden('rating.layers_hidden');
    return team;
  }

  fastify.get(
    '/:id/agreement',
    {
      config: { access: ['cb_admin', 'cb_reviewer', 'auditor'] },
      schema: {
        summary:
          'How far an audit’s raters agree: exact agreement and quadratic-weighted kappa (C, F), level-changing clauses',
        description:
          'Over every pair of raters and every clause both rated (null: no such pair). Kappa: Cohen’s with quadratic weights on 0/5/10, the mean over rater pairs. `levelChanging`: the disputed clauses whose proposals give different levels, every other clause at its team rating (else its first proposal). Readable as the layers are (`403 rating.layers_hidden`).',
        tags: ['ratings'],
        params: idParams,
        response: {
          200: agreement,
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const team = await layersReadable(actor, row);
      const all = await layersOf(fastify.db, row.id);
      const layers = team.raters.map((r) => ({
        raterId: r.id,
        ratings: all.filter((l) => l.raterId === r.id).map(asClauseRating),
      }));
      const { standard } = fastify.standards.get(row.standardRef);
      const operatingYears = fullYearsBetween(row.operatingSince, row.assessedOn) ?? 0;
      return auditAgreement(standard, layers, (await repository.list(row.id)).map(asClauseRating), {
        operatingYears,
      });
    },
  );

  fastify.get(
    '/:id/scores',
    {
      config: { access: ALL_ROLES, keyScope: 'assessments:read' },
      schema: {
        summary:
          'The ratings of an assessment (clauses never rated are absent): the team’s, the caller’s own, or every layer',
        description:
          '`layer=team` (default): the team rating, which eligibility, submission and decisions use. `layer=mine`: the caller’s own layer on a team audit (more than one assigned auditor on a certification or surveillance audit); the team rating where the caller has no layer of their own. `layer=all`: the team rating and every rater’s layer (`layers`), for the certification body, the lead auditor, and the other raters when the audit’s layers are visible or reconciliation has started (a blind audit by default; 403 rating.layers_hidden otherwise).',
        tags: ['ratings'],
        params: idParams,
        querystring: z.object({ layer: z.enum(['team', 'mine', 'all']).default('team') }),
        response: {
          200: assessmentRatings,
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      const { layer } = request.query;
      let body: z.infer<typeof assessmentRatings>;
      if (layer === 'mine') {
        const own = await layerOf(actor, row);
        const stored = own
          ? await createLayerRepository(fastify.db, own).list(row.id)
          : await repository.list(row.id);
        body = { standard: row.standardRef, ratings: stored };
      } else if (layer === 'all') {
        const team = await layersReadable(actor, row);
        const all = await layersOf(fastify.db, row.id);
        body = {
          standard: row.standardRef,
          ratings: await repository.list(row.id),
          team: { isTeam: team.isTeam, leadId: team.leadId, layersVisible: row.layersVisible },
          layers: team.raters.map((r) => ({
            raterId: r.id,
            name: r.name,
            ratings: all
              .filter((l) => l.raterId === r.id)
              .map(({ clause, c, f, note, version }) => ({ clause, c, f, note, version })),
          })),
        };
      } else {
        body = { standard: row.standardRef, ratings: await repository.list(row.id) };
      }
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'ratings.read');
      return body;
    },
  );

  fastify.put(
    '/:id/scores/:clause',
    {
      config: { access: ['auditor', 'center_admin', 'center_member'], confirmsSession: true },
      schema: {
        summary: 'Rate one clause (C-Rate, F-Rate, note), guarded by the version last seen',
        description:
          'Send `version` as returned by the last read of this clause (0 if it was never rated). A stale version is refused with 409 and the current rating, so no change is silently lost. On a team audit an assigned auditor writes their own layer (read it with `?layer=mine`); the lead sets the team rating with `PUT /api/assessments/:id/team-scores/:clause`. Where the audit plan assigns the auditor domains, a clause of another domain is refused (403 plan.domain_not_assigned); without a plan every assigned auditor may rate every clause.',
        tags: ['ratings'],
        params: z.object({ id: z.uuid(), clause: z.coerce.number().int().min(1) }),
        body: z.object({ c: rate, f: rate, note: note.optional(), version: z.int().min(0) }),
        response: { 200: rating, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id, clause } = request.params;
      const fast = await writes.tryWrite(request, id, clause, request.body);
      if (fast) return fast;
      await writes.confirmSession(request);
      const actor = requireActor(request);
      const { assessment: row, place } = await writableWithPlace(actor, id);
      assertRatesOwnDomains({
        standards: fastify.standards,
        actor,
        assessment: row,
        domains: place.planDomains,
        clauses: [request.params.clause],
      });
      const { rating: written } = await rateClause({
        db: fastify.db,
        standards: fastify.standards,
        actor,
        assessment: row,
        clause: request.params.clause,
        rating: request.body,
        layer: writerLayer(actor, row, place),
      });
      await writes.grantNext(request, id, clause);
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
          'All or nothing: with any bad line or entry nothing is changed and every problem is listed; a clause outside the domains the audit plan assigns the auditor refuses the whole request (403 plan.domain_not_assigned). CSV: `clause,c_rate,f_rate[,note]` with a header row, UTF-8, an empty cell for unscored.',
        tags: ['ratings'],
        params: idParams,
        body: z.union([bulkJson, z.instanceof(Buffer)]),
        response: {
          200: z.object({ written: z.int(), ratings: z.array(rating) }).meta({
            examples: [
              {
                written: 1,
                ratings: [
                  {
                    clause: 45,
                    c: 10,
                    f: 5,
                    note: '排班流程有文件，但近三个月未按预测调整班表',
                    carried: false,
                    version: 3,
                    updatedBy: EXAMPLE.auditor.id,
                    updatedAt: EXAMPLE.at,
                  },
                ],
              },
            ],
          }),
          ...errorResponses(400, 401, 403, 404, 409, 415),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { assessment: row, place } = await writableWithPlace(actor, request.params.id);
      const { body } = request;
      assertRatesOwnDomains({
        standards: fastify.standards,
        actor,
        assessment: row,
        domains: place.planDomains,
        clauses: Buffer.isBuffer(body)
          ? parseRatingsCsv(body, fastify.standards.get(row.standardRef).standard, actor.locale).ratings.map(
              (r) => r.clause,
            )
          : body.ratings.map((r) => r.clause),
      });
      const { ratings: written } = await rateMany({
        db: fastify.db,
        standards: fastify.standards,
        actor,
        assessment: row,
        input: request.body,
        layer: writerLayer(actor, row, place),
      });
      return { written: written.length, ratings: written };
    },
  );

  fastify.put(
    '/:id/team-scores/:clause',
    {
      config: { access: ['auditor'] },
      schema: {
        summary: 'Set the team rating of one clause of a team audit (the lead auditor)',
        description:
          'One of the raters’ proposals or another value, guarded by the team rating’s `version` (0 if never set; stale: 409 rating.conflict). Where the raters disagree a `reason` is required (400 rating.reason_required); it is kept as the team rating’s note. 403 rating.not_lead for any other auditor; 409 rating.not_team_audit on an assessment with one rater (their rating is the team rating).',
        tags: ['ratings'],
        params: z.object({ id: z.uuid(), clause: z.coerce.number().int().min(1) }),
        body: z.object({
          c: rate,
          f: rate,
          reason: pgString().max(2000).optional(),
          version: z.int().min(0),
        }),
        response: { 200: rating, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findWritable(actor, request.params.id);
      const team = await auditTeamOf(fastify.db, row);
      if (!team.isTeam) throw errors.conflict('rating.not_team_audit', {});
      if (team.leadId !== actor.userId) throw errors.forbidden('rating.not_lead');
      const { rating: written } = await setTeamRating({
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
    '/:id/team-settings',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Whether the raters of a team audit see each other’s layers before reconciliation',
        description:
          'Blind by default (`layersVisible: false`): each rater sees only their own layer, the lead sees all. The certification body’s admin decides, not the lead: independent layers are what the body’s calibration of its auditors measures.',
        tags: ['ratings'],
        params: idParams,
        body: teamSettings,
        response: { 200: teamSettings, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      await fastify.repositories.assessments.setLayersVisible(row.id, request.body.layersVisible);
      return { layersVisible: request.body.layersVisible };
    },
  );

  fastify.get(
    '/:id/scores.csv',
    {
      config: { access: ALL_ROLES, keyScope: 'assessments:read' },
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
      config: { access: ALL_ROLES, keyScope: 'assessments:read' },
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

  const trailEntry = z
    .object({
      seq: z.int(),
      clause: z.int(),
      actorId: z.uuid(),
      at: z.string(),
      old: z.object({ c: z.int().nullable(), f: z.int().nullable(), note: z.string().nullable() }),
      new: z.object({ c: z.int().nullable(), f: z.int().nullable(), note: z.string().nullable() }),
      carriedFrom: z
        .uuid()
        .optional()
        .describe(
          'a copy: the assessment the values came from (a surveillance audit’s decided audit, or the previous self-assessment or last audit a self-assessment started from)',
        ),
      layer: z
        .string()
        .describe('`team`: the team rating; otherwise the id of the rater whose own layer changed'),
      edition: z
        .string()
        .optional()
        .describe('a move to another edition: the edition whose clause numbering `clause` is in'),
      prevHash: z.string(),
      hash: z.string(),
    })
    .meta({
      examples: [
        {
          seq: 17,
          clause: 45,
          actorId: EXAMPLE.auditor.id,
          at: EXAMPLE.at,
          old: { c: 10, f: null, note: null },
          new: { c: 10, f: 5, note: '排班流程有文件，但近三个月未按预测调整班表' },
          layer: 'team',
          prevHash: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
          hash: EXAMPLE.sha256,
        },
      ],
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
      return trail.map((e) => ({ ...e, layer: e.layer ?? 'team' }));
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
          200: z
            .object({
              valid: z.boolean(),
              entries: z.int(),
              head: z.string().optional(),
              brokenAt: z.int().optional(),
              reason: z
                .enum(['sequence', 'link', 'hash'])
                .optional()
                .describe(
                  'sequence: an entry missing or out of order; link: a broken link; hash: an edited entry',
                ),
            })
            .meta({
              examples: [
                { valid: true, entries: 17, head: EXAMPLE.sha256 },
                { valid: false, entries: 17, brokenAt: 9, reason: 'hash' },
              ],
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
