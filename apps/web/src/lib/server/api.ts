import { type ApiError, schemas } from '@ccmm/api/contract';
import { type Cookies, error } from '@sveltejs/kit';
import type { z } from 'zod';
import { env } from '$env/dynamic/private';
import { t } from '../i18n/index.ts';

// The web's server side talks to the API over HTTP, as any client does: the token from the
// ccmm_token cookie goes as a Bearer header, the reader's language as Accept-Language.
// Every answer is parsed with the API's own schema (@ccmm/api/contract): the success body with
// the schema the call names, an error body as the API's error shape. A body that does not match
// is the API breaking its contract: logged with zod's issues and answered 502, never passed on.

export const TOKEN_COOKIE = 'ccmm_token';
export const LOCALE_COOKIE = 'ccmm_locale';

export type ApiResult<T> =
  | { status: number; ok: true; body: T; headers: Headers }
  | { status: number; ok: false; body: ApiError };

/** How many rows a paged list holds in all (its x-total-count header). */
export function totalOf(result: { ok: true; body: readonly unknown[]; headers: Headers }): number {
  const total = Number(result.headers.get('x-total-count'));
  return Number.isInteger(total) ? total : result.body.length;
}

export type { ApiError };

function origin(): string {
  return env.CCMM_API_ORIGIN ?? 'http://127.0.0.1:3000';
}

type Caller = Pick<App.Locals, 'token' | 'locale'> & Partial<Pick<App.Locals, 'clientAddress' | 'requestId'>>;

/** The 502 for an answer that breaks the contract; what did not match goes to the server's log. */
function breach(locals: Caller, what: string, detail: string): never {
  console.error(`The API's answer to ${what} does not match its contract:\n${detail}`);
  error(502, { message: t(locals.locale).errors.generic });
}

export async function api<S extends z.ZodType>(
  locals: Caller,
  method: string,
  path: string,
  schema: S,
  body?: unknown,
): Promise<ApiResult<z.output<S>>> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locals.locale };
  if (locals.token) headers.authorization = `Bearer ${locals.token}`;
  // The page's request id: the API's log lines for this call carry the page's.
  if (locals.requestId) headers['x-request-id'] = locals.requestId;
  // Per-address limits (failed sign-ins, public look-ups) count the browser, not this server.
  // server.ts gives this process a key to vouch with.
  const webKey = env.CCMM_WEB_KEY;
  if (webKey && locals.clientAddress) {
    headers['x-ccmm-web-key'] = webKey;
    headers['x-ccmm-client-address'] = locals.clientAddress;
  }
  // A form with a file goes as multipart (fetch writes its content type); anything else as JSON.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  const response = await fetch(`${origin()}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
  });
  const what = `${method} ${path} (HTTP ${response.status})`;
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    breach(locals, what, `not JSON: ${text.slice(0, 200)}`);
  }
  if (response.ok) {
    const parsed = schema.safeParse(json);
    if (!parsed.success) breach(locals, what, JSON.stringify(parsed.error.issues, null, 2));
    return { status: response.status, ok: true, body: parsed.data, headers: response.headers };
  }
  const parsed = schemas.apiError.safeParse(json);
  if (!parsed.success) breach(locals, what, JSON.stringify(parsed.error.issues, null, 2));
  return { status: response.status, ok: false, body: parsed.data };
}

export function setSession(cookies: Cookies, url: URL, token: string): void {
  cookies.set(TOKEN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: url.protocol === 'https:',
  });
}

/** The API's message for a refusal (in the reader's language), else the status. */
export function errorMessage(result: { status: number; body: unknown }): string {
  const body = schemas.apiError.safeParse(result.body);
  return body.success ? body.data.message : `HTTP ${result.status}`;
}
