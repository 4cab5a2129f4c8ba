import { schemas } from '@ccmm/api/contract';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// One's own account: who one is, and two-step sign-in (set up with a QR code, confirmed with a
// code, recovery codes shown once; turned off with a code unless the role requires it).

const started = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
const confirmed = z.object({ recoveryCodes: z.array(z.string()) });

export const load = (async ({ locals }) => {
  requireUser(locals);
  const me = await api(locals, 'GET', '/api/me', schemas.me);
  if (!me.ok) failPage(locals, me);
  return { me: me.body };
}) satisfies PageServerLoad;

export const actions = {
  start: async ({ locals }) => {
    requireUser(locals);
    const result = await api(locals, 'POST', '/api/me/two-factor', started);
    if (!result.ok) return fail(400, { message: errorMessage(result) });
    return { setup: { secret: result.body.secret, qrSvg: result.body.qrSvg } };
  },
  confirm: async ({ locals, request }) => {
    requireUser(locals);
    const form = await request.formData();
    const code = String(form.get('code') ?? '').trim();
    const result = await api(locals, 'POST', '/api/me/two-factor/confirm', confirmed, { code });
    if (!result.ok) {
      // Keep the QR code on screen for another try.
      const again = await api(locals, 'POST', '/api/me/two-factor', started);
      return fail(400, {
        message: errorMessage(result),
        setup: again.ok ? { secret: again.body.secret, qrSvg: again.body.qrSvg } : undefined,
      });
    }
    return { recoveryCodes: result.body.recoveryCodes };
  },
  off: async ({ locals, request }) => {
    requireUser(locals);
    const code = String((await request.formData()).get('code') ?? '').trim();
    const result = await api(locals, 'DELETE', '/api/me/two-factor', schemas.noContent, { code });
    if (!result.ok) return fail(400, { message: errorMessage(result) });
    return { turnedOff: true };
  },
} satisfies Actions;
