import type { CertificateRecordedStatus } from '@ccmm/db';

export type CertificateStatus = CertificateRecordedStatus | 'expired';

export interface StatusInput {
  readonly expiresOn: string;
  /** The latest revision (none: the certificate is as issued, active). */
  readonly latest: { readonly status: CertificateRecordedStatus } | null;
}

/**
 * The status on `today`: the latest revision's, except that past its expiry date a certificate
 * is expired (computed when read). Withdrawn and superseded are final. A suspension lasts until
 * a recorded decision lifts it or the scheduled job withdraws it past its deadline: it never
 * lifts itself.
 */
export function certificateStatus(input: StatusInput, today: string): CertificateStatus {
  const recorded = input.latest?.status ?? 'active';
  if (recorded === 'withdrawn' || recorded === 'superseded') return recorded;
  if (today > input.expiresOn) return 'expired';
  return recorded;
}
