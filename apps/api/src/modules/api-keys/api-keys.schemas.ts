import { API_KEY_SCOPES } from '@ccmm/engine';
import { z } from 'zod';
import { clock } from '../../clock.ts';
import { EXAMPLE } from '../../examples.ts';
import { isoDate, pgString, timestamp } from '../../http.ts';

export const newApiKey = z.object({
  name: pgString().trim().min(1).max(100),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1)
    .max(API_KEY_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, 'each scope once'),
  expiresOn: isoDate
    .refine((day) => day >= clock.today(), 'the day is past')
    .optional()
    .describe('the last day the key works; none: until revoked'),
});

export const createdApiKey = z
  .object({
    id: z.uuid(),
    key: z.string().describe('the key, shown this once only: send it as "Authorization: Bearer <key>"'),
  })
  .meta({
    id: 'CreatedApiKey',
    examples: [{ id: '6e1f3b8d-2a5c-4d97-a0b4-8c3e9f1d5a72', key: 'ccmm_k7Qx2mP9vR4tY8wZ1nB6cF3hJ5' }],
  });

export const apiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    organizationId: z.uuid().nullable(),
    createdAt: timestamp,
    createdBy: z.object({ id: z.uuid(), name: z.string() }),
    expiresOn: isoDate.nullable(),
    lastUsedAt: timestamp.nullable().describe('written at most once a minute'),
    revoked: z.boolean(),
  })
  .meta({
    id: 'ApiKey',
    examples: [
      {
        id: '6e1f3b8d-2a5c-4d97-a0b4-8c3e9f1d5a72',
        name: '呼叫平台月度指标同步',
        scopes: ['kpis:write', 'kpis:read'],
        organizationId: EXAMPLE.organizationId,
        createdAt: '2026-01-05T02:00:00.000Z',
        createdBy: { id: EXAMPLE.centerAdmin.id, name: EXAMPLE.centerAdmin.name },
        expiresOn: '2026-12-31',
        lastUsedAt: '2026-03-01T01:00:12.000Z',
        revoked: false,
      },
    ],
  });

export const apiKeyUse = z
  .object({
    method: z.string(),
    route: z.string().describe('the route as declared, e.g. /api/organizations/:id/kpis/:month'),
    status: z.number().int().describe('the status answered, refusals included'),
    requestId: z.string().describe('names the request in the server’s log'),
    usedAt: timestamp,
  })
  .meta({
    id: 'ApiKeyUse',
    examples: [
      {
        method: 'PUT',
        route: '/api/organizations/:id/kpis/:month',
        status: 200,
        requestId: 'req-7h2k9m',
        usedAt: '2026-03-01T01:00:12.000Z',
      },
    ],
  });
