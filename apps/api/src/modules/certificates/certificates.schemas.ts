import { z } from 'zod';
import { EXAMPLE, EXAMPLE_LEVEL_NAME, EXAMPLE_TITLE } from '../../examples.ts';
import { isoDate, pgString, timestamp } from '../../http.ts';

export const localizedText = z.object({ 'zh-Hans': z.string(), 'zh-Hant': z.string(), en: z.string() });

export const certificateStatus = z.enum(['active', 'suspended', 'withdrawn', 'superseded', 'expired']);

export const certificateEvent = z.enum([
  'issued',
  'maintained',
  'lowered',
  'suspended',
  'reinstated',
  'withdrawn',
  'superseded',
  'renewed',
]);

export const numberParams = z.object({
  number: z
    .string()
    .regex(/^CCMM-[A-Z0-9]+-\d{4}-\d{4,}$/, 'like CCMM-OC-2026-0001')
    .describe('the certificate number'),
});

export const standardRef = z.object({ ref: z.string(), version: z.string(), title: localizedText });

/** A certificate's example as listed; the whole certificate's adds its checks and history. */
const CERTIFICATE_SUMMARY_EXAMPLE = {
  number: EXAMPLE.certificateNumber,
  status: 'active',
  organizationId: EXAMPLE.organizationId,
  organizationName: EXAMPLE.organizationName,
  sites: ['上海市浦东新区张江路 88 号'],
  scope: '金融客户服务热线的呼入服务运营',
  level: 2,
  levelName: EXAMPLE_LEVEL_NAME,
  issuedLevel: 2,
  revision: 1,
  supersededBy: null,
  standard: { ref: EXAMPLE.standard, version: '2017', title: EXAMPLE_TITLE },
  issuedOn: '2026-04-02',
  renewedOn: null,
  expiresOn: '2029-04-01',
  surveillanceDue: ['2027-04-01', '2028-04-01'],
  certifyingBody: 'CC-CMM 认证中心',
  assessmentId: EXAMPLE.assessmentId,
  decisionId: EXAMPLE.decisionId,
  snapshotHash: EXAMPLE.sha256,
};

/** One signed revision of a certificate (append-only; the latest holds its level and status). */
export const certificateRevision = z
  .object({
    revision: z.int().describe('1: issued, then 2, 3, …'),
    event: certificateEvent,
    level: z.int(),
    status: z.enum(['active', 'suspended', 'withdrawn', 'superseded']),
    on: z.string().describe('the day it took effect'),
    until: z.string().nullable().describe('suspended: the deadline (past it, the certificate is withdrawn)'),
    reasonCode: z.string().nullable().describe('e.g. surveillance_overdue, suspension_expired'),
    reason: z.string().nullable(),
    supersededBy: z.string().nullable(),
    decisionId: z.uuid().nullable(),
    decidedBy: z.uuid().nullable().describe('null: the server’s scheduled job'),
    decidedByName: z.string().nullable(),
    recordedAt: timestamp,
    signatureValid: z.boolean(),
  })
  .meta({
    id: 'CertificateRevision',
    examples: [
      {
        revision: 1,
        event: 'issued',
        level: 2,
        status: 'active',
        on: '2026-04-02',
        until: null,
        reasonCode: null,
        reason: null,
        supersededBy: null,
        decisionId: EXAMPLE.decisionId,
        decidedBy: EXAMPLE.reviewer.id,
        decidedByName: EXAMPLE.reviewer.name,
        recordedAt: '2026-04-02T06:00:00.000Z',
        signatureValid: true,
      },
    ],
  });

