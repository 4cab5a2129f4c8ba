import { z } from 'zod';
import { isoDate, pgString, timestamp } from '../../http.ts';

export const localizedText = z.object({ 'zh-Hans': z.string(), 'zh-Hant': z.string(), en: z.string() });

export const certificateStatus = z.enum(['active', 'suspended', 'withdrawn', 'expired']);

export const numberParams = z.object({
  number: z
    .string()
    .regex(/^CCMM-[A-Z0-9]+-\d{4}-\d{4,}$/, 'like CCMM-OC-2026-0001')
    .describe('the certificate number'),
});

export const standardRef = z.object({ ref: z.string(), version: z.string(), title: localizedText });

export const statusChange = z.object({
  status: z.enum(['active', 'suspended', 'withdrawn']),
  reason: z.string(),
  until: z.string().nullable(),
  changedBy: z.uuid(),
  changedByName: z.string(),
  changedAt: timestamp,
});

export const certificate = z
  .object({
    number: z.string(),
    status: certificateStatus.describe('expired is computed from expiresOn on the day asked'),
    organizationId: z.uuid(),
    organizationName: z.string(),
    sites: z.array(z.string()),
    scope: z.string().nullable(),
    level: z.int(),
    levelName: localizedText,
    standard: standardRef,
    issuedOn: z.string(),
    expiresOn: z.string(),
    surveillanceDue: z.array(z.string()),
    certifyingBody: z.string(),
    assessmentId: z.uuid(),
    decisionId: z.uuid(),
    snapshotHash: z.string().describe('sha256 of the canonical JSON of the frozen ratings'),
    signatureValid: z.boolean(),
    history: z.array(statusChange),
  })
  .meta({ id: 'Certificate' });

export const changeStatusBody = z.object({
  status: z.enum(['active', 'suspended', 'withdrawn']),
  reason: pgString().trim().min(1).max(2000),
  until: isoDate.optional().describe('suspensions: the last day of the suspension'),
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
    expiresOn: z.string(),
    signatureValid: z.boolean(),
  })
  .meta({ id: 'PublicCertificate' });
