import { schemas } from '@ccmm/api/contract';
import { API_KEY_SCOPES, WEBHOOK_EVENTS } from '@ccmm/engine';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { SessionUser } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

// API keys and webhooks for the body's admin (the body's own keys, every webhook) and a center's
// admin (its organization's). The API decides who may do what; this page only asks.

function admin(locals: App.Locals): SessionUser {
  const user = requireUser(locals);
  if (user.role !== 'cb_admin' && user.role !== 'center_admin') {
    error(403, { message: t(locals.locale).errors.forbidden });
  }
  return user;
}

/** The keys' collection: the body's own, or the center's organization's. */
const keysPath = (user: SessionUser) =>
  user.role === 'cb_admin' || !user.organizationId
    ? '/api/api-keys'
    : `/api/organizations/${encodeURIComponent(user.organizationId)}/api-keys`;

export const load = (async ({ locals, url }) => {
  const user = admin(locals);
  const [keys, hooks] = await Promise.all([
    api(locals, 'GET', keysPath(user), schemas.apiKeys),
    api(locals, 'GET', '/api/webhooks', schemas.webhooks),
  ]);
  if (!keys.ok) failPage(locals, keys);
  if (!hooks.ok) failPage(locals, hooks);
  const logOf = url.searchParams.get('log');
  const shown = logOf ? hooks.body.find((h) => h.id === logOf) : undefined;
  let log = null;
  if (shown) {
    const res = await api(
      locals,
      'GET',
      `/api/webhooks/${encodeURIComponent(shown.id)}/deliveries?limit=50`,
      schemas.webhookDeliveries,
    );
    if (!res.ok) failPage(locals, res);
    log = { id: shown.id, url: shown.url, deliveries: res.body };
  }
  return {
    body: user.role === 'cb_admin',
    scopes: API_KEY_SCOPES,
    events: WEBHOOK_EVENTS,
    keys: keys.body,
    webhooks: hooks.body,
    log,
  };
}) satisfies PageServerLoad;

const texts = (form: FormData, key: string) => form.getAll(key).map((v) => String(v));

export const actions = {
  createKey: async ({ locals, request }) => {
    const user = admin(locals);
    const form = await request.formData();
    const fields = {
      name: String(form.get('name') ?? '').trim(),
      scopes: texts(form, 'scopes'),
      expiresOn: String(form.get('expiresOn') ?? ''),
    };
    const made = await api(locals, 'POST', keysPath(user), schemas.createdApiKey, {
      name: fields.name,
      scopes: fields.scopes,
      expiresOn: fields.expiresOn || undefined,
    });
    if (!made.ok) return fail(400, { keyForm: fields, keyMessage: errorMessage(made) });
    return { key: made.body.key, keyName: fields.name };
  },
  revokeKey: async ({ locals, request }) => {
    admin(locals);
    const id = String((await request.formData()).get('id') ?? '');
    const done = await api(locals, 'DELETE', `/api/api-keys/${encodeURIComponent(id)}`, schemas.noContent);
    if (!done.ok) return fail(done.status, { keyMessage: errorMessage(done) });
    return { revoked: true };
  },
  createWebhook: async ({ locals, request }) => {
    admin(locals);
    const form = await request.formData();
    const fields = { url: String(form.get('url') ?? '').trim(), events: texts(form, 'events') };
    const secret = String(form.get('secret') ?? '');
    const made = await api(locals, 'POST', '/api/webhooks', schemas.createdWebhook, {
      ...fields,
      secret: secret || undefined,
    });
    if (!made.ok) return fail(400, { hookForm: fields, hookMessage: errorMessage(made) });
    return { secret: made.body.secret, hookUrl: made.body.url };
  },
  deleteWebhook: async ({ locals, request }) => {
    admin(locals);
    const id = String((await request.formData()).get('id') ?? '');
    const done = await api(locals, 'DELETE', `/api/webhooks/${encodeURIComponent(id)}`, schemas.noContent);
    if (!done.ok) return fail(done.status, { hookMessage: errorMessage(done) });
    return { deleted: true };
  },
  testWebhook: async ({ locals, request }) => {
    admin(locals);
    const id = String((await request.formData()).get('id') ?? '');
    const sent = await api(
      locals,
      'POST',
      `/api/webhooks/${encodeURIComponent(id)}/test`,
      schemas.webhookTestEvent,
    );
    if (!sent.ok) return fail(sent.status, { hookMessage: errorMessage(sent) });
    return { tested: id };
  },
} satisfies Actions;
