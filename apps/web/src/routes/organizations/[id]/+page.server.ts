import { schemas } from '@ccmm/api/contract';
import { type AssessmentKind, AUDIT_KINDS, type LocalizedText } from '@ccmm/engine';
import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage, totalOf } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// A center's audit programme: the cycle each certificate opens, and (for the certification-body
// admin) the audits to create for it; the stage 1 audits (document reviews) the body records
// before an initial certification.

/** The certification body records stage 1 audits. */
const mayReview = (role: string) => role === 'cb_admin' || role === 'cb_reviewer';
/** Who reads an organization's people (its users, the consultants it granted): the API's rule. */
const maySeePeople = (role: string) =>
  role === 'cb_admin' || role === 'cb_reviewer' || role === 'center_admin';
/** The body's admin, or the center's own admin: the site's coordinates, the consultants it grants. */
const mayManage = (user: { role: string; organizationId: string | null }, id: string) =>
  user.role === 'cb_admin' || (user.role === 'center_admin' && user.organizationId === id);
/** The latest assessments shown on the page. */
const ASSESSMENTS_SHOWN = 20;

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const id = encodeURIComponent(params.id);
  const people = maySeePeople(user.role);
  const [organization, programme, stage1Reviews, assessments, certificates, users, consultants] =
    await Promise.all([
      api(locals, 'GET', `/api/organizations/${params.id}`, schemas.organization),
      api(locals, 'GET', `/api/organizations/${params.id}/programme`, schemas.programme),
      api(locals, 'GET', `/api/organizations/${params.id}/stage1-reviews`, schemas.stage1Reviews),
      api(
        locals,
        'GET',
        `/api/assessments?organizationId=${id}&limit=${ASSESSMENTS_SHOWN}`,
        schemas.assessments,
      ),
      api(locals, 'GET', `/api/certificates?organizationId=${id}`, schemas.certificates),
      people ? api(locals, 'GET', `/api/users?organizationId=${id}`, schemas.users) : null,
      people ? api(locals, 'GET', `/api/organizations/${params.id}/consultants`, schemas.grants) : null,
    ]);
  if (!organization.ok) failPage(locals, organization);
  if (!assessments.ok) failPage(locals, assessments);
  if (!certificates.ok) failPage(locals, certificates);
  if (!programme.ok) failPage(locals, programme);
  if (!stage1Reviews.ok) failPage(locals, stage1Reviews);
  let standards: string[] = [];
  // Each published version's domains, for the sample a surveillance audit re-rates.
  let domains: Record<string, { id: string; title: LocalizedText }[]> = {};
  if (mayReview(user.role)) {
    const listed = await api(locals, 'GET', '/api/standards', schemas.standards);
    if (listed.ok) standards = listed.body.filter((s) => s.status === 'published').map((s) => s.ref);
    const packs = await Promise.all(
      standards.map((ref) =>
        api(locals, 'GET', `/api/standards/${encodeURIComponent(ref)}`, schemas.standard),
      ),
    );
    domains = Object.fromEntries(
      packs.flatMap((p) =>
        p.ok ? [[p.body.ref, p.body.pack.domains.map((d) => ({ id: d.id, title: d.title }))]] : [],
      ),
    );
  }
  return {
    organization: organization.body,
    assessments: {
      total: totalOf(assessments),
      shown: ASSESSMENTS_SHOWN,
      rows: assessments.body.map((a) => ({
        id: a.id,
        kind: a.kind,
        status: a.status,
        assessedOn: a.assessedOn,
        standard: a.standard,
      })),
    },
    certificates: certificates.body.map((c) => ({
      number: c.number,
      level: c.level,
      levelName: c.levelName[locals.locale],
      status: c.status,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
    })),
    people: people
      ? {
          users: (users?.ok ? users.body : []).map((u) => ({
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role,
            active: u.active,
          })),
          consultants: (consultants?.ok ? consultants.body : []).map((g) => ({
            id: g.consultantId,
            name: g.name,
            email: g.email,
            grantedAt: g.grantedAt.toISOString().slice(0, 10),
          })),
        }
      : null,
    programme: programme.body,
    stage1Reviews: stage1Reviews.body,
    standards,
    domains,
    mayCreate: user.role === 'cb_admin',
    mayReview: mayReview(user.role),
    // The site's coordinates (check-ins far from them are flagged): the body's admin, the center's.
    maySetSite: mayManage(user, params.id),
    // Who lets a consultant see the center's data: its admin (or the body's, as the API allows).
    mayGrant: mayManage(user, params.id),
  };
}) satisfies PageServerLoad;

