import { SIGN_OFF_PARTIES } from '@ccmm/engine';
import { z } from 'zod';
import { isoDate } from '../../http.ts';

export const signOff = z
  .object({ party: z.enum(SIGN_OFF_PARTIES), userId: z.uuid(), name: z.string(), signedOn: isoDate })
  .meta({ id: 'ReportSignOff' });
