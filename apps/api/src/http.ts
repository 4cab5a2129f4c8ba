import { z } from 'zod';

/**
 * Every error body: a stable code, a message in the caller's language, the request's id (as in
 * the server's log lines and the x-request-id header), plus details.
 */
export const apiError = z
  .looseObject({
    code: z.string(),
    message: z.string(),
    requestId: z
      .string()
      .optional()
      .meta({ description: 'the id of the request in the server’s log (also its x-request-id header)' }),
  })
  .meta({
    id: 'Error',
    description: '{code, message, requestId} with a stable code; some errors add details',
    examples: [
      { code: 'assessment.not_found', message: '评估不存在或无权查看', requestId: 'req-1a2b3c' },
      {
        code: 'request.invalid',
        message: 'the request is not valid',
        requestId: 'req-4d5e6f',
        issues: [{ in: 'body', path: 'c', message: 'Invalid option: expected one of 0|5|10' }],
      },
    ],
  });

/** The error responses a route documents, by status. */
export function errorResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(statuses.map((s) => [s, apiError])) as { [K in S[number]]: typeof apiError };
}

export const uuidParam = z.uuid();
export const isoDate = z.iso.date();

/**
 * A moment: a Date in the API's code, an ISO 8601 string on the wire. The serializer encodes it
 * with toISOString (what JSON.stringify writes for a Date); a client parsing the response (the
 * web, through the contract) decodes it back to a Date.
 */
export const timestamp = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/**
 * A string bound for PostgreSQL, stored or compared (and often copied into jsonb): it takes
 * neither U+0000 nor a lone surrogate half (JSON's "\ud800"), and fails the whole query on
 * one. Refused here with the other checks: a 400 naming the field, not a 500.
 */
export function pgText<T extends z.ZodType<string>>(schema: T): T {
  return schema.refine(
    (value: string) => !value.includes('\u0000') && !/\p{Cs}/u.test(value),
    'must be Unicode text without U+0000 (NUL) or unpaired surrogates',
  );
}

/** z.string() for text that reaches PostgreSQL (see pgText). */
export const pgString = () => pgText(z.string());

/** Marks the issue atLeastOneField raises, so the server answers it as request.nothing_to_change. */
export const NOTHING_TO_CHANGE = 'request.nothing_to_change';

/**
 * A change whose fields are all optional still has to name one: `{}` — or only unknown fields,
 * which zod strips — would change nothing, and the database refuses an update that sets nothing.
 * Refused with 400 request.nothing_to_change naming the fields (server-options.ts maps the issue).
 */
export function atLeastOneField<T extends z.ZodObject>(schema: T): T {
  const fields = Object.keys(schema.shape);
  return schema
    .refine((value: object) => Object.values(value).some((v) => v !== undefined), {
      message: `give at least one of the fields ${fields.join(', ')}`,
      params: { code: NOTHING_TO_CHANGE, fields },
    })
    .describe([schema.description, `at least one of: ${fields.join(', ')}`].filter(Boolean).join('; '));
}

/** The header that carries how many rows a paged list holds in all. */
export const TOTAL_COUNT_HEADER = 'x-total-count';

/** One or more values as "a,b" (or the parameter repeated): ["a", "b"]. */
export function listOf<T extends z.ZodType<string>>(item: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value),
    z.array(item).min(1),
  );
}

/**
 * `limit` and `offset` of a list that can grow. Without `limit` the whole list comes back, as
 * before paging existed; the total is in the x-total-count header either way.
 */
export const PAGED_DESCRIPTION =
  'Paged with limit (1–500) and offset; without limit, every row. The x-total-count response header holds how many rows match the filters in all.';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).default(0),
};
