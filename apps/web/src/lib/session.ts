import type { User } from '@ccmm/api/contract';
import type { Role } from '@ccmm/engine';

// The roles and their groups are the engine's vocabulary, the API's own.
export { isCenterRole, ROLES, type Role } from '@ccmm/engine';

/** What the pages know of the signed-in user (never the token). */
export type SessionUser = Pick<User, 'id' | 'name' | 'email' | 'role' | 'organizationId'>;

/** Who compares with peers (benchmarks, KPI cohort): every role but auditors, as the API's cohort routes say. */
export const canBenchmark = (role: Role): boolean => role !== 'auditor';
