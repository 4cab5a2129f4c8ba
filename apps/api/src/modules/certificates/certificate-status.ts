import type { CertificateRecordedStatus } from '@ccmm/db';

export type CertificateStatus = CertificateRecordedStatus | 'expired';

export interface StatusInput {
  readonly expiresOn: string;
  /** The latest recorded change (none: the certificate is as issued, active). */
  readonly latest: { readonly status: CertificateRecordedStatus; readonly until: string | null } | null;
}

/**
 * The status on `today`, computed when read (no job changes it): withdrawn is final; past its
 * expiry date a certificate is expired; a suspension lasts to its end date inclusive.
 */
export function certificateStatus(input: StatusInput, today: string): CertificateStatus {
  if (input.latest?.status === 'withdrawn') return 'withdrawn';
  if (today > input.expiresOn) return 'expired';
  if (input.latest?.status === 'suspended' && (input.latest.until === null || today <= input.latest.until)) {
    return 'suspended';
  }
  return 'active';
}
