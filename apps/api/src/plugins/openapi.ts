import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * A route's operationId when it names none: the method and the path in camel case, each
 * parameter as "By<Name>" — `GET /api/assessments/:id/findings` → `getAssessmentsByIdFindings`.
 * Stable, unique per method and path, and a usable method name in a generated client.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api(?=\/|$)/, '')
    .split(/[/.]/)
    .filter(Boolean)
    .flatMap((part) =>
      part.startsWith(':') || part.startsWith('{')
        ? ['by', part.replace(/^[:{]|}$/g, '')]
        : part.split(/[-_]/),
    );
  const camel = words.map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join('');
  return method.toLowerCase() + camel;
}

/** The Content-Security-Policy of the API reference (/api/docs). */
export const SWAGGER_UI_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The API document, generated from the routes' zod schemas (every schema registered with an id
 * defined once under components.schemas), at /api/docs/json, with an interactive reference at
 * /api/docs.
 */
export const openapi = fp(
  async (fastify: FastifyInstance) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'CC-CMM platform API',
          description:
            'Standards, organizations, assessments, ratings, evidence and eligibility. Errors are `{code, message}`; send `Authorization: Bearer <token>` from `POST /api/auth/login`.',
          version: '1',
        },
        servers: [{ url: fastify.config.publicOrigin, description: 'this server (PUBLIC_ORIGIN)' }],
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
        security: [{ bearer: [] }],
      },
      // A route registered as "/" under a prefix answers without the slash too: documented without it.
      transform: (input) => {
        const out = jsonSchemaTransform(input);
        const url = out.url.length > 1 ? out.url.replace(/\/+$/, '') : out.url;
        const method = Array.isArray(input.route.method) ? input.route.method[0] : input.route.method;
        const schema = out.schema as { operationId?: string };
        return {
          url,
          schema: { ...out.schema, operationId: schema.operationId ?? operationIdOf(String(method), url) },
        };
      },
      transformObject: jsonSchemaTransformObject,
    });
    // The reference page loads only its own scripts (no inline one): its policy allows those and
    // the inline styles the UI sets, in place of the API's default-src 'none'.
    await fastify.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: SWAGGER_UI_CSP });
  },
  { name: 'openapi', dependencies: ['context'] },
);
