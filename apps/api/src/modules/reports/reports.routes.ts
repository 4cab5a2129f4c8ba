import { buffer } from 'node:stream/consumers';
import { eligibilityFor } from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES, requireActor } from '../../actor.ts';
import { recordGrantViews } from '../../grant-views.ts';
import { errorResponses } from '../../http.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { assessmentEligibility } from '../assessments/assessment-eligibility.ts';
import { idParams } from '../assessments/assessments.schemas.ts';
import { createCheckInsRepository } from '../check-ins/check-ins.repository.ts';
import { asClauseRating } from '../ratings/ratings.repository.ts';
import type { ReportDocument } from './report-document.ts';
import { signOff } from './reports.schemas.ts';
import { signOffReport } from './reports.usecases.ts';

/** How many evidence photos the report shows at most, and which types it can draw. */
const REPORT_PHOTOS = 6;
const PHOTO_TYPES = ['image/png', 'image/jpeg'];

/** The assessment report as a PDF, for the center and the certification body. */
export const reportRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const assessments = fastify.repositories.assessments;
  const ratings = fastify.repositories.ratings;
  const reports = fastify.repositories.reports;

  /**
   * Up to REPORT_PHOTOS photos (PNG, JPEG) of the findings' evidence, each finding's own first,
   * then its correction's, in finding order.
   */
  async function findingPhotos(
    actor: Actor,
    assessmentId: string,
    findings: readonly { number: number; evidenceIds: string[]; correctionEvidenceIds: string[] }[],
  ) {
    const wanted = findings.flatMap((f) =>
      [...f.evidenceIds, ...f.correctionEvidenceIds].map((id) => ({ id, findingNumber: f.number })),
    );
    if (wanted.length === 0) return [];
    const items = new Map(
      (await fastify.repositories.evidence.list(actor, assessmentId)).map((e) => [e.id, e]),
    );
    const photos = [];
    for (const { id, findingNumber } of wanted) {
      const item = items.get(id);
      if (!item?.sha256 || !PHOTO_TYPES.includes(item.mediaType ?? '')) continue;
      photos.push({
        findingNumber,
        caption: item.caption,
        image: await buffer(fastify.evidenceContent.open(item.sha256)),
      });
      if (photos.length === REPORT_PHOTOS) break;
    }
    return photos;
  }
  const { visible, readable } = assessmentAccess(assessments);

  fastify.get(
    '/:id/sign-offs',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Who signed the audit’s report off, and when',
        tags: ['assessments'],
        params: idParams,
        response: { 200: z.array(signOff), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => reports.signOffs((await visible(requireActor(request), request.params.id)).id),
  );

  fastify.post(
    '/:id/sign-off',
    {
      config: { access: ['auditor', 'center_admin'] },
      schema: {
        summary: 'Sign the audit’s report off (its lead auditor, or the audited center’s admin)',
        description:
          'Once the audit is submitted (409 report.not_submitted); each party once (409 report.already_signed), dated today. The report PDF shows both.',
        tags: ['assessments'],
        params: idParams,
        response: { 201: z.array(signOff), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const signed = await signOffReport(fastify.db, actor, await visible(actor, request.params.id));
      return reply.status(201).send(signed);
    },
  );

  fastify.get(
    '/:id/report/pdf',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          'The assessment report (PDF): summary, level and criteria, points per domain and section, the gap to the next level, every clause with its ratings and notes',
        tags: ['assessments'],
        params: idParams,
        response: { 200: z.instanceof(Buffer), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await readable(actor, request.params.id);
      const { standard } = fastify.standards.get(row.standardRef);
      const stored = await ratings.list(row.id);
      const plan = row.kind === 'self' ? undefined : await fastify.repositories.auditPlans.find(row.id);
      const findings = (await fastify.repositories.findings.list({ assessmentId: row.id })).map(
        (r) => r.finding,
      );
      const doc: ReportDocument = {
        locale: actor.locale,
        organization: { name: row.organizationName, operatingSince: row.operatingSince },
        assessment: { id: row.id, kind: row.kind, status: row.status, assessedOn: row.assessedOn },
        standard,
        eligibility: eligibilityFor(
          actor,
          row,
          assessmentEligibility(standard, row, stored.map(asClauseRating)),
        ),
        ratings: stored.map((r) => ({ clause: r.clause, c: r.c, f: r.f, note: r.note })),
        generatedAt: new Date().toISOString(),
        signOffs: (await reports.signOffs(row.id)).map(({ party, name, signedOn }) => ({
          party,
          name,
          signedOn,
        })),
        plan: plan ? { ...plan, team: plan.team.map(({ name, role }) => ({ name, role })) } : null,
        findings: findings.map((f) => ({
          number: f.number,
          kind: f.kind,
          clauses: f.clauses,
          state: f.state,
          statement: f.statement,
          dueOn: f.dueOn,
        })),
        photos: await findingPhotos(actor, row.id, findings),
        checkIns:
          row.kind === 'self'
            ? []
            : (await createCheckInsRepository(fastify.db).list(row.id)).map((c) => ({
                name: c.user.name,
                kind: c.kind,
                at: c.at.toISOString(),
                receivedAt: c.receivedAt.toISOString(),
                location: c.location,
                distanceM: c.distanceM,
                far: c.far,
                photoSha256: c.photo?.sha256 ?? null,
                explanation: c.explanation?.text ?? null,
              })),
      };
      // Loaded when first asked for: the PDF renderer (pdfkit, fonts) stays out of start-up.
      const { renderAssessmentReportPdf } = await import('./report.pdf.ts');
      const pdf = await renderAssessmentReportPdf(doc);
      await recordGrantViews(fastify.db, actor, [row.organizationId], 'reports.pdf');
      reply.type('application/pdf').header('content-disposition', `inline; filename="report-${row.id}.pdf"`);
      return pdf;
    },
  );
};
