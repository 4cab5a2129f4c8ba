import { CERTIFICATION_BODY_ROLES } from '@ccmm/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http.ts';
import { auditorCalibrationSchema } from './calibration.schemas.ts';
import { auditorCalibration, calibrationCsv } from './calibration.usecases.ts';

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
    async () => auditorCalibration(fastify.db, fastify.standards),
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
      return calibrationCsv(await auditorCalibration(fastify.db, fastify.standards));
    },
  );
};
