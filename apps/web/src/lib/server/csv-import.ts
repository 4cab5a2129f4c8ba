import { env } from '$env/dynamic/private';

// The CSV import as the API takes it: the file's bytes unchanged (the API checks the encoding
// itself), as text/csv, with the caller's token and language like every other API call.

export interface ImportProblem {
  line: number | null;
  code: string;
  message: string;
}

export type ImportBody = { written: number } | { code: string; message: string; problems?: ImportProblem[] };

export interface ImportResult {
  status: number;
  ok: boolean;
  body: ImportBody;
}

export async function putRatingsCsv(
  locals: Pick<App.Locals, 'token' | 'locale'>,
  assessmentId: string,
  bytes: ArrayBuffer,
): Promise<ImportResult> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': locals.locale,
    'content-type': 'text/csv; charset=utf-8',
  };
  if (locals.token) headers.authorization = `Bearer ${locals.token}`;
  const origin = env.CCMM_API_ORIGIN ?? 'http://127.0.0.1:3000';
  const response = await fetch(`${origin}/api/assessments/${encodeURIComponent(assessmentId)}/scores`, {
    method: 'PUT',
    headers,
    body: bytes,
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  return { status: response.status, ok: response.ok, body: parsed as ImportBody };
}
