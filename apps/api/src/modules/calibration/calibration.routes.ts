import { CERTIFICATION_BODY_ROLES } from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http.ts';
import { auditorCalibration, calibrationCsv } from './calibration.usecases.ts';

const share = z.number().nullable();

export const auditorCalibrationSchema = z
  .object({
    audits: z.int().describe('team audits (two or more raters with layers) counted'),
    auditors: z.array(
      z.object({
        auditorId: z.uuid(),
        name: z.string(),
        audits: z.int(),
        compared: z.object({ c: z.int(), f: z.int() }),
        leniency: z
          .object({ c: share, f: share })
          .describe('mean (own − team) points per rate: positive rates above the reconciled team rating'),
        overTime: z.array(
          z.object({ assessmentId: z.uuid(), assessedOn: z.string(), agreementWithTeam: share }),
        ),
      }),
    ),
    clauses: z
      .array(z.object({ clause: z.int(), audits: z.int(), disagreed: z.int(), share: z.number() }))
      .describe('clauses raters disagreed on, most often first: candidates for better guidance'),
  })
  .meta({ id: 'AuditorCalibration' });

export const calibrationRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/calibration/auditors',
    {
      config: { access: CERTIFICATION_BODY_ROLES },
      schema: {
        summary:
          'How the body’s auditors rate: leniency against the team rating, agreement over time, disputed clauses',
        tags: ['calibration'],
        response: { 200: auditorCalibrationSchema, ...errorResponses(401, 403) },
      },
    },
    async () => auditorCalibration(fastify.db),
  );

  fastify.get(
    '/calibration/auditors.csv',
    {
      config: { access: CERTIFICATION_BODY_ROLES },
      schema: {
        summary: 'The auditors’ calibration as CSV (UTF-8 with BOM): one row per auditor',
        tags: ['calibration'],
        response: { 200: z.string(), ...errorResponses(401, 403) },
      },
    },
    async (_request, reply) => {
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="auditor-calibration.csv"');
      return calibrationCsv(await auditorCalibration(fastify.db));
    },
  );
};
