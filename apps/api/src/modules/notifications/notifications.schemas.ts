import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { timestamp } from '../../http.ts';

export const notification = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    /** In the reader's language. */
    text: z.string(),
    /** The page it is about (a path of the web app). */
    link: z.string(),
    createdAt: timestamp,
    readAt: timestamp.nullable(),
  })
  .meta({
    id: 'Notification',
    examples: [
      {
        id: 'f1a7c3e9-2b5d-4f80-a6c4-9e3b7d1f5a28',
        kind: 'finding.recorded',
        text: '华信客服中心的认证审核记录了一项轻微不符合（条款 45）',
        link: `/assessments/${EXAMPLE.assessmentId}/findings`,
        createdAt: EXAMPLE.at,
        readAt: null,
      },
    ],
  });

/** GET /api/me/notifications. */
export const inbox = z.object({
  unread: z.number().int(),
  /** Whether the user also gets them by e-mail (PATCH /api/me {notifyByEmail}). */
  notifyByEmail: z.boolean(),
  items: z.array(notification),
});
