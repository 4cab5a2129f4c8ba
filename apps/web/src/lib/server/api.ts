import type { Cookies } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';

// The web's server side talks to the API over HTTP, as any client does: the token from the
// ccmm_token cookie goes as a Bearer header, the reader's language as Accept-Language.

export const TOKEN_COOKIE = 'ccmm_token';
export const LOCALE_COOKIE = 'ccmm_locale';

export interface ApiResult<T> {
  status: number;
  ok: boolean;
  body: T;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  current?: unknown;
}

function origin(): string {
  return env.CCMM_API_ORIGIN ?? 'http://127.0.0.1:3000';
}

export async function api<T>(
  locals: Pick<App.Locals, 'token' | 'locale'> & Partial<Pick<App.Locals, 'clientAddress'>>,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locals.locale };
  if (locals.token) headers.authorization = `Bearer ${locals.token}`;
  // Per-address limits (failed sign-ins, public look-ups) count the browser, not this server.
  // server.ts gives this process a key to vouch with.
  const webKey = env.CCMM_WEB_KEY;
  if (webKey && locals.clientAddress) {
    headers['x-ccmm-web-key'] = webKey;
    headers['x-ccmm-client-address'] = locals.clientAddress;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${origin()}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  return { status: response.status, ok: response.ok, body: parsed as T };
}

export function setSession(cookies: Cookies, url: URL, token: string): void {
  cookies.set(TOKEN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: url.protocol === 'https:',
  });
}

export function errorMessage(result: ApiResult<unknown>): string {
  const body = result.body as Partial<ApiErrorBody> | null;
  return body?.message ?? `HTTP ${result.status}`;
}
