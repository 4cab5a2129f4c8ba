import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };

/** The `{code, message}` body of every error the API answers (some add details, e.g. `issues`). */
export type ApiError = components['schemas']['Error'];

export type CcmmClient = Client<paths>;

export interface CcmmClientOptions {
  /** The server's origin, e.g. https://ccmm.example.org (the document's paths start with /api). */
  readonly baseUrl: string;
  /** An API key (`ccmm_…`, made by an admin under API keys), or a session token from POST /api/auth/login. */
  readonly apiKey?: string;
  readonly token?: string;
  /** The language of the server's messages (zh-Hans, zh-Hant or en); unset: the server's default. */
  readonly locale?: string;
  /** Another fetch (a test's, a proxy's); the platform's by default. */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/**
 * A typed client of the platform API: `client.GET('/api/assessments/{id}', { params: { path: { id } } })`
 * answers `{ data }` typed by the route's 200 schema, or `{ error }` typed `ApiError`.
 */
export function createCcmmClient(options: CcmmClientOptions): CcmmClient {
  if (options.apiKey && options.token) throw new Error('give an apiKey or a token, not both');
  const credential = options.apiKey ?? options.token;
  const headers: Record<string, string> = {};
  if (credential) headers.authorization = `Bearer ${credential}`;
  if (options.locale) headers['accept-language'] = options.locale;
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Whether a body is the API's `{code, message}` error (a failed call's `error`, or anything else). */
export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
