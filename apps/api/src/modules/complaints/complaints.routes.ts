import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CERTIFICATION_BODY, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { idParams } from '../assessments/assessments.schemas.ts';
import { numberParams } from '../certificates/certificates.schemas.ts';
import type { ComplaintFilter, createComplaintsRepository } from './complaints.repository.ts';
import {
  appealBody,
  assignBody,
  COMPLAINT_TEXT_MAX,
  CONTACT_MAX,
  centerComplaint,
  complaintBody,
  complaintQuery,
  complaintRecord,
  lodged,
  outcomeBody,
} from './complaints.schemas.ts';
import { assignHandler, lodgeAppeal, lodgeComplaint, recordOutcome } from './complaints.usecases.ts';

type Repository = ReturnType<typeof createComplaintsRepository>;

/** The register as the certification body sees it: every field and each one's history. */
async function register(complaints: Repository, filter: ComplaintFilter, id?: string) {
  const rows = await complaints.list(filter, id);
  const events = await complaints.events(rows.map((r) => r.complaint.id));
  return rows.map(({ complaint: c, organizationName, handlerName }) => ({
    id: c.id,
    reference: c.reference,
    kind: c.kind,
    status: c.status,
    organizationId: c.organizationId,
    organizationName,
    assessmentId: c.assessmentId,
    decisionId: c.decisionId,
    certificateNumber: c.certificateNumber,
    text: c.text,
    contact: c.contact,
    receivedOn: c.receivedOn,
    handlerId: c.handlerId,
    handlerName,
    outcome: c.outcome,
    outcomeText: c.outcomeText,
    closedOn: c.closedOn,
    history: events.filter((e) => e.complaintId === c.id).map(({ complaintId: _, ...event }) => event),
  }));
}

/**
 * Complaints about certified centers (anyone, no account) and centers' appeals against
 * decisions (ISO/IEC 17021-1 §9.7, §9.8), handled by a certification-body user who took no part
 * in the audit or the decision concerned.
 */
export const complaintRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const complaints = fastify.repositories.complaints;
  const organizations = fastify.repositories.organizations;
  const { visible } = assessmentAccess(fastify.repositories.assessments);

  async function one(id: string) {
    const [found] = await register(complaints, {}, id);
    if (!found) throw errors.notFound('complaint.not_found');
    return found;
  }

  fastify.post(
    '/public/certificates/:number/complaints',
    {
      config: {
        access: 'public',
        rateLimit: { max: fastify.config.complaintsPerHour, timeWindow: '1 hour' },
      },
      schema: {
        summary: 'Lodge a complaint about a certified center (no sign-in)',
        description: `Anyone, about the center holding the certificate. \`text\` up to ${COMPLAINT_TEXT_MAX} characters, \`contact\` up to ${CONTACT_MAX}: the contact is seen by the certification body only, never by the center. At most ${fastify.config.complaintsPerHour} an hour from one address (429 beyond).`,
        tags: ['complaints'],
        params: numberParams,
        body: complaintBody,
        response: { 201: lodged, ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const row = await lodgeComplaint({
        db: fastify.db,
        origin: fastify.config,
        number: request.params.number,
        text: request.body.text,
        contact: request.body.contact,
      });
      fastify.kickOutbox();
      return reply.status(201).send({ id: row.id, reference: row.reference });
    },
  );

  fastify.post(
    '/assessments/:id/appeals',
    {
      config: { access: ['center_admin'] },
      schema: {
        summary: 'Appeal the certification decision on an assessment of one’s center (its admin)',
        description: `Against the latest decision (certify or refuse), within ${fastify.config.appealDays} days of it (422 appeal.too_late after); one open appeal per decision (409 appeal.already_open).`,
        tags: ['complaints'],
        params: idParams,
        body: appealBody,
        response: { 201: lodged, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const assessment = await visible(actor, request.params.id);
      const row = await lodgeAppeal({
        db: fastify.db,
        config: fastify.config,
        actor,
        assessment,
        text: request.body.text,
      });
      fastify.kickOutbox();
      return reply.status(201).send({ id: row.id, reference: row.reference });
    },
  );

  fastify.get(
    '/complaints',
    {
      config: { access: CERTIFICATION_BODY },
      schema: {
        summary: 'The register of complaints and appeals (the certification body)',
        tags: ['complaints'],
        querystring: complaintQuery.extend({ organizationId: z.uuid().optional() }),
        response: { 200: z.array(complaintRecord), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => register(complaints, request.query),
  );

  fastify.get(
    '/organizations/:id/complaints',
    {
      config: { access: ['cb_admin', 'cb_reviewer', 'center_admin'] },
      schema: {
        summary: 'The complaints about a center and its appeals, as the center sees them',
        description: 'Without the complainant’s contact (personal data) and the body’s internal history.',
        tags: ['complaints'],
        params: idParams,
        response: { 200: z.array(centerComplaint), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!(await organizations.find(actor, request.params.id)))
        throw errors.notFound('organization.not_found');
      const rows = await register(complaints, { organizationId: request.params.id });
      return rows.map(({ contact: _, history: __, ...seen }) => seen);
    },
  );

  fastify.post(
    '/complaints/:id/assign',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Assign the handler of a complaint or appeal (certification-body admin)',
        description:
          'The handler is a certification-body user who neither audited the assessment concerned nor decided on it (422 complaint.handler_involved).',
        tags: ['complaints'],
        params: idParams,
        body: assignBody,
        response: { 200: complaintRecord, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      await assignHandler({
        db: fastify.db,
        actor: requireActor(request),
        id: request.params.id,
        handlerId: request.body.handlerId,
      });
      return one(request.params.id);
    },
  );

  fastify.post(
    '/complaints/:id/outcome',
    {
      config: { access: CERTIFICATION_BODY },
      schema: {
        summary: 'Record the outcome of a complaint or appeal (its assigned handler), closing it',
        tags: ['complaints'],
        params: idParams,
        body: outcomeBody,
        response: { 200: complaintRecord, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await recordOutcome({
        db: fastify.db,
        actor: requireActor(request),
        id: request.params.id,
        outcome: request.body.outcome,
        text: request.body.text,
      });
      return one(request.params.id);
    },
  );
};
