import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES, CERTIFICATION_BODY, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import { errorResponses } from '../../http.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { assessmentOut } from '../assessments/assessment-out.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { assessment, idParams } from '../assessments/assessments.schemas.ts';
import { certificateOut } from '../certificates/certificate-out.ts';
import { certificateSigner } from '../certificates/certificate-signing.ts';
import { conflict, conflictBody, decision, decisionAnswer, decisionBody } from './certification.schemas.ts';
import { decideAudit } from './certification.usecases.ts';
import { AUDIT_KINDS } from './decision-rules.ts';
import type { DecisionRow } from './decisions.repository.ts';

const decisionOut = (row: DecisionRow, deciderName: string) => ({
  id: row.id,
  assessmentId: row.assessmentId,
  outcome: row.outcome,
  level: row.level,
  reason: row.reason,
  comments: row.comments,
  eligibleLevel: row.eligibleLevel,
  snapshotHash: row.snapshotHash,
  deciderId: row.deciderId,
  deciderName,
  decidedAt: row.decidedAt,
  decidedOn: row.decidedOn,
  until: row.until,
});

/**
 * Impartiality (auditors' conflicts of interest), review and decision of certification
 * audits. A decision to certify issues the certificate in the same transaction.
 */
export const certificationRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const assessments = fastify.repositories.assessments;
  const organizations = fastify.repositories.organizations;
  const conflicts = fastify.repositories.conflicts;
  const decisions = fastify.repositories.decisions;
  const signer = await certificateSigner(fastify.config, fastify.db);
  const { visible } = assessmentAccess(assessments);

  /** An audit the actor (of the certification body, never one of its auditors) may review. */
  async function reviewable(actor: Actor, id: string): Promise<AssessmentView> {
    const row = await visible(actor, id);
    if (!AUDIT_KINDS.includes(row.kind)) throw errors.conflict('certification.not_an_audit');
    if (await assessments.isAuditor(row.id, actor.userId))
      throw errors.forbidden('certification.reviewer_is_auditor');
    return row;
  }

  fastify.post(
    '/organizations/:id/conflicts',
    {
      config: { access: ['auditor'] },
      schema: {
        summary: 'Declare one’s own conflict of interest with an organization (auditors)',
        description:
          '`declared`: barred from its audits (until `until`, if given). `consulted`: consulted for it from `since` to `until` (open: ongoing); barred from its audits dated within 2 years after.',
        tags: ['certification'],
        params: idParams,
        body: conflictBody,
        response: { 201: conflict, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // Auditors declare conflicts with organizations they are not (yet) assigned to see.
      if (!(await organizations.exists(request.params.id))) throw errors.notFound('organization.not_found');
      const { kind, since, until, note } = request.body;
      if (since && until && since > until)
        throw errors.badRequest('conflict.dates_reversed', { since, until });
      const row = await conflicts.insert({
        auditorId: actor.userId,
        organizationId: request.params.id,
        kind,
        since: since ?? null,
        until: until ?? null,
        note: note ?? null,
      });
      const out = (await conflicts.list(request.params.id, actor.userId)).find((c) => c.id === row.id);
      if (!out) throw new Error('the declared conflict was not found again');
      return reply.status(201).send(out);
    },
  );

  fastify.get(
    '/organizations/:id/conflicts',
    {
      config: { access: ['cb_admin', 'cb_reviewer', 'auditor'] },
      schema: {
        summary: 'Conflicts of interest declared with an organization (an auditor: their own)',
        tags: ['certification'],
        params: idParams,
        response: { 200: z.array(conflict), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!(await organizations.exists(request.params.id))) throw errors.notFound('organization.not_found');
      return conflicts.list(request.params.id, actor.role === 'auditor' ? actor.userId : undefined);
    },
  );

  fastify.post(
    '/assessments/:id/review',
    {
      config: { access: CERTIFICATION_BODY },
      schema: {
        summary: 'Take a submitted audit into review (a reviewer who was not one of its auditors)',
        tags: ['certification'],
        params: idParams,
        response: { 200: assessment, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await reviewable(actor, request.params.id);
      if (row.status !== 'submitted' && row.status !== 'in_review') {
        throw errors.conflict('certification.not_submitted', { status: row.status });
      }
      await assessments.setStatus(row.id, 'in_review');
      return assessmentOut(await visible(actor, row.id));
    },
  );

  fastify.post(
    '/assessments/:id/decision',
    {
      config: { access: CERTIFICATION_BODY },
      schema: {
        summary:
          'Decide a submitted audit: certify (certification audits) or maintain, lower, suspend, withdraw (surveillance audits); return or refuse',
        description:
          'certify (certification audits only; 422 `decision.outcome_not_for_kind` otherwise): `level` at most the eligible level (a lower one needs `reason`); issues the certificate and supersedes the organization’s current certificate on the standard. A surveillance audit acts on the organization’s current (active or suspended) certificate on the standard, as a new signed revision of it (none: 409 `decision.no_current_certificate`): maintain (the ratings must reach the current level; on a suspended certificate it lifts the suspension), lower (`level` below the current one and at most the eligible level, `reason`), suspend (`reason`, `until` at most 6 months away), withdraw (`reason`); a level above the current one is 422 `decision.raise_needs_recertification`. return: needs `comments`; the ratings open again. refuse: needs `reason`. Decisions are never edited: a correction is a new decision. `warning` is set when a certified level skips levels over the organization’s current certificate. `certificate` is the certificate issued or acted on.',
        tags: ['certification'],
        params: idParams,
        body: decisionBody,
        response: {
          201: decisionAnswer,
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await reviewable(actor, request.params.id);
      const decided = await decideAudit({
        db: fastify.db,
        standards: fastify.standards,
        config: fastify.config,
        signer,
        actor,
        assessment: row,
        decision: request.body,
      });
      fastify.kickOutbox();
      return reply.status(201).send({
        decision: decisionOut(decided.decision, decided.deciderName),
        ...(decided.certificate
          ? { certificate: certificateOut(fastify.standards, signer, decided.certificate) }
          : {}),
        ...(decided.warning ? { warning: decided.warning } : {}),
      });
    },
  );

  fastify.get(
    '/assessments/:id/decisions',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Every decision on an assessment, oldest first (never edited)',
        tags: ['certification'],
        params: idParams,
        response: { 200: z.array(decision), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await visible(actor, request.params.id);
      const list = await decisions.list(row.id);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'decisions.list');
      return list.map((d) => decisionOut(d.decision, d.deciderName));
    },
  );
};
