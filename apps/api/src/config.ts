import { createPrivateKey } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { ROLES, type Role } from '@ccmm/engine';
import { z } from 'zod';

// The one place the API reads its environment. A wrong setting stops start-up with a message
// naming it.

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Embedded database, evidence files and generated keys live here. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Unset: the embedded PostgreSQL (PGlite) under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Signs session tokens; generated and kept under DATA_DIR when unset (required with DATABASE_URL). */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_TTL: z
    .string()
    .regex(/^\d+[smhd]$/, 'like 12h or 30m')
    .default('12h'),
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  /**
   * Evidence files one assessment may hold. The standard has 168 clauses; a thorough audit
   * attaches a few files to most of them (about 500), so 1,000 leaves room and stops a flood.
   */
  EVIDENCE_MAX_FILES_PER_ASSESSMENT: z.coerce.number().int().positive().default(1000),
  /**
   * Metres from the center's registered site beyond which a check-in is flagged for the body to
   * explain: a large site's far building is within 500 m, and a phone's fix indoors is often off
   * by 100–300 m; 1 km leaves room for both and still catches a check-in from elsewhere.
   */
  CHECK_IN_MAX_DISTANCE_M: z.coerce.number().positive().default(1000),
  /**
   * Bytes of evidence one assessment may hold, each content counted once: forty files at the
   * 50 MB file limit, or hours of call recordings next to photos and documents.
   */
  EVIDENCE_MAX_BYTES_PER_ASSESSMENT: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  /**
   * Bytes of evidence one organization may hold across its assessments, each content counted
   * once: ten assessments at their full quota, two three-year certification cycles (an audit
   * and two surveillance audits each) with their self-assessments. It bounds what one tenant
   * can fill of the shared disk.
   */
  EVIDENCE_MAX_BYTES_PER_ORGANIZATION: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 ** 3),
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Failed sign-ins per address and minute across every e-mail (password spraying). */
  LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /**
   * Whom to believe about the client's address (X-Forwarded-For). Unset or "false": nobody, the
   * connection's address counts. A number: that many proxy hops in front. Otherwise a
   * comma-separated list of proxy addresses or CIDR ranges.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((v, ctx): boolean | number | string => {
      if (v === 'false' || v === '0') return false;
      if (/^\d+$/.test(v)) return Number(v);
      if (v === 'true') {
        ctx.addIssue({
          code: 'custom',
          message:
            'trusting every proxy lets any client choose its address: give a hop count or proxy addresses',
        });
        return z.NEVER;
      }
      const items = v.split(',').map((item) => item.trim());
      if (items.some((item) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(item))) {
        ctx.addIssue({
          code: 'custom',
          message: 'a hop count, or proxy addresses or CIDR ranges separated by commas',
        });
        return z.NEVER;
      }
      return items.join(',');
    })
    .optional(),
  /** Certificates are valid this many years from their issue date. */
  CERTIFICATE_VALIDITY_YEARS: z.coerce.number().int().min(1).max(10).default(3),
  CERTIFICATION_BODY_NAME: z.string().trim().min(1).max(200).default('CC-CMM 国际标准认证机构'),
  /**
   * Ed25519 private key (PEM) that signs certificates; generated and kept under DATA_DIR when unset
   * (required with DATABASE_URL). Its public key joins the key history (signing_keys) at start-up.
   */
  SIGNING_KEY: z
    .string()
    .transform((v) => v.replaceAll('\\n', '\n'))
    .refine(isEd25519PrivateKey, 'must be an Ed25519 private key in PEM')
    .optional(),
  /** The address the public reaches the product at (the QR code on certificates points there). */
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  /** Public certificate verifications allowed per address and minute. */
  VERIFICATIONS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /**
   * Minutes between runs of the certificate job (overdue surveillance suspends, a suspension past
   * its deadline is withdrawn); it also runs at start-up. 0: only at start-up. A fraction of a
   * minute is allowed (tests run it every few seconds).
   */
  CERTIFICATE_JOBS_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  /** Days after a decision within which the center may appeal it. */
  APPEAL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Password-reset requests per hour for one e-mail address (from anywhere), and from one client address. */
  PASSWORD_RESETS_PER_EMAIL_PER_HOUR: z.coerce.number().int().positive().default(5),
  PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(20),
  /** Public complaints allowed per address and hour. */
  COMPLAINTS_PER_HOUR: z.coerce.number().int().positive().default(5),
  /** Applications for certification allowed per address and hour (the public form). */
  APPLICATIONS_PER_HOUR: z.coerce.number().int().positive().default(10),
  /** Applications allowed per contact e-mail and hour, from anywhere. */
  APPLICATIONS_PER_EMAIL_PER_HOUR: z.coerce.number().int().positive().default(3),
  /**
   * Roles that must sign in with an authenticator code (comma-separated, e.g.
   * "cb_admin,cb_reviewer"); until they set one up they can do nothing else. Empty: optional for all.
   */
  TOTP_REQUIRED_ROLES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLES))),
  /**
   * The mail server (smtp://user:password@host:587, smtps://… for TLS from the start). Unset: mail
   * stays in the outbox, where the certification body's admin sees it (GET /api/outbox).
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /** The sender of the product's e-mail. */
  MAIL_FROM: z.string().trim().min(3).max(300).default('CC-CMM <no-reply@localhost>'),
  /** Seconds between passes of the outbox worker (a new message is also sent at once). */
  OUTBOX_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /**
   * Webhooks go over HTTPS only. `on` also allows plain http:// to a loopback address (a test's
   * local receiver), and only with NODE_ENV=test: start-up refuses it otherwise.
   */
  WEBHOOKS_ALLOW_LOOPBACK_HTTP: z.enum(['on', 'off']).default('off'),
  NODE_ENV: z.string().optional(),
  /**
   * Load shedding (@fastify/under-pressure): past any of these, requests are answered 503
   * `server.overloaded` with Retry-After instead of queueing up (health, readiness and /metrics
   * still answer). 0 turns a check off. The event loop's mean delay in ms over a sample; unset:
   * 1000 with DATABASE_URL, off on the embedded database (its queries run on the event loop, so a
   * heavy request would look like overload, and one process has nowhere to send the excess).
   */
  LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).optional(),
  /** The event loop's utilization, 0–1 (0: off). */
  LOAD_SHED_MAX_EVENT_LOOP_UTILIZATION: z.coerce.number().min(0).max(1).default(0),
  /** Heap used and resident memory, in bytes (0: off). */
  LOAD_SHED_MAX_HEAP_BYTES: z.coerce.number().int().min(0).default(0),
  LOAD_SHED_MAX_RSS_BYTES: z.coerce.number().int().min(0).default(0),
  /** The Retry-After of a shed request, in seconds. */
  LOAD_SHED_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** Prometheus metrics at /metrics: off unless `on`. */
  METRICS: z.enum(['on', 'off']).default('off'),
  /** On SIGTERM/SIGINT: how long requests already started may take to finish before they are cut. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Evidence content in this S3 bucket instead of the database (the content's row stays in the
   * database). Unset, with every other S3_* setting: the database.
   */
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'an S3 bucket name: 3–63 lowercase letters, digits, dots, hyphens',
    )
    .optional(),
  /** An S3-compatible server (MinIO, …); unset: AWS S3 itself. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().trim().min(1).optional(),
  /** Both or neither: neither leaves credentials to the AWS SDK (AWS_* variables, an instance role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Bucket in the path (http://host/bucket/key), as most S3-compatible servers want. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false', 'on', 'off']).default('false'),
});

/** Where evidence content is kept when S3_BUCKET is set. */
export interface S3Settings {
  readonly bucket: string;
  readonly endpoint: string | undefined;
  readonly region: string;
  /** Unset: the AWS SDK's own (AWS_* variables, a profile, an instance or task role). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  readonly forcePathStyle: boolean;
}

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/**
 * Largest JSON or CSV request body. Evidence files are multipart and limited separately by
 * EVIDENCE_MAX_BYTES; a full ratings import with long Chinese notes stays well under this.
 */
export const BODY_LIMIT = 4 * 1024 * 1024;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly jwtSecret: string | undefined;
  readonly tokenTtl: string;
  /** The same, in milliseconds: how long a session lasts in the database. */
  readonly tokenTtlMs: number;
  readonly evidenceMaxBytes: number;
  /** Quotas of stored evidence files (distinct contents for bytes), checked at each upload. */
  readonly evidenceMaxFilesPerAssessment: number;
  readonly evidenceMaxBytesPerAssessment: number;
  readonly evidenceMaxBytesPerOrganization: number;
  /** A check-in farther than this (metres) from the center's site is flagged. */
  readonly checkInMaxDistanceM: number;
  readonly loginAttemptsPerMinute: number;
  readonly loginAttemptsPerAddressPerMinute: number;
  /** Fastify's trustProxy: false, a hop count, or proxy addresses. */
  readonly trustProxy: boolean | number | string;
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Evidence content in an S3 bucket; unset: in the database. */
  readonly s3: S3Settings | undefined;
  readonly certificateValidityYears: number;
  readonly certificationBodyName: string;
  readonly signingKey: string | undefined;
  /** Without a trailing slash. */
  readonly publicOrigin: string;
  /**
   * PUBLIC_ORIGIN unset or naming this machine: the QR codes of certificates issued now would
   * send whoever scans them to their own computer. The admin is warned.
   */
  readonly publicOriginIsLocal: boolean;
  readonly verificationsPerMinute: number;
  /** Minutes between runs of the certificate job (0: only at start-up). */
  readonly certificateJobsMinutes: number;
  readonly appealDays: number;
  readonly complaintsPerHour: number;
  readonly applicationsPerHour: number;
  readonly applicationsPerEmailPerHour: number;
  readonly totpRequiredRoles: readonly Role[];
  readonly passwordResetsPerEmailPerHour: number;
  readonly passwordResetsPerAddressPerHour: number;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly outboxPollSeconds: number;
  readonly shutdownGraceSeconds: number;
  readonly metrics: boolean;
  /** Plain http:// webhooks to loopback addresses (tests only: WEBHOOKS_ALLOW_LOOPBACK_HTTP). */
  readonly webhooksAllowLoopbackHttp: boolean;
  /** Load shedding's thresholds (0: that check off) and the Retry-After it answers with. */
  readonly loadShedding: {
    readonly maxEventLoopDelayMs: number;
    readonly maxEventLoopUtilization: number;
    readonly maxHeapBytes: number;
    readonly maxRssBytes: number;
    readonly retryAfterSeconds: number;
  };
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "12h" → 43,200,000 (the format TOKEN_TTL is checked against). */
function durationMs(value: string): number {
  const unit = value.slice(-1) as keyof typeof UNIT_MS;
  return Number(value.slice(0, -1)) * UNIT_MS[unit];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Reads the settings; relative paths are taken from `cwd` (where the user started the product). */
export function loadConfig(env: Record<string, string | undefined>, cwd: string): Config {
  // An empty value means unset (`DATABASE_URL= pnpm start` uses the embedded database).
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.WEBHOOKS_ALLOW_LOOPBACK_HTTP === 'on' && e.NODE_ENV !== 'test') {
    throw new ConfigError(['WEBHOOKS_ALLOW_LOOPBACK_HTTP: `on` only in tests (NODE_ENV=test)']);
  }
  const s3 = s3Settings(set, e);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    jwtSecret: e.JWT_SECRET,
    tokenTtl: e.TOKEN_TTL,
    tokenTtlMs: durationMs(e.TOKEN_TTL),
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    evidenceMaxFilesPerAssessment: e.EVIDENCE_MAX_FILES_PER_ASSESSMENT,
    evidenceMaxBytesPerAssessment: e.EVIDENCE_MAX_BYTES_PER_ASSESSMENT,
    evidenceMaxBytesPerOrganization: e.EVIDENCE_MAX_BYTES_PER_ORGANIZATION,
    checkInMaxDistanceM: e.CHECK_IN_MAX_DISTANCE_M,
    loginAttemptsPerMinute: e.LOGIN_ATTEMPTS_PER_MINUTE,
    loginAttemptsPerAddressPerMinute: e.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
    trustProxy: e.TRUST_PROXY ?? false,
    logLevel: e.LOG_LEVEL,
    s3,
    certificateValidityYears: e.CERTIFICATE_VALIDITY_YEARS,
    certificationBodyName: e.CERTIFICATION_BODY_NAME,
    signingKey: e.SIGNING_KEY,
    publicOrigin: (e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    publicOriginIsLocal: !e.PUBLIC_ORIGIN || isLocalHost(new URL(e.PUBLIC_ORIGIN).hostname),
    verificationsPerMinute: e.VERIFICATIONS_PER_MINUTE,
    certificateJobsMinutes: e.CERTIFICATE_JOBS_MINUTES,
    appealDays: e.APPEAL_DAYS,
    complaintsPerHour: e.COMPLAINTS_PER_HOUR,
    applicationsPerHour: e.APPLICATIONS_PER_HOUR,
    applicationsPerEmailPerHour: e.APPLICATIONS_PER_EMAIL_PER_HOUR,
    totpRequiredRoles: e.TOTP_REQUIRED_ROLES,
    passwordResetsPerEmailPerHour: e.PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
    passwordResetsPerAddressPerHour: e.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    outboxPollSeconds: e.OUTBOX_POLL_SECONDS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    metrics: e.METRICS === 'on',
    webhooksAllowLoopbackHttp: e.WEBHOOKS_ALLOW_LOOPBACK_HTTP === 'on',
    loadShedding: {
      maxEventLoopDelayMs: e.LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS ?? (e.DATABASE_URL ? 1000 : 0),
      maxEventLoopUtilization: e.LOAD_SHED_MAX_EVENT_LOOP_UTILIZATION,
      maxHeapBytes: e.LOAD_SHED_MAX_HEAP_BYTES,
      maxRssBytes: e.LOAD_SHED_MAX_RSS_BYTES,
      retryAfterSeconds: e.LOAD_SHED_RETRY_AFTER_SECONDS,
    },
  };
}

/** The S3 settings, complete, or none given; some without the others stop start-up, naming each missing. */
function s3Settings(
  set: Record<string, string | undefined>,
  e: z.infer<typeof schema>,
): S3Settings | undefined {
  const given = Object.keys(set).filter((name) => name.startsWith('S3_'));
  if (given.length === 0) return undefined;
  const problems: string[] = [];
  const also = `(${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set)`;
  if (!e.S3_BUCKET) problems.push(`S3_BUCKET: required with the other S3_* settings ${also}`);
  if (!e.S3_REGION)
    problems.push(
      `S3_REGION: required with S3_BUCKET ${also}: the bucket's region, e.g. eu-central-1 (us-east-1 for most S3-compatible servers)`,
    );
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY))
    problems.push(
      `${e.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}: required with ${e.S3_ACCESS_KEY_ID ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY'} (both, or neither for the AWS SDK's own credentials)`,
    );
  if (problems.length > 0 || !e.S3_BUCKET || !e.S3_REGION) throw new ConfigError(problems);
  return {
    bucket: e.S3_BUCKET,
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true' || e.S3_FORCE_PATH_STYLE === 'on',
  };
}

/**
 * With DATABASE_URL any number of server processes serve one database: each must sign sessions
 * and certificates with the same secrets, so they are given, never generated per DATA_DIR (one
 * process's sessions would be refused by the next). Checked when a server starts.
 */
export function requireSharedSecrets(config: Config): void {
  if (!config.databaseUrl) return;
  const problems: string[] = [];
  if (!config.jwtSecret)
    problems.push(
      'JWT_SECRET: required with DATABASE_URL (every server process must sign sessions with the same secret), e.g. `openssl rand -base64 48`',
    );
  if (!config.signingKey)
    problems.push(
      'SIGNING_KEY: required with DATABASE_URL (every server process must sign certificates with the same Ed25519 key), e.g. `openssl genpkey -algorithm ed25519`',
    );
  if (problems.length > 0) throw new ConfigError(problems);
}

/** localhost, a loopback address (127.x, ::1) or the unspecified one. */
function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.startsWith('127.') ||
    host === '::1' ||
    host === '0.0.0.0'
  );
}
