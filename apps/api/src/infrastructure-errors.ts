// Failures of what the API stands on (the database, the disk) rather than of the request: the
// client is told what happened with a code, and when to try again, never a bare 500.

/** Node's and postgres.js's codes for a database that cannot be reached or has gone away. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that is shutting down, starting, overloaded or has lost
 * the connection (classes 08 and 57P, 53300), and a statement cancelled by its timeout.
 */
const UNAVAILABLE_STATES = /^(08\d\d\d|57P0[1-4]|53300|57014)$/;
/** Disk full: PostgreSQL's 53100, the file system's ENOSPC, and a quota's EDQUOT. */
const STORAGE_FULL = new Set(['53100', 'ENOSPC', 'EDQUOT']);

export type InfrastructureFailure = 'database.unavailable' | 'storage.full';

/** Which failure an error is, following its causes (drizzle wraps the driver's error). */
export function infrastructureFailure(error: unknown): InfrastructureFailure | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (STORAGE_FULL.has(code)) return 'storage.full';
    if (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.test(code)) return 'database.unavailable';
    // PGlite in this process was closed (shut down or failed): nothing can be read or written.
    if (e instanceof Error && e.message === 'PGlite is closed') return 'database.unavailable';
  }
  return null;
}