export const actions = {
  createAudit: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    const form = await request.formData();
    const kind = String(form.get('kind') ?? '') as AssessmentKind;
    const standard = String(form.get('standard') ?? '');
    const assessedOn = String(form.get('assessedOn') ?? '');
    if (user.role !== 'cb_admin')
      return fail(403, { message: t(locals.locale).programme.forbidden, kind, assessedOn });
    if (!AUDIT_KINDS.includes(kind))
      return fail(400, { message: t(locals.locale).programme.chooseKind, kind, assessedOn });
    const sample = kind === 'surveillance' ? sampleOf(form) : undefined;
    if (sample === null)
      return fail(400, { message: t(locals.locale).surveillance.badClauses, kind, assessedOn });
    const created = await api(locals, 'POST', '/api/assessments', schemas.assessment, {
      organizationId: params.id,
      standard,
      kind,
      assessedOn: assessedOn || undefined,
      sample,
    });
    if (!created.ok) return fail(created.status, { message: errorMessage(created), kind, assessedOn });
    redirect(303, `/assessments/${created.body.id}`);
  },

  recordStage1: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    const form = await request.formData();
    const review = {
      standard: String(form.get('standard') ?? ''),
      reviewedOn: String(form.get('reviewedOn') ?? ''),
      result: String(form.get('result') ?? ''),
      notes: String(form.get('notes') ?? ''),
    };
    if (!mayReview(user.role))
      return fail(403, { stage1: { message: t(locals.locale).stage1.forbidden, ...review } });
    const recorded = await api(
      locals,
      'POST',
      `/api/organizations/${params.id}/stage1-reviews`,
      schemas.stage1Review,
      review,
    );
    if (!recorded.ok)
      return fail(recorded.status, { stage1: { message: errorMessage(recorded), ...review } });
    return { stage1Recorded: true };
  },
  siteCoordinates: async ({ locals, params, request }) => {
    requireUser(locals);
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const [latitude, longitude] = [text('siteLatitude'), text('siteLongitude')];
    // Not a number: sent as typed, for the API to refuse it in the reader's language.
    const number = (v: string) => (v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : v);
    const saved = await api(locals, 'PATCH', `/api/organizations/${params.id}`, schemas.organization, {
      siteLatitude: number(latitude),
      siteLongitude: number(longitude),
    });
    if (!saved.ok) return fail(saved.status, { site: { message: errorMessage(saved), latitude, longitude } });
    return { siteSaved: true };
  },
  grantConsultant: async ({ locals, params, request }) => {
    requireUser(locals);
    const email = String((await request.formData()).get('email') ?? '').trim();
    const granted = await api(locals, 'POST', `/api/organizations/${params.id}/consultants`, schemas.grants, {
      email,
    });
    if (!granted.ok) return fail(granted.status, { grant: { message: errorMessage(granted), email } });
    // Named as the account names them (the e-mail may have been typed in another case).
    const who = granted.body.find((g) => g.email.toLowerCase() === email.toLowerCase());
    return { granted: who ? `${who.name} (${who.email})` : email };
  },
  revokeConsultant: async ({ locals, params, request }) => {
    requireUser(locals);
    const id = String((await request.formData()).get('consultantId') ?? '');
    const revoked = await api(
      locals,
      'DELETE',
      `/api/organizations/${params.id}/consultants/${encodeURIComponent(id)}`,
      schemas.noContent,
    );
    if (!revoked.ok) return fail(revoked.status, { grant: { message: errorMessage(revoked), email: '' } });
    return { revoked: true };
  },
} satisfies Actions;

/**
 * The sample of a surveillance audit from the form's domain boxes and clause list: undefined
 * when nothing is chosen (the whole standard is re-rated), null when the list is not numbers.
 */
function sampleOf(form: FormData): { domains: string[]; clauses: number[] } | undefined | null {
  const domains = form.getAll('domain').map(String);
  const words = String(form.get('clauses') ?? '')
    .split(/[\s,，、;；]+/)
    .filter(Boolean);
  if (words.some((w) => !/^[1-9][0-9]{0,5}$/.test(w))) return null;
  const clauses = words.map(Number);
  return domains.length > 0 || clauses.length > 0 ? { domains, clauses } : undefined;
}
