import { EVIDENCE_KINDS } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { pgString, pgText, timestamp } from '../../http.ts';

export const MAX_CLAUSES = 200;
export const MAX_CAPTION = 500;
export const MAX_NOTE = 20_000;
export const MAX_URL = 2048;

export const evidenceRecord = z
  .object({
    id: z.uuid(),
    assessmentId: z.uuid(),
    kind: z.enum(EVIDENCE_KINDS),
    clauses: z.array(z.int()).describe('the clause numbers it supports, ascending'),
    caption: z.string().nullable(),
    sha256: z.string().nullable().describe('files: the SHA-256 of the content'),
    mediaType: z.string().nullable().describe('files: the type detected from the content'),
    size: z.int().nullable().describe('files: bytes'),
    fileName: z.string().nullable().describe('files: the uploaded name, for display only'),
    url: z.string().nullable().describe('links'),
    text: z.string().nullable().describe('notes'),
    createdBy: z.uuid(),
    createdAt: timestamp,
  })
  .meta({
    id: 'Evidence',
    examples: [
      {
        id: EXAMPLE.evidenceId,
        assessmentId: EXAMPLE.assessmentId,
        kind: 'file',
        clauses: [1, 3],
        caption: '2026 年度战略规划',
        sha256: EXAMPLE.sha256,
        mediaType: 'application/pdf',
        size: 482133,
        fileName: '战略规划2026.pdf',
        url: null,
        text: null,
        createdBy: EXAMPLE.centerAdmin.id,
        createdAt: '2026-03-10T03:20:00.000Z',
      },
      {
        id: '8a3f6c1d-5e9b-4d72-b0a8-4c2e7f1b9d35',
        assessmentId: EXAMPLE.assessmentId,
        kind: 'note',
        clauses: [45],
        caption: null,
        sha256: null,
        mediaType: null,
        size: null,
        fileName: null,
        url: null,
        text: '现场抽查 3 月第二周班表，与话务预测偏差约 18%。',
        createdBy: EXAMPLE.auditor.id,
        createdAt: EXAMPLE.at,
      },
    ],
  });

export const assessmentParams = z.object({ id: z.uuid() });
export const evidenceParams = z.object({ id: z.uuid(), evidenceId: z.uuid() });

export const listQuery = z.object({
  clause: z.coerce.number().int().min(1).optional().describe('only the evidence linked to this clause'),
});

const clauses = z
  .array(z.int().min(1))
  .max(MAX_CLAUSES)
  .describe('clause numbers of the assessment’s standard version; at least one');
const caption = pgString().trim().max(MAX_CAPTION).nullish();

/** A caption written after the file was chosen (null or empty: none). */
export const captionBody = z.object({ caption: pgString().trim().max(MAX_CAPTION).nullable() });

export const textEvidenceBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), text: pgString().trim().min(1).max(MAX_NOTE), clauses, caption }),
  z.object({
    kind: z.literal('link'),
    url: pgText(z.url({ protocol: /^https?$/ }).max(MAX_URL)).describe('http or https only'),
    clauses,
    caption,
  }),
]);

/** The multipart form, for the OpenAPI document: it is read and checked in the handler. */
export const uploadForm = z.object({
  file: z.string().meta({ format: 'binary' }).describe('the file; its type is detected from its content'),
  clauses: z.string().describe('clause numbers, comma-separated (or the field repeated)'),
  caption: z.string().max(MAX_CAPTION).optional(),
  sha256: z
    .string()
    .optional()
    .describe('the content’s SHA-256 (hex) as the device computed it: makes the upload idempotent'),
});

/** The text fields of the multipart form, as they arrive (every value a string). */
export const uploadFields = z.object({
  clauses: z
    .array(z.string())
    .transform((values) =>
      values
        .flatMap((v) => v.split(/[\s,，、;]+/))
        .filter((token) => token !== '')
        .map((token) => (/^\d{1,9}$/.test(token) ? Number(token) : Number.NaN)),
    )
    .pipe(z.array(z.int().min(1)).max(MAX_CLAUSES)),
  caption: z.array(pgString().trim().max(MAX_CAPTION)).max(1).optional(),
  sha256: z
    .array(z.string().regex(/^[0-9a-fA-F]{64}$/))
    .max(1)
    .optional(),
});

export const findingEvidenceParams = z.object({ id: z.uuid(), findingId: z.uuid() });
/** A correction's evidence: for the finding's clauses, so no clauses field. */
export const correctionUploadForm = uploadForm.omit({ clauses: true });
