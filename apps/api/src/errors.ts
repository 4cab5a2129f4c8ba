import {
  type Catalog,
  format,
  type Locale,
  localeFromTag,
  type Message,
  type MessageParams,
  type Params,
} from '@ccmm/engine';
import { accountErrors } from './modules/accounts/accounts.errors.ts';
import { applicationErrors } from './modules/applications/applications.errors.ts';
import { assessmentErrors } from './modules/assessments/assessments.errors.ts';
import { planErrors } from './modules/audit-plans/audit-plans.errors.ts';
import { authErrors } from './modules/auth/auth.errors.ts';
import { benchmarkErrors } from './modules/benchmarks/benchmarks.errors.ts';
import { certificateErrors } from './modules/certificates/certificates.errors.ts';
import { certificationErrors } from './modules/certification/certification.errors.ts';
import { checkInErrors } from './modules/check-ins/check-ins.errors.ts';
import { complaintErrors } from './modules/complaints/complaints.errors.ts';
import { evidenceErrors } from './modules/evidence/evidence.errors.ts';
import { findingErrors } from './modules/findings/findings.errors.ts';
import { kpiErrors } from './modules/kpis/kpis.errors.ts';
import { notificationErrors } from './modules/notifications/notifications.errors.ts';
import { organizationErrors } from './modules/organizations/organizations.errors.ts';
import { ratingErrors } from './modules/ratings/ratings.errors.ts';
import { reportErrors } from './modules/reports/reports.errors.ts';
import { standardErrors } from './modules/standards/standards.errors.ts';
import { userErrors } from './modules/users/users.errors.ts';
import { webhookErrors } from './modules/webhooks/webhooks.errors.ts';
import { sharedErrors } from './shared.errors.ts';

// Every error a client sees: a stable code, an HTTP status and a message in the reader's
// language. Each area keeps its codes in modules/<area>/<area>.errors.ts (the request and the
// infrastructure in shared.errors.ts), its keys typed by the area's prefix so no two areas
// share a code; here they are merged into one catalogue and one ErrorCode.
const messages = {
  ...sharedErrors,
  ...authErrors,
  ...accountErrors,
  ...userErrors,
  ...organizationErrors,
  ...standardErrors,
  ...assessmentErrors,
  ...planErrors,
  ...ratingErrors,
  ...evidenceErrors,
  ...certificationErrors,
  ...certificateErrors,
  ...kpiErrors,
  ...benchmarkErrors,
  ...complaintErrors,
  ...applicationErrors,
  ...findingErrors,
  ...checkInErrors,
  ...notificationErrors,
  ...reportErrors,
  ...webhookErrors,
} as const satisfies Catalog<string>;

export type ErrorCode = keyof typeof messages;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    readonly params: Params = {},
    /** Extra machine-readable detail for the client (e.g. every bad line of an import). */
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}

/** The parameters the message of a code needs: its {placeholders} (any, for a code known at run time). */
export type ErrorParams<C extends ErrorCode> = MessageParams<(typeof messages)[C]>;

export function messageFor<C extends ErrorCode>(code: C, locale: Locale, ...params: ErrorParams<C>): string {
  const message: Message = messages[code];
  return format(message, locale, ...(params as [Params?]));
}

/** An application error's answer in the caller's language (the error handler's, and any hook's). */
export function appErrorBody(error: AppError, locale: Locale): Record<string, unknown> {
  return { code: error.code, message: messageFor(error.code, locale, error.params), ...error.details };
}

/** The reader's language: the first tag of Accept-Language, Chinese by default. */
export function requestLocale(acceptLanguage: string | undefined): Locale {
  return localeFromTag(acceptLanguage?.split(',')[0]?.split(';')[0]?.trim());
}

type Details = Record<string, unknown>;

/** A code's parameters, then (optionally) extra detail for the client. */
type ErrorArgs<C extends ErrorCode> = [...ErrorParams<C>, details?: Details];

function raise(status: number, code: ErrorCode, args: readonly unknown[]): AppError {
  const [params, details] = args as [Params | undefined, Details | undefined];
  return new AppError(code, status, params, details);
}

/** The usual refusals; each code must be given the parameters its message names. */
export const errors = {
  badRequest: <C extends ErrorCode>(code: C, ...args: ErrorArgs<C>) => raise(400, code, args),
  unauthorized: (code: ErrorCode = 'auth.required') => new AppError(code, 401),
  forbidden: <C extends ErrorCode = 'auth.forbidden'>(code?: C, ...params: ErrorParams<C>) =>
    raise(403, code ?? 'auth.forbidden', params),
  notFound: <C extends ErrorCode>(code: C, ...params: ErrorParams<C>) => raise(404, code, params),
  conflict: <C extends ErrorCode>(code: C, ...args: ErrorArgs<C>) => raise(409, code, args),
  unprocessable: <C extends ErrorCode>(code: C, ...args: ErrorArgs<C>) => raise(422, code, args),
  tooMany: <C extends ErrorCode>(code: C, ...params: ErrorParams<C>) => raise(429, code, params),
  unavailable: <C extends ErrorCode>(code: C, ...args: ErrorArgs<C>) => raise(503, code, args),
};
