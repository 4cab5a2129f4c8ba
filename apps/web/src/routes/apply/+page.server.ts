import { schemas } from '@ccmm/api/contract';
import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

// The public form a center applies for certification with (no account).

export const load = (() => ({})) satisfies PageServerLoad;

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export const actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const values = Object.fromEntries(
      [
        'name',
        'operatingSince',
        'region',
        'seats',
        'sites',
        'contactName',
        'email',
        'phone',
        'targetLevel',
        'message',
      ].map((k) => [k, text(form, k)]),
    );
    const sites = values.sites
      ?.split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    const body = {
      organization: {
        name: values.name,
        operatingSince: values.operatingSince,
        ...(values.region ? { region: values.region } : {}),
        ...(values.seats ? { seats: Number(values.seats) } : {}),
        ...(sites?.length ? { sites } : {}),
      },
      contact: {
        name: values.contactName,
        email: values.email,
        ...(values.phone ? { phone: values.phone } : {}),
      },
      ...(values.targetLevel ? { targetLevel: Number(values.targetLevel) } : {}),
      ...(values.message ? { message: values.message } : {}),
      locale: locals.locale,
    };
    const sent = await api(locals, 'POST', '/api/public/applications', schemas.applicationReceipt, body);
    if (!sent.ok) return fail(sent.status === 429 ? 429 : 400, { values, message: errorMessage(sent) });
    return { reference: sent.body.reference, email: values.email ?? '' };
  },
} satisfies Actions;
