import { createPrivateKey } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
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
  /** Signs session tokens; generated and kept under DATA_DIR when unset. */
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
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Certificates are valid this many years from their issue date. */
  CERTIFICATE_VALIDITY_YEARS: z.coerce.number().int().min(1).max(10).default(3),
  CERTIFICATION_BODY_NAME: z.string().trim().min(1).max(200).default('CC-CMM 国际标准认证机构'),
  /** Ed25519 private key (PEM) that signs certificates; generated and kept under DATA_DIR when unset. */
  SIGNING_KEY: z
    .string()
    .transform((v) => v.replaceAll('\\n', '\n'))
    .refine(isEd25519PrivateKey, 'must be an Ed25519 private key in PEM')
    .optional(),
  /** The address the public reaches the product at (the QR code on certificates points there). */
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  /** Public certificate verifications allowed per address and minute. */
  VERIFICATIONS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

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
  readonly evidenceMaxBytes: number;
  readonly loginAttemptsPerMinute: number;
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  readonly certificateValidityYears: number;
  readonly certificationBodyName: string;
  readonly signingKey: string | undefined;
  /** Without a trailing slash. */
  readonly publicOrigin: string;
  readonly verificationsPerMinute: number;
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
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    jwtSecret: e.JWT_SECRET,
    tokenTtl: e.TOKEN_TTL,
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    loginAttemptsPerMinute: e.LOGIN_ATTEMPTS_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    certificateValidityYears: e.CERTIFICATE_VALIDITY_YEARS,
    certificationBodyName: e.CERTIFICATION_BODY_NAME,
    signingKey: e.SIGNING_KEY,
    publicOrigin: (e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    verificationsPerMinute: e.VERIFICATIONS_PER_MINUTE,
  };
}
