import { z } from 'zod';

/** Every error body: a stable code and a message in the caller's language (plus details). */
export const apiError = z
  .looseObject({ code: z.string(), message: z.string() })
  .meta({ id: 'Error', description: '{code, message} with a stable code; some errors add details' });

/** The error responses a route documents, by status. */
export function errorResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(statuses.map((s) => [s, apiError])) as { [K in S[number]]: typeof apiError };
}

export const uuidParam = z.uuid();
export const isoDate = z.iso.date();
