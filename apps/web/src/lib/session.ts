export const ROLES = [
  'cb_admin',
  'cb_reviewer',
  'auditor',
  'center_admin',
  'center_member',
  'consultant',
] as const;
export type Role = (typeof ROLES)[number];

/** What the pages know of the signed-in user (never the token). */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organizationId: string | null;
}

export const isCenterRole = (role: Role): boolean => role === 'center_admin' || role === 'center_member';

/** Who compares with peers (benchmarks, KPI cohort): every role but auditors, as the API's cohort routes say. */
export const canBenchmark = (role: Role): boolean => role !== 'auditor';