export const certificate = z
  .object({
    number: z.string(),
    status: certificateStatus.describe('expired is computed from expiresOn on the day asked'),
    organizationId: z.uuid(),
    organizationName: z.string(),
    sites: z.array(z.string()),
    scope: z.string().nullable(),
    level: z.int().describe('the current level (the latest revision’s)'),
    levelName: localizedText,
    issuedLevel: z.int().describe('the level the certificate was issued at'),
    revision: z.int().describe('the latest revision'),
    supersededBy: z.string().nullable(),
    standard: standardRef,
    issuedOn: z.string(),
    renewedOn: z
      .string()
      .nullable()
      .describe(
        'the latest renewal (a recertification), when the current validity began; null: never renewed',
      ),
    expiresOn: z.string().describe('the end of the current validity (the latest renewal’s)'),
    surveillanceDue: z.array(z.string()).describe('the surveillance due dates of the current validity'),
    certifyingBody: z.string(),
    assessmentId: z.uuid(),
    decisionId: z.uuid(),
    snapshotHash: z.string().describe('sha256 of the canonical JSON of the frozen ratings'),
    signatureValid: z.boolean().describe('the certificate’s and every revision’s signature verify'),
    history: z.array(certificateRevision).describe('every revision, oldest first'),
  })
  .meta({
    id: 'Certificate',
    examples: [
      {
        ...CERTIFICATE_SUMMARY_EXAMPLE,
        signatureValid: true,
        history: [
          {
            revision: 1,
            event: 'issued',
            level: 2,
            status: 'active',
            on: '2026-04-02',
            until: null,
            reasonCode: null,
            reason: null,
            supersededBy: null,
            decisionId: EXAMPLE.decisionId,
            decidedBy: EXAMPLE.reviewer.id,
            decidedByName: EXAMPLE.reviewer.name,
            recordedAt: '2026-04-02T06:00:00.000Z',
            signatureValid: true,
          },
        ],
      },
    ],
  });

/**
 * A certificate as the list shows it: no signature check and no history. Verifying every
 * revision's signature and the snapshot's hash of every row made the list slow; a
 * certificate's own route and the public verification check them, strictly, each time.
 */
export const certificateSummary = certificate.omit({ signatureValid: true, history: true }).meta({
  id: 'CertificateSummary',
  examples: [CERTIFICATE_SUMMARY_EXAMPLE],
});

/** Where the QR codes of certificates issued now will point. */
export const issuing = z
  .object({ publicOrigin: z.string(), publicOriginIsLocal: z.boolean() })
  .meta({ examples: [{ publicOrigin: 'https://cert.ccmm.example.cn', publicOriginIsLocal: false }] });

export const changeStatusBody = z.object({
  status: z.enum(['active', 'suspended', 'withdrawn']),
  reason: pgString().trim().min(1).max(2000),
  until: isoDate
    .optional()
    .describe(
      'suspensions: the deadline (after today, at most 6 months away); past it the certificate is withdrawn',
    ),
});

export const reinstateBody = z.object({
  reason: pgString()
    .trim()
    .min(1)
    .max(2000)
    .describe('how the cause of the suspension was resolved and verified'),
});

/** What anyone may learn of a certificate: nothing more (no ratings, ids or people). */
export const publicCertificate = z
  .strictObject({
    number: z.string(),
    status: certificateStatus,
    level: z.int(),
    levelName: localizedText,
    organization: z.string(),
    standard: standardRef,
    issuedOn: z.string(),
    renewedOn: z.string().nullable().describe('the latest renewal; null: never renewed'),
    expiresOn: z.string().describe('the end of the current validity'),
    signatureValid: z.boolean().describe('the certificate’s and every revision’s signature verify'),
    revision: z.int().describe('the current revision'),
    supersededBy: z
      .string()
      .nullable()
      .describe('superseded: the number of the certificate that replaces it'),
    history: z.array(
      z.strictObject({
        revision: z.int(),
        on: z.string(),
        event: certificateEvent,
        level: z.int(),
        status: z.enum(['active', 'suspended', 'withdrawn', 'superseded']),
      }),
    ),
  })
  .meta({
    id: 'PublicCertificate',
    examples: [
      {
        number: EXAMPLE.certificateNumber,
        status: 'active',
        level: 2,
        levelName: EXAMPLE_LEVEL_NAME,
        organization: EXAMPLE.organizationName,
        standard: { ref: EXAMPLE.standard, version: '2017', title: EXAMPLE_TITLE },
        issuedOn: '2026-04-02',
        renewedOn: null,
        expiresOn: '2029-04-01',
        signatureValid: true,
        revision: 1,
        supersededBy: null,
        history: [{ revision: 1, on: '2026-04-02', event: 'issued', level: 2, status: 'active' }],
      },
    ],
  });
