import { CENTER_ROLES, isCenterRole } from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, CERTIFICATION_BODY, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses, PAGED_DESCRIPTION, pageQuery, TOTAL_COUNT_HEADER } from '../../http.ts';
import { XLSX_TYPE } from '../../spreadsheet.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { idParams } from '../assessments/assessments.schemas.ts';
import { findingsToCsv, findingsToXlsx } from './findings.export.ts';
import {
  actionPlan,
  correctionBody,
  finding,
  findingBody,
  findingParams,
  findingQuery,
  planBody,
  reviewBody,
} from './findings.schemas.ts';
import {
  actionPlanOf,
  listFindings,
  pageOfFindings,
  recordFinding,
  reviewFinding,
  submitCorrection,
  submitPlan,
} from './findings.usecases.ts';

/** Who sees an audit's findings: whoever sees the audit (consultants do not). */
const READERS = [...CERTIFICATION_BODY, 'auditor', ...CENTER_ROLES] as const;

/**
 * Findings of audits and the centers' corrective actions: the audit team records findings and
 * reviews plans and corrections; the center plans and corrects; the body follows them all.
 */
export const findingRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { visible, readable } = assessmentAccess(fastify.repositories.assessments);
  const findings = fastify.repositories.findings;

  /** The finding and its audit, if the actor may see the audit (else 404). */
  async function visibleFinding(actor: Actor, id: string) {
    const row = await findings.find(id);
    if (!row) throw errors.notFound('finding.not_found');
    const assessment = await visible(actor, row.assessmentId).catch(() => {
      throw errors.notFound('finding.not_found');
    });
    return { row, assessment };
  }

  /**
   * The findings across audits the actor may see: every center's for the body, its own for a
   * center, those of the audits they are on for an auditor (their review queue).
   */
  async function listed(actor: Actor, query: z.infer<typeof findingQuery>) {
    const { overdue, ...filter } = query;
    if (isCenterRole(actor.role) && !actor.organizationId) return { rows: [], total: 0 };
    // A center sees its own, whatever it asks for.
    const organizationId = isCenterRole(actor.role)
      ? (actor.organizationId ?? undefined)
      : filter.organizationId;
    const auditorId = actor.role === 'auditor' ? actor.userId : undefined;
    return pageOfFindings(fastify.db, { ...filter, organizationId, auditorId, overdue: overdue === 'true' });
  }

  async function shown(id: string) {
    const row = await findings.find(id);
    const [one] = row
      ? (await listFindings(fastify.db, { assessmentId: row.assessmentId })).filter((f) => f.id === id)
      : [];
    if (!one) throw errors.notFound('finding.not_found');
    return one;
  }

  fastify.post(
    '/assessments/:id/findings',
    {
      config: { access: ['auditor'] },
      schema: {
        summary: 'Record a finding of an audit (its lead auditor or an auditor)',
        description:
          'Kinds: major or minor nonconformity, observation, opportunity for improvement. Clauses of the audit’s standard (422 finding.unknown_clauses); evidence of the same audit (422 finding.unknown_evidence); not once the audit is decided (409 finding.audit_decided).',
        tags: ['findings'],
        params: idParams,
        body: findingBody,
        response: { 201: finding, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await recordFinding({
        db: fastify.db,
        standards: fastify.standards,
        actor,
        assessment: await visible(actor, request.params.id),
        finding: request.body,
      });
      return reply.status(201).send(await shown(row.id));
    },
  );

  fastify.get(
    '/assessments/:id/findings',
    {
      config: { access: [...READERS], keyScope: 'findings:read' },
      schema: {
        summary: 'The findings of an audit, each with its plan, correction and history',
        tags: ['findings'],
        params: idParams,
        response: { 200: z.array(finding), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const assessment = await visible(requireActor(request), request.params.id);
      return listFindings(fastify.db, { assessmentId: assessment.id });
    },
  );

  fastify.get(
    '/assessments/:id/action-plan',
    {
      config: { access: [...READERS], keyScope: 'findings:read' },
      schema: {
        summary: 'The open nonconformities ordered by the level they stand in the way of',
        description:
          'For each level above the one the ratings reach: whether correcting every open nonconformity reaches it (their clauses rated compliant), and which of them every way to it needs. It reads the ratings: the audited center reads it once the audit is submitted (403 assessment.sealed before).',
        tags: ['findings'],
        params: idParams,
        response: { 200: actionPlan, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      actionPlanOf(fastify.db, fastify.standards, await readable(requireActor(request), request.params.id)),
  );

  fastify.get(
    '/findings',
    {
      config: { access: [...READERS], keyScope: 'findings:read' },
      schema: {
        summary:
          'Findings across audits: every center’s for the body, one’s own for a center, the audits they are on for an auditor',
        tags: ['findings'],
        description: PAGED_DESCRIPTION,
        querystring: findingQuery.extend(pageQuery),
        response: { 200: z.array(finding), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { rows, total } = await listed(requireActor(request), request.query);
      reply.header(TOTAL_COUNT_HEADER, total);
      return rows;
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    fastify.get(
      `/findings.${format}`,
      {
        config: { access: [...READERS], keyScope: 'findings:read' },
        schema: {
          summary: `The findings across audits as ${format === 'csv' ? 'CSV (UTF-8 with BOM)' : 'a spreadsheet (XLSX)'}`,
          description:
            'The same filters and the same scope as GET /api/findings; headers in the caller’s language.',
          tags: ['findings'],
          querystring: findingQuery,
          response: {
            200: format === 'csv' ? z.string() : z.instanceof(Buffer),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { rows: found } = await listed(actor, request.query);
        reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
          .header('content-disposition', `attachment; filename="findings.${format}"`);
        return format === 'csv' ? findingsToCsv(found, actor.locale) : findingsToXlsx(found, actor.locale);
      },
    );
  }

  fastify.put(
    '/findings/:id/plan',
    {
      config: { access: [...CENTER_ROLES] },
      schema: {
        summary: 'Submit the corrective-action plan of a nonconformity (the center)',
        description:
          'While the finding is open or its plan not yet reviewed (409 finding.wrong_state); the due date today or later (422 finding.due_in_past); not for observations (422 finding.not_nonconformity).',
        tags: ['findings'],
        params: findingParams,
        body: planBody,
        response: { 200: finding, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { row } = await visibleFinding(actor, request.params.id);
      await submitPlan(fastify.db, actor, row, request.body);
      return shown(row.id);
    },
  );

  fastify.post(
    '/findings/:id/correction',
    {
      config: { access: [...CENTER_ROLES] },
      schema: {
        summary: 'Report the correction of a nonconformity, with its evidence (the center)',
        description:
          'Once the plan is accepted (409 finding.wrong_state); evidence uploaded to the same audit.',
        tags: ['findings'],
        params: findingParams,
        body: correctionBody,
        response: { 200: finding, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { row } = await visibleFinding(actor, request.params.id);
      await submitCorrection(fastify.db, actor, row, request.body);
      return shown(row.id);
    },
  );

  fastify.post(
    '/findings/:id/review',
    {
      config: { access: ['auditor'] },
      schema: {
        summary: 'Accept or reject a plan, verify a correction or find it not effective (the audit team)',
        description:
          'accept / reject a submitted plan; verified / not_effective a submitted correction (409 finding.wrong_state otherwise). reject and not_effective need a comment. A verified correction may change the clause’s ratings through the ratings routes, which record it.',
        tags: ['findings'],
        params: findingParams,
        body: reviewBody,
        response: { 200: finding, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { row, assessment } = await visibleFinding(actor, request.params.id);
      await reviewFinding(fastify.db, fastify.standards, actor, assessment, row, request.body);
      return shown(row.id);
    },
  );
};
