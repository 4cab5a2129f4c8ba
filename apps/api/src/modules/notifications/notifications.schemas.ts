import { z } from 'zod';
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
  .meta({ id: 'Notification' });

/** GET /api/me/notifications. */
export const inbox = z.object({
  unread: z.number().int(),
  /** Whether the user also gets them by e-mail (PATCH /api/me {notifyByEmail}). */
  notifyByEmail: z.boolean(),
  items: z.array(notification),
});
