import { z } from 'zod';
import { timestamp } from '../../http.ts';

/** One read of a center’s data by a consultant through a grant. */
export const grantView = z
  .object({
    consultant: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    view: z.string().describe('what was read, e.g. "assessments.read", "benchmarks.compare"'),
    viewedAt: timestamp,
  })
  .meta({
    id: 'GrantView',
    examples: [
      {
        consultant: {
          id: '8d4a2f6c-3e1b-4c95-b7a0-2f5e9c1d8b43',
          name: '周敏',
          email: 'zhoumin@advisory.cn',
        },
        view: 'benchmarks.compare',
        viewedAt: '2026-03-02T07:12:00.000Z',
      },
    ],
  });
