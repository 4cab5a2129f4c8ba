// What the multipart uploads (evidence, a check-in's photo) share: the file's display name, the
// refusals of a bad form, and the validator that leaves the body to the handler.
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError, errors } from '../../errors.ts';

const MAX_FILE_NAME = 200;

/** The uploaded name, for display only: no path, no control or direction characters, not too long. */
export function displayName(raw: string | undefined): string | null {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return null;
  const chars = [...cleaned];
  if (chars.length <= MAX_FILE_NAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  return chars.slice(0, MAX_FILE_NAME - ext.length).join('') + ext;
}

export const tooLarge = (limit: number) => new AppError('request.body_too_large', 413, { limit });

export const invalidBody = (error: z.ZodError) =>
  errors.badRequest(
    'request.invalid',
    {},
    {
      issues: error.issues.map((issue) => ({
        in: 'body',
        path: issue.path.join('.'),
        message: issue.message,
      })),
    },
  );

/** The upload's body is multipart, read in the handler: its schema documents it only. */
export function documentedBody<S>(
  route: Parameters<FastifySchemaCompiler<S>>[0],
): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return () => true;
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}
