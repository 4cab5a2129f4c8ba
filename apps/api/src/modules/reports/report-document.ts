// What the report renderer needs, assembled by the report route from the assessment and its
// ratings: the renderer reads nothing else (no database, no clock), so the same input gives the
// same pages.
import type {
  AssessmentKind,
  AssessmentStatus,
  EligibilityResult,
  FindingKind,
  FindingState,
  Locale,
  SignOffParty,
  Standard,
  TeamRole,
} from '@ccmm/engine';

export interface ReportDocument {
  locale: Locale;
  organization: { name: string; operatingSince: string };
  assessment: { id: string; kind: AssessmentKind; status: AssessmentStatus; assessedOn: string };
  standard: Standard; // the pack
  eligibility: EligibilityResult;
  ratings: { clause: number; c: number | null; f: number | null; note: string | null }[];
  generatedAt: string; // ISO
  /** An audit's plan: days on site, man-days and the team; null when none (or a self-assessment). */
  plan: {
    onSiteFrom: string;
    onSiteTo: string;
    manDays: number;
    team: { name: string; role: TeamRole }[];
  } | null;
  /** An audit's findings, in number order. */
  findings: {
    number: number;
    kind: FindingKind;
    clauses: number[];
    state: FindingState;
    statement: string;
    dueOn: string | null;
  }[];
  /** Who signed the report off, and the day each did. */
  signOffs: { party: SignOffParty; name: string; signedOn: string }[];
  /**
   * An audit's check-ins (presence on record), in the order they were made: who, in or out, the
   * device's and the server's times, where (with accuracy), how far from the center's site, the
   * photo's hash, and for one far from the site the body's explanation (null: none yet).
   */
  checkIns: {
    name: string;
    kind: 'in' | 'out';
    at: string;
    receivedAt: string;
    location: { latitude: number; longitude: number; accuracyM: number } | null;
    distanceM: number | null;
    far: boolean;
    photoSha256: string | null;
    explanation: string | null;
  }[];
  /** A few photos of the findings' evidence (PNG or JPEG), each with its finding and caption. */
  photos: { findingNumber: number; caption: string | null; image: Buffer }[];
}
