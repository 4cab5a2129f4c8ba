import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES, requireActor } from '../../actor.ts';
import { clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import {
  errorResponses,
  listOf,
  PAGED_DESCRIPTION,
  pageQuery,
  pgText,
  TOTAL_COUNT_HEADER,
} from '../../http.ts';
import type { CertificateDocument } from './certificate-document.ts';
import { certificateLabels, certificateOut, certificateSummaryOut, renewedOn } from './certificate-out.ts';
import { certificateSigner, keyIdsOf } from './certificate-signing.ts';
import {
  certificate,
  certificateStatus,
  certificateSummary,
  changeStatusBody,
  issuing,
  numberParams,
  reinstateBody,
} from './certificates.schemas.ts';
import { changeCertificateStatus, reinstateCertificate } from './certificates.usecases.ts';

export const certificateRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const certificates = fastify.repositories.certificates;
  const signer = await certificateSigner(fastify.config, fastify.db);

  const findVisible = async (actor: Actor, number: string) => {
    const found = await certificates.find(actor, number, clock.today());
    if (!found) throw errors.notFound('certificate.not_found');
    return found;
  };

  fastify.get(
    '/issuing',
    {
      config: { access: ['cb_admin', 'cb_reviewer'] },
      schema: {
        summary:
          'Where the QR codes of certificates issued now will point, and whether that is only this machine',
        description:
          'publicOriginIsLocal is true while PUBLIC_ORIGIN is unset or names localhost or a loopback address: certificates issued then carry a verification link nobody else can open.',
        tags: ['certificates'],
        response: {
          200: issuing,
          ...errorResponses(401, 403),
        },
      },
    },
    async () => ({
      publicOrigin: fastify.config.publicOrigin,
      publicOriginIsLocal: fastify.config.publicOriginIsLocal,
    }),
  );

  fastify.get(
    '/',
    {
      config: { access: ALL_ROLES, keyScope: 'certificates:read' },
      schema: {
        summary:
          'The certificates the caller may see (the body: all; a center: its own; consultants: granted)',
        tags: ['certificates'],
        description: `Newest first. q: part of the organization’s name or of the number; status: one or more, comma-separated, as on the day asked (expired computed from the term in force). Rows carry no signature check and no history: GET /api/certificates/:number verifies them. ${PAGED_DESCRIPTION}`,
        querystring: z.object({
          organizationId: z.uuid().optional(),
          q: pgText(z.string().trim().max(100)).optional(),
          status: listOf(certificateStatus).optional(),
          ...pageQuery,
        }),
        response: { 200: z.array(certificateSummary), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { rows, total } = await certificates.list(actor, clock.today(), request.query);
      reply.header(TOTAL_COUNT_HEADER, total);
      const seen = [...new Set(rows.map((r) => r.organizationId))];
      await recordGrantViews(fastify.db, actor, seen, 'certificates.list');
      return rows.map((row) => certificateSummaryOut(fastify.standards, row));
    },
  );

  fastify.get(
    '/:number',
    {
      config: { access: ALL_ROLES, keyScope: 'certificates:read' },
      schema: {
        summary: 'One certificate, with its status history and whether its signature checks',
        tags: ['certificates'],
        params: numberParams,
        response: { 200: certificate, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findVisible(actor, request.params.number);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'certificates.read');
      await signer.learn(keyIdsOf([row]));
      return certificateOut(fastify.standards, signer, row);
    },
  );

  fastify.get(
    '/:number/pdf',
    {
      config: { access: ALL_ROLES, keyScope: 'certificates:read' },
      schema: {
        summary:
          'The certificate as a PDF (A4, Chinese with English, QR code to the public verification page)',
        tags: ['certificates'],
        params: numberParams,
        response: { 200: z.instanceof(Buffer), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await findVisible(actor, request.params.number);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'certificates.pdf');
      const { levelName, standard } = certificateLabels(fastify.standards, row);
      const doc: CertificateDocument = {
        number: row.number,
        organization: { name: row.organizationName, sites: [...row.sites] },
        scope: row.scope,
        level: row.level,
        levelName,
        standard: { ref: standard.ref, title: standard.title },
        issuedOn: row.issuedOn,
        renewedOn: renewedOn(row),
        expiresOn: row.expiresOn,
        surveillanceDue: [...row.surveillanceDue],
        certifyingBody: row.certifyingBody,
        verificationUrl: `${fastify.config.publicOrigin}/verify/${encodeURIComponent(row.number)}`,
        status: row.status,
        revision: row.revision,
        snapshotHash: row.snapshotHash,
      };
      // Loaded when first asked for: the PDF renderer (pdfkit, fonts) stays out of start-up.
      const { renderCertificatePdf } = await import('./certificate.pdf.ts');
      const pdf = await renderCertificatePdf(doc);
      reply.type('application/pdf').header('content-disposition', `inline; filename="${row.number}.pdf"`);
      return pdf;
    },
  );

  fastify.post(
    '/:number/status',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary:
          'Suspend (with a deadline), reinstate or withdraw a certificate; every change is a signed revision',
        description:
          'A suspension needs `until`, after today and at most 6 months away; it is lifted only by a recorded reinstatement (status active, or POST /:number/reinstate) and becomes a withdrawal past its deadline (the scheduled job). Withdrawn and superseded are final. Expiry is not set here: it follows from expiresOn.',
        tags: ['certificates'],
        params: numberParams,
        body: changeStatusBody,
        response: { 200: certificate, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findVisible(actor, request.params.number);
      await changeCertificateStatus({
        db: fastify.db,
        signer,
        actor,
        certificate: row,
        change: request.body,
      });
      const view = await findVisible(actor, row.number);
      await signer.learn(keyIdsOf([view]));
      return certificateOut(fastify.standards, signer, view);
    },
  );

  fastify.post(
    '/:number/reinstate',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Lift a suspension once its cause is resolved and verified (a new signed revision)',
        description:
          'Only a suspended certificate (409 `certificate.not_suspended` otherwise; withdrawn or superseded: 409). A suspension never lifts itself.',
        tags: ['certificates'],
        params: numberParams,
        body: reinstateBody,
        response: { 200: certificate, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await findVisible(actor, request.params.number);
      await reinstateCertificate({
        db: fastify.db,
        signer,
        actor,
        certificate: row,
        reason: request.body.reason,
      });
      const view = await findVisible(actor, row.number);
      await signer.learn(keyIdsOf([view]));
      return certificateOut(fastify.standards, signer, view);
    },
  );
};
