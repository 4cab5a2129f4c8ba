import type { AssessmentKind, AssessmentStatus } from '@ccmm/engine';

// The API's shapes, as far as the pages use them.
export interface Assessment {
  id: string;
  organizationId: string;
  organizationName: string;
  standard: string;
  kind: AssessmentKind;
  status: AssessmentStatus;
  assessedOn: string;
}

export interface Organization {
  id: string;
  name: string;
  operatingSince: string;
  industry: string | null;
  region: string | null;
  seats: number | null;
}

export interface Rating {
  clause: number;
  c: 0 | 5 | 10 | null;
  f: 0 | 5 | 10 | null;
  note: string | null;
  version: number;
}

export type LocalizedText = { 'zh-Hans': string; 'zh-Hant': string; en: string };
export type CertificateStatus = 'active' | 'suspended' | 'withdrawn' | 'expired';

export interface StatusChange {
  status: 'active' | 'suspended' | 'withdrawn';
  reason: string;
  until: string | null;
  changedByName: string;
  changedAt: string;
}

export interface Certificate {
  number: string;
  status: CertificateStatus;
  organizationId: string;
  organizationName: string;
  sites: string[];
  scope: string | null;
  level: number;
  levelName: LocalizedText;
  standard: { ref: string; version: string; title: LocalizedText };
  issuedOn: string;
  expiresOn: string;
  surveillanceDue: string[];
  certifyingBody: string;
  assessmentId: string;
  signatureValid: boolean;
  history: StatusChange[];
}

export interface PublicCertificate {
  number: string;
  status: CertificateStatus;
  level: number;
  levelName: LocalizedText;
  organization: string;
  standard: { ref: string; version: string; title: LocalizedText };
  issuedOn: string;
  expiresOn: string;
  signatureValid: boolean;
}

export interface Decision {
  id: string;
  outcome: 'certify' | 'return' | 'refuse';
  level: number | null;
  reason: string | null;
  comments: string | null;
  eligibleLevel: number;
  deciderName: string;
  decidedOn: string;
}
