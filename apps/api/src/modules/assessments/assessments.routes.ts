import { eligibilityFor, isSealedFrom } from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { EXAMPLE } from '../../examples.ts';
import { recordGrantViews } from '../../grant-views.ts';
import {
  errorResponses,
  isoDate,
  listOf,
  PAGED_DESCRIPTION,
  pageQuery,
  pgString,
  pgText,
  TOTAL_COUNT_HEADER,
} from '../../http.ts';
import { asClauseRating } from '../ratings/ratings.repository.ts';
import { assessmentAccess } from './assessment-access.ts';
import { assessmentEligibility } from './assessment-eligibility.ts';
import { moveAssessment } from './assessment-move.ts';
import { assessmentOut } from './assessment-out.ts';
import {
  assessment,
  assessmentDetail,
  createAssessmentBody,
  idParams,
  lastAudit,
  moveResult,
} from './assessments.schemas.ts';
import {
  assignAuditors,
  sampledToConfirm,
  startAssessment,
  submitAssessment,
} from './assessments.usecases.ts';
import { eligibility } from './eligibility.schemas.ts';

export const assessmentRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const assessments = fastify.repositories.assessments;
  const ratings = fastify.repositories.ratings;

  const {
    visible: findVisible,
    readable: findReadable,
    readableWithRatings,
    writable: findWritable,
  } = assessmentAccess(assessments);

  fastify.post(
    '/',
    {
      config: { access: ['cb_admin', 'center_admin', 'center_member'] },
      schema: {
        summary: 'Start an assessment (a center: its own self-assessment; the certification body: any)',
        tags: ['assessments'],
        description:
          'A certification audit of an organization holding no certificate in force on the standard on the audit date is an initial certification’s stage 2: the latest stage 1 review on or before its date must have found the organization ready, at most 6 months before (422 assessment.stage1_required, assessment.stage1_not_ready, assessment.stage1_expired). A surveillance audit starts from the ratings of the organization’s last decided audit on the standard, each marked carried (422 assessment.nothing_to_carry when there is none), and takes the sample the team re-rates. A self-assessment may start from a copy of the ratings and notes of the organization’s previous self-assessment or last submitted audit (startFrom; 422 assessment.no_previous, assessment.no_last_audit when there is none, assessment.start_from_not_self on an audit).',
        body: createAssessmentBody,
        response: { 201: assessment, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { assessment: row } = await startAssessment({
        db: fastify.db,
        standards: fastify.standards,
        actor,
        input: request.body,
      });
      return reply.status(201).send(assessmentOut(await findVisible(actor, row.id)));
    },
  );

  fastify.get(
    '/',
    {
      config: { access: ALL_ROLES, keyScope: 'assessments:read' },
      schema: {
        summary: 'The assessments the caller may see, newest first',
        description: `Filters: organizationId; status and kind (one or more, comma-separated); q (part of the organization’s name); from and to (assessment dates, inclusive). ${PAGED_DESCRIPTION}`,
        tags: ['assessments'],
        querystring: z.object({
          organizationId: z.uuid().optional(),
          status: listOf(assessment.shape.status).optional(),
          kind: listOf(assessment.shape.kind).optional(),
          q: pgText(z.string().trim().max(100)).optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
          ...pageQuery,
        }),
        response: { 200: z.array(assessment), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { rows, total } = await assessments.list(actor, request.query);
      reply.header(TOTAL_COUNT_HEADER, total);
      await recordGrantViews(
        fastify.db,
        actor,
        [...new Set(rows.map((r) => r.organizationId))],
        'assessments.list',
      );
      return rows.map(assessmentOut);
    },
  );

  fastify.get(
    '/:id',
    {
      config: { access: ALL_ROLES, keyScope: 'assessments:read' },
      schema: {
        summary: 'One assessment, with its auditors and progress',
        tags: ['assessments'],
        params: idParams,
        response: { 200: assessmentDetail, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findVisible(actor, request.params.id);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'assessments.read');
      return {
        ...assessmentOut(row),
        auditors: await assessments.auditors(row.id),
        clauses: fastify.standards.get(row.standardRef).pack.clauses.length,
        ratedClauses: await assessments.ratedCount(row.id),
        sampledToConfirm: await sampledToConfirm(fastify.standards, assessments, row),
      };
    },
  );

  fastify.get(
    '/:id/last-audit',
    {
      config: { access: ALL_ROLES, keyScope: 'assessments:read' },
      schema: {
        summary:
          'Beside a self-assessment: the C-Rate and F-Rate of each clause in the organization’s last decided audit',
        description:
          'For the center’s own preparation: the audit decided last on the self-assessment’s standard (null when there is none, or when the caller may not read it). Never beside an audit: an auditor rates without seeing the previous audit’s ratings (409 assessment.not_self).',
        tags: ['assessments'],
        params: idParams,
        response: { 200: lastAudit, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findReadable(actor, request.params.id);
      if (row.kind !== 'self') throw errors.conflict('assessment.not_self');
      const lastId = await assessments.lastDecidedAudit(row.organizationId, row.standardRef);
      // The audit is read as the caller may read it: a scope that sees the self-assessment but
      // not the audit gets nothing.
      const last = lastId ? await assessments.find(actor, lastId) : undefined;
      if (!last || isSealedFrom(actor, last)) return { audit: null, ratings: [] };
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'assessments.last_audit');
      return {
        audit: { id: last.id, kind: last.kind, assessedOn: last.assessedOn },
        ratings: (await ratings.list(last.id)).map((r) => ({ clause: r.clause, c: r.c, f: r.f })),
      };
    },
  );

  fastify.put(
    '/:id/auditors',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Assign the auditors of an assessment (replaces the list)',
        tags: ['assessments'],
        params: idParams,
        body: z.object({ userIds: z.array(z.uuid()).max(20) }),
        description:
          'Refused (409 impartiality.conflict) for an auditor who declared a conflict with the organization or consulted for it in the 2 years before the assessment date.',
        response: {
          200: assessmentDetail.shape.auditors.meta({
            examples: [
              [{ id: EXAMPLE.auditor.id, name: EXAMPLE.auditor.name, email: EXAMPLE.auditor.email }],
            ],
          }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findVisible(actor, request.params.id);
      const auditors = await fastify.db.transaction((tx) =>
        assignAuditors(tx, fastify.config, row, request.body.userIds),
      );
      fastify.kickOutbox();
      return auditors;
    },
  );

  fastify.post(
    '/:id/submit',
    {
      config: { access: ['auditor', 'center_admin', 'center_member'] },
      schema: {
        summary: 'Submit a completely rated assessment: its ratings can no longer change',
        tags: ['assessments'],
        params: idParams,
        response: { 200: assessment, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findWritable(actor, request.params.id);
      await submitAssessment({
        db: fastify.db,
        origin: fastify.config,
        standards: fastify.standards,
        assessment: row,
      });
      fastify.kickOutbox();
      return assessmentOut(await findVisible(actor, row.id));
    },
  );

  fastify.post(
    '/:id/move',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Move an open assessment to another edition along the stored mapping',
        description:
          'Equal clauses keep their ratings; split and merged clauses get proposed ratings marked to confirm (each part of a split at the old rating; a merged clause at the lowest of its sources’ ratings), which must be confirmed or changed before submission (409 assessment.proposals_unconfirmed); new clauses start unrated; removed clauses’ ratings are dropped. The trail records every rating removed and set, with the edition its clause number is in. A center admin moves its own self-assessments. Only an open assessment moves (409 assessment.move_closed); the target must be published (422 standard.not_published) and a mapping stored (422 standard.mapping_not_found); rater layers, findings or a surveillance sample block the move (409 assessment.move_blocked).',
        tags: ['assessments'],
        params: idParams,
        body: z.object({ to: pgString().max(100) }),
        response: { 200: moveResult, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findVisible(actor, request.params.id);
      return moveAssessment({
        db: fastify.db,
        standards: fastify.standards,
        actor,
        assessment: row,
        to: request.body.to,
      });
    },
  );

  fastify.get(
    '/:id/eligibility',
    {
      config: { access: ALL_ROLES, keyScope: 'assessments:read', confirmsSession: true },
      schema: {
        summary: 'Level, total, criteria and the gap to the next level, from the stored ratings',
        description:
          'Operating years are the full years from the organization’s operatingSince to the assessment’s assessedOn. An auditor reading a certification or surveillance audit gets the gap without suggested changes (`gap.changes` empty): the list would steer the audit toward the pass line. The audited center reads an audit’s eligibility once it is submitted (403 assessment.sealed before).',
        tags: ['assessments'],
        params: idParams,
        response: { 200: eligibility, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { assessment: row, ratings: stored } = await readableWithRatings(
        requireActor(request),
        request.params.id,
        fastify.sessionConfirmation(request),
      );
      // Who the caller is after the confirmation (the same, or as the database now says).
      const actor = requireActor(request);
      const { standard } = fastify.standards.get(row.standardRef);
      const result = eligibilityFor(
        actor,
        row,
        assessmentEligibility(standard, row, stored.map(asClauseRating)),
      );
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'assessments.eligibility');
      return { assessmentId: row.id, ...result };
    },
  );
};
