import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import { certificateLabels, publicCertificateOut } from '../certificates/certificate-out.ts';
import { certificateSigner, keyIdsOf } from '../certificates/certificate-signing.ts';
import { numberParams, publicCertificate } from '../certificates/certificates.schemas.ts';
import { directoryEntry } from './public.schemas.ts';

/** What anyone may see without signing in: certificate verification and the directory. Rate limited. */
export const publicRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const certificates = fastify.repositories.certificates;
  const signer = await certificateSigner(fastify.config, fastify.db);
  const rateLimit = { max: fastify.config.verificationsPerMinute, timeWindow: '1 minute' };

  fastify.get(
    '/certificates/:number',
    {
      config: { access: 'public', rateLimit },
      schema: {
        summary:
          'Verify a certificate by its number (no sign-in; listed in the directory or not): its current revision and history',
        description: `At most ${fastify.config.verificationsPerMinute} a minute from one address (429 beyond).`,
        tags: ['public'],
        params: numberParams,
        response: { 200: publicCertificate, ...errorResponses(400, 404, 429) },
      },
    },
    async (request) => {
      const row = await certificates.findAny(request.params.number, clock.today());
      if (!row) throw errors.notFound('certificate.not_found');
      await signer.learn(keyIdsOf([row]));
      return publicCertificateOut(fastify.standards, signer, row);
    },
  );

  fastify.get(
    '/directory',
    {
      config: { access: 'public', rateLimit },
      schema: {
        summary: 'Active certificates of the centers that chose to be listed',
        tags: ['public'],
        response: { 200: z.array(directoryEntry), ...errorResponses(429) },
      },
    },
    async () =>
      (await certificates.directory(clock.today())).map((row) => ({
        number: row.number,
        organization: row.organizationName,
        level: row.level,
        levelName: certificateLabels(fastify.standards, row).levelName,
        standard: row.standardRef,
        issuedOn: row.issuedOn,
        expiresOn: row.expiresOn,
      })),
  );
};
