import { TEAM_ROLES } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { isoDate, pgString, timestamp } from '../../http.ts';

export const teamMember = z.object({
  userId: z.uuid(),
  role: z.enum(TEAM_ROLES).describe('lead and auditor rate; technical_expert and observer do not'),
  domains: z
    .array(pgString().min(1).max(20))
    .max(20)
    .default([])
    .describe('the domains covered (empty: all)'),
});

export const planBody = z.object({
  onSiteFrom: isoDate,
  onSiteTo: isoDate,
  manDays: z.number().positive().max(100).multipleOf(0.5).describe('man-days (half days allowed)'),
  team: z.array(teamMember).min(1).max(20),
});

export const auditPlan = z
  .object({
    assessmentId: z.uuid(),
    onSiteFrom: isoDate,
    onSiteTo: isoDate,
    manDays: z.number(),
    team: z.array(
      z.object({
        userId: z.uuid(),
        name: z.string(),
        role: z.enum(TEAM_ROLES),
        domains: z.array(z.string()),
      }),
    ),
    updatedByName: z.string(),
    updatedAt: timestamp,
  })
  .meta({
    id: 'AuditPlan',
    examples: [
      {
        assessmentId: EXAMPLE.assessmentId,
        onSiteFrom: '2026-03-12',
        onSiteTo: EXAMPLE.on,
        manDays: 4.5,
        team: [{ userId: EXAMPLE.auditor.id, name: EXAMPLE.auditor.name, role: 'lead', domains: [] }],
        updatedByName: EXAMPLE.reviewer.name,
        updatedAt: '2026-03-02T03:00:00.000Z',
      },
    ],
  });

export const competenceBody = z.object({
  qualification: pgString().trim().min(1).max(200),
  industries: z.array(pgString().trim().min(1).max(100)).max(50),
  validUntil: isoDate,
});

export const competence = z
  .object({
    auditorId: z.uuid(),
    qualification: z.string(),
    industries: z.array(z.string()),
    validUntil: isoDate,
    recordedByName: z.string(),
    recordedAt: timestamp,
  })
  .meta({
    id: 'AuditorCompetence',
    examples: [
      {
        auditorId: EXAMPLE.auditor.id,
        qualification: 'CC-CMM 高级审核员',
        industries: ['金融', '电信'],
        validUntil: '2027-12-31',
        recordedByName: EXAMPLE.reviewer.name,
        recordedAt: '2026-01-08T02:30:00.000Z',
      },
    ],
  });
