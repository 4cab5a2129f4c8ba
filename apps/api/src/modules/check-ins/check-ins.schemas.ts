import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { pgString, timestamp } from '../../http.ts';

export const CHECK_IN_KINDS = ['in', 'out'] as const;
export const MAX_EXPLANATION = 4000;

const person = z.object({ id: z.uuid(), name: z.string() });

export const checkInRecord = z
  .object({
    id: z.uuid(),
    assessmentId: z.uuid(),
    kind: z.enum(CHECK_IN_KINDS).describe('in: at the opening meeting; out: at the closing meeting'),
    user: person,
    at: timestamp.describe('the device’s time of the check-in'),
    receivedAt: timestamp.describe('when the server received it (later when it waited in a queue offline)'),
    location: z
      .object({ latitude: z.number(), longitude: z.number(), accuracyM: z.number() })
      .nullable()
      .describe('the device’s location, when the auditor allowed it'),
    photo: z
      .object({ evidenceId: z.uuid(), sha256: z.string() })
      .nullable()
      .describe('the photo taken, stored as evidence of the audit'),
    distanceM: z
      .number()
      .nullable()
      .describe('metres from the center’s registered site (null: no location, or no site coordinates)'),
    far: z.boolean().describe('farther than the configured distance: the body explains it'),
    explanation: z
      .object({ text: z.string(), by: person, at: timestamp })
      .nullable()
      .describe('the body’s latest explanation of a far check-in'),
  })
  .meta({
    id: 'CheckIn',
    examples: [
      {
        id: '6b1e8d3f-2c7a-4f95-8e40-1d9a5c3b7f62',
        assessmentId: EXAMPLE.assessmentId,
        kind: 'in',
        user: { id: EXAMPLE.auditor.id, name: EXAMPLE.auditor.name },
        at: '2026-03-14T00:58:00.000Z',
        receivedAt: '2026-03-14T00:58:02.000Z',
        location: { latitude: 31.2038, longitude: 121.5901, accuracyM: 12 },
        photo: { evidenceId: '9e4c1a7f-3b8d-4e62-a5f0-7c2d9b1e4a83', sha256: EXAMPLE.sha256 },
        distanceM: 45,
        far: false,
        explanation: null,
      },
    ],
  });

export const assessmentParams = z.object({ id: z.uuid() });
export const checkInParams = z.object({ checkInId: z.uuid() });

/** The multipart form, for the OpenAPI document: it is read and checked in the handler. */
export const checkInForm = z.object({
  id: z.uuid().describe('made on the device: sending the same check-in again answers 200 with it'),
  kind: z.enum(CHECK_IN_KINDS),
  at: z.string().describe('the device’s time (ISO 8601 with offset)'),
  latitude: z.string().optional().describe('degrees (WGS 84), with longitude and accuracy, or none of them'),
  longitude: z.string().optional(),
  accuracy: z.string().optional().describe('metres'),
  photo: z.string().meta({ format: 'binary' }).optional().describe('the photo (an image)'),
  sha256: z.string().optional().describe('the photo’s SHA-256 (hex) as the device computed it'),
});

const number = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** The text fields of the form, as they arrive (each a string, at most once). */
export const checkInFields = z
  .object({
    id: z.uuid(),
    kind: z.enum(CHECK_IN_KINDS),
    at: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
    latitude: number(-90, 90).optional(),
    longitude: number(-180, 180).optional(),
    accuracy: number(0, 1_000_000).optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/)
      .optional(),
  })
  .refine(
    (v) =>
      (v.latitude === undefined) === (v.longitude === undefined) &&
      (v.latitude === undefined) === (v.accuracy === undefined),
    { message: 'latitude, longitude and accuracy go together', path: ['latitude'] },
  );

export const explanationBody = z.object({
  text: pgString().trim().min(1).max(MAX_EXPLANATION).describe('why the check-in was far from the site'),
});
