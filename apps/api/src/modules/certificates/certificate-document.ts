// What the certificate renderer needs, assembled by the certification module from its records:
// the renderer reads nothing else (no database, no clock), so the same input gives the same page.
import type { LocalizedText } from '@ccmm/engine';

export interface CertificateDocument {
  number: string; // e.g. "CCMM-OC-2026-0001"
  organization: { name: string; sites: string[] };
  scope: string | null;
  level: number; // 1..5
  levelName: LocalizedText; // from the standard pack's levels
  standard: { ref: string; title: LocalizedText };
  issuedOn: string;
  renewedOn: string | null; // the latest renewal (the current validity's start), null: never renewed
  expiresOn: string; // YYYY-MM-DD
  surveillanceDue: string[]; // YYYY-MM-DD
  certifyingBody: string;
  verificationUrl: string; // the public verification page URL, encoded in the QR code
  status: 'active' | 'suspended' | 'withdrawn' | 'superseded' | 'expired';
  revision: number; // the certificate's current revision (1: as issued)
  snapshotHash: string; // sha256 hex of the frozen ratings
}
