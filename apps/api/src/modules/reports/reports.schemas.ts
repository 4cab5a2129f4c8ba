import { SIGN_OFF_PARTIES } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { isoDate } from '../../http.ts';

export const signOff = z
  .object({ party: z.enum(SIGN_OFF_PARTIES), userId: z.uuid(), name: z.string(), signedOn: isoDate })
  .meta({
    id: 'ReportSignOff',
    examples: [
      {
        party: 'lead_auditor',
        userId: EXAMPLE.auditor.id,
        name: EXAMPLE.auditor.name,
        signedOn: '2026-03-16',
      },
    ],
  });
