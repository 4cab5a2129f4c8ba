import { z } from 'zod';
import { timestamp } from '../../http.ts';

/** One read of a center’s data by a consultant through a grant. */
export const grantView = z
  .object({
    consultant: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    view: z.string().describe('what was read, e.g. "assessments.read", "benchmarks.compare"'),
    viewedAt: timestamp,
  })
  .meta({ id: 'GrantView' });
