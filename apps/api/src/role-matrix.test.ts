import { readFileSync } from 'node:fs';
import { type Role, roles } from '@ccmm/db';
import { parseMapping, parsePack } from '@ccmm/standard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../test/app.ts';
import { certifiedAudit } from '../test/certification.ts';
import { addMonths, clock } from './clock.ts';
import { createApiKeysRepository } from './modules/api-keys/api-keys.repository.ts';
import { createWebhooksRepository } from './modules/webhooks/webhooks.repository.ts';

// Every route × every role × the caller's own organization and another one. Expected statuses:
// 2xx allowed; 403 the role may not do it; 404 the caller may not even see the thing (tenancy).

const ROLES: readonly Role[] = roles;

/** The TEST FIXTURE edition (derived from 2017), uploaded as JSON under a version per target. */
const FIXTURE_PACK = parsePack(
  readFileSync(new URL('../../../tests/fixtures/editions/test-fixture-1.yaml', import.meta.url), 'utf8'),
  'fixture.yaml',
).pack;
const FIXTURE_MAPPING = parseMapping(
  readFileSync(
    new URL('../../../tests/fixtures/editions/2017-to-test-fixture-1.yaml', import.meta.url),
    'utf8',
  ),
  'mapping.yaml',
).mapping;

interface Tenant {
  organization: string;
  audit: string;
  selfAssessment: string;
  certificate: string;
  /** The audit behind the certificate (decided: it may be appealed). */
  certifiedAudit: string;
  /** A complaint about the certificate. */
  complaint: string;
  /** A minor nonconformity of an audit of the organization. */
  finding: string;
  /** A center member of the organization (whose account admins change). */
  member: string;
  /** An API key of the organization (revoking it twice is no error). */
  apiKey: string;
  /** A webhook of the organization (deleting it twice is no error). */
  webhook: string;
  /** A note of the organization's self-assessment, recorded by a user of the center. */
  selfNote: string;
  /** A check-in far from the organization's site (the body explains it). */
  checkIn: string;
}

interface World {
  own: Tenant;
  other: Tenant;
  consultantToGrant: string;
  auditor: string;
  /** Who handles the complaints (the body's admin). */
  handler: string;
}

type Target = 'own' | 'other';
interface Case {
  readonly name: string;
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: (w: World, target: Target) => string;
  readonly body?: (w: World, target: Target) => object;
  /** Expected status per role: [own organization, other organization]. */
  readonly expect: Readonly<Record<Role, readonly [number, number]>>;
  /** Open to anyone, signed in or not. */
  readonly public?: true;
}

const everyone = (own: number, other: number) =>
  Object.fromEntries(ROLES.map((r) => [r, [own, other]])) as Record<Role, [number, number]>;

/** Readable by the certification body everywhere, by the others only in their own organization. */
const scopedRead: Record<Role, [number, number]> = {
  ...everyone(200, 404),
  cb_admin: [200, 200],
  cb_reviewer: [200, 200],
};

/**
 * An audit in progress: read as scopedRead, but sealed from the audited center and its
 * consultant until it is submitted (403 assessment.sealed: the audit's existence is no secret).
 */
const sealedRead: Record<Role, [number, number]> = {
  ...scopedRead,
  center_admin: [403, 404],
  center_member: [403, 404],
  consultant: [403, 404],
};

const certificatePath = (suffix: string) => (w: World, t: Target) =>
  `/api/certificates/${w[t].certificate}${suffix}`;

const assessmentPath = (suffix: string) => (w: World, t: Target) => `/api/assessments/${w[t].audit}${suffix}`;

const cases: Case[] = [
  { name: 'list organizations', method: 'get', path: () => '/api/organizations', expect: everyone(200, 200) },
  {
    name: 'read an organization',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}`,
    expect: scopedRead,
  },
  {
    name: 'change an organization',
    method: 'patch',
    path: (w, t) => `/api/organizations/${w[t].organization}`,
    body: () => ({ region: '华东' }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200], center_admin: [200, 404] },
  },
  {
    name: 'change an organization’s operating start date (operating years decide L3–L5)',
    method: 'patch',
    path: (w, t) => `/api/organizations/${w[t].organization}`,
    body: () => ({ operatingSince: '2015-01-01' }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200], center_admin: [403, 404] },
  },
  {
    name: 'read an organization’s change history',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/changes`,
    expect: {
      ...everyone(403, 403),
      cb_admin: [200, 200],
      cb_reviewer: [200, 200],
      center_admin: [200, 404],
    },
  },
  {
    name: 'list an organization’s consultants',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/consultants`,
    expect: {
      ...everyone(403, 403),
      cb_admin: [200, 200],
      cb_reviewer: [200, 200],
      center_admin: [200, 404],
    },
  },
  {
    name: 'grant a consultant access',
    method: 'post',
    path: (w, t) => `/api/organizations/${w[t].organization}/consultants`,
    body: (w) => ({ consultantId: w.consultantToGrant }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201], center_admin: [201, 404] },
  },
  {
    name: 'revoke a consultant’s access',
    method: 'delete',
    path: (w, t) => `/api/organizations/${w[t].organization}/consultants/${w.consultantToGrant}`,
    expect: { ...everyone(403, 403), cb_admin: [204, 204], center_admin: [204, 404] },
  },
  {
    name: 'create an organization',
    method: 'post',
    path: () => '/api/organizations',
    body: () => ({ name: '新中心', operatingSince: '2020-01-01' }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201] },
  },
  {
    name: 'create a user',
    method: 'post',
    path: () => '/api/users',
    body: () => ({
      email: `u${Math.random()}@t.example`,
      name: 'u',
      password: 'long-enough-pw',
      role: 'auditor',
    }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201] },
  },
  {
    name: 'list users',
    method: 'get',
    path: () => '/api/users',
    expect: {
      ...everyone(403, 403),
      cb_admin: [200, 200],
      cb_reviewer: [200, 200],
      center_admin: [200, 200],
    },
  },
  { name: 'list standards', method: 'get', path: () => '/api/standards', expect: everyone(200, 200) },
  {
    name: 'read a standard',
    method: 'get',
    path: () => '/api/standards/cc-cmm-oc@2017',
    expect: everyone(200, 200),
  },
  {
    name: 'upload a standard pack (a draft)',
    method: 'post',
    path: () => '/api/standards',
    body: (_w, t) => ({ ...FIXTURE_PACK, version: `matrix-${t}` }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201] },
  },
  {
    name: 'download the XLSX template of a standard pack',
    method: 'get',
    path: () => '/api/standards/template.xlsx',
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    name: 'publish a draft edition',
    method: 'post',
    path: (_w, t) => `/api/standards/cc-cmm-oc@matrix-${t}/publish`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    name: 'store a mapping between editions',
    method: 'post',
    path: () => '/api/mappings',
    body: (_w, t) => ({ ...FIXTURE_MAPPING, to: `matrix-${t}` }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201] },
  },
  {
    name: 'list the stored mappings between editions',
    method: 'get',
    path: () => '/api/mappings',
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200] },
  },
  {
    name: 'download the XLSX template of a mapping',
    method: 'get',
    path: () => '/api/mappings/template.xlsx?from=cc-cmm-oc@2017&to=cc-cmm-oc@2017',
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    name: 'simulate the transition to a new edition',
    method: 'get',
    path: (_w, t) => `/api/standards/cc-cmm-oc@matrix-${t}/transition?from=cc-cmm-oc@2017`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200], consultant: [200, 200] },
  },
  {
    name: 'export the transition simulator as CSV',
    method: 'get',
    path: (_w, t) => `/api/standards/cc-cmm-oc@matrix-${t}/transition.csv?from=cc-cmm-oc@2017`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200], consultant: [200, 200] },
  },
  {
    // To an edition that does not exist: the access rules answer first, nothing moves.
    name: 'move an assessment to another edition',
    method: 'post',
    path: (w, t) => `/api/assessments/${w[t].selfAssessment}/move`,
    body: () => ({ to: 'cc-cmm-oc@none' }),
    expect: { ...everyone(403, 403), cb_admin: [422, 422], center_admin: [422, 404] },
  },
  { name: 'list assessments', method: 'get', path: () => '/api/assessments', expect: everyone(200, 200) },
  {
    name: 'start a self-assessment',
    method: 'post',
    path: () => '/api/assessments',
    body: (w, t) => ({ organizationId: w[t].organization, standard: 'cc-cmm-oc@2017', kind: 'self' }),
    expect: {
      ...everyone(403, 403),
      cb_admin: [201, 201],
      center_admin: [201, 404],
      center_member: [201, 404],
    },
  },
  {
    name: 'start a self-assessment from the previous one',
    method: 'post',
    path: () => '/api/assessments',
    body: (w, t) => ({
      organizationId: w[t].organization,
      standard: 'cc-cmm-oc@2017',
      kind: 'self',
      startFrom: 'previous',
    }),
    expect: {
      ...everyone(403, 403),
      cb_admin: [201, 201],
      center_admin: [201, 404],
      center_member: [201, 404],
    },
  },
  {
    name: 'start a certification audit',
    method: 'post',
    path: () => '/api/assessments',
    body: (w, t) => ({
      organizationId: w[t].organization,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
      // The seeded audits' date: stage 1 readied both organizations for it.
      assessedOn: '2026-06-30',
    }),
    expect: {
      ...everyone(403, 403),
      cb_admin: [201, 201],
      center_admin: [403, 404],
      center_member: [403, 404],
    },
  },
  { name: 'read an assessment', method: 'get', path: assessmentPath(''), expect: scopedRead },
  {
    name: 'assign auditors',
    method: 'put',
    path: assessmentPath('/auditors'),
    // Leaves each assessment's auditors as they were, so later cases see the same world.
    body: (w, t) => ({ userIds: t === 'own' ? [w.auditor] : [] }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  { name: 'read eligibility', method: 'get', path: assessmentPath('/eligibility'), expect: sealedRead },
  { name: 'read ratings', method: 'get', path: assessmentPath('/scores'), expect: sealedRead },
  {
    name: 'read the last audit’s ratings beside a self-assessment',
    method: 'get',
    path: (w, t) => `/api/assessments/${w[t].selfAssessment}/last-audit`,
    expect: { ...scopedRead, auditor: [404, 404] },
  },
  {
    // Never beside an audit (409 assessment.not_self), once the access rules have answered.
    name: 'read the last audit’s ratings beside an audit',
    method: 'get',
    path: assessmentPath('/last-audit'),
    expect: Object.fromEntries(
      Object.entries(sealedRead).map(([role, codes]) => [role, codes.map((c) => (c === 200 ? 409 : c))]),
    ) as typeof sealedRead,
  },
  { name: 'export ratings as CSV', method: 'get', path: assessmentPath('/scores.csv'), expect: sealedRead },
  { name: 'export ratings as XLSX', method: 'get', path: assessmentPath('/scores.xlsx'), expect: sealedRead },
  { name: 'read the audit trail', method: 'get', path: assessmentPath('/trail'), expect: sealedRead },
  {
    name: 'read the cohort benchmark',
    method: 'get',
    path: (w, t) => `/api/benchmarks/cohort?organizationId=${w[t].organization}`,
    // Percentiles of opted-in peers only; auditors have no benchmark view.
    expect: { ...scopedRead, auditor: [403, 403] },
  },
  // Benchmarks of one or several organizations, and the views consultants made through grants.
  {
    name: 'compare organizations side by side',
    method: 'get',
    // Both organizations each time: the consultant was granted only its own, so never sees the pair.
    path: (w, t) =>
      `/api/benchmarks/compare?organizationIds=${w[t].organization},${w[t === 'own' ? 'other' : 'own'].organization}`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200], consultant: [404, 404] },
  },
  {
    name: 'read an organization’s trend',
    method: 'get',
    path: (w, t) => `/api/benchmarks/trend?organizationId=${w[t].organization}`,
    expect: { ...scopedRead, auditor: [403, 403] },
  },
  {
    name: 'compare self-assessment and audit',
    method: 'get',
    path: (w, t) => `/api/benchmarks/self-vs-audit?organizationId=${w[t].organization}`,
    expect: { ...scopedRead, auditor: [403, 403] },
  },
  {
    name: 'make an API key for an organization',
    method: 'post',
    path: (w, t) => `/api/organizations/${w[t].organization}/api-keys`,
    body: () => ({ name: '机器', scopes: ['kpis:read'] }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201], center_admin: [201, 404] },
  },
  {
    name: 'list an organization’s API keys',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/api-keys`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200], center_admin: [200, 404] },
  },
  {
    name: 'make an API key of the certification body',
    method: 'post',
    path: () => '/api/api-keys',
    body: () => ({ name: '报表', scopes: ['certificates:read'] }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201] },
  },
  {
    name: 'list the certification body’s API keys',
    method: 'get',
    path: () => '/api/api-keys',
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    name: 'revoke an API key',
    method: 'delete',
    path: (w, t) => `/api/api-keys/${w[t].apiKey}`,
    expect: { ...everyone(403, 403), cb_admin: [204, 204], center_admin: [204, 404] },
  },
  {
    name: 'read the uses of an API key',
    method: 'get',
    path: (w, t) => `/api/api-keys/${w[t].apiKey}/uses`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200], center_admin: [200, 404] },
  },
  {
    name: 'register a webhook (the body’s or the own organization’s)',
    method: 'post',
    path: () => '/api/webhooks',
    body: () => ({ url: 'https://hooks.example.com/ccmm', events: ['decision.made'] }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201], center_admin: [201, 201] },
  },
  {
    name: 'list webhooks',
    method: 'get',
    path: () => '/api/webhooks',
    expect: { ...everyone(403, 403), cb_admin: [200, 200], center_admin: [200, 200] },
  },
  {
    name: 'read a webhook’s delivery log',
    method: 'get',
    path: (w, t) => `/api/webhooks/${w[t].webhook}/deliveries`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200], center_admin: [200, 404] },
  },
  {
    name: 'send a webhook a test event',
    method: 'post',
    path: (w, t) => `/api/webhooks/${w[t].webhook}/test`,
    expect: { ...everyone(403, 403), cb_admin: [202, 202], center_admin: [202, 404] },
  },
  {
    name: 'delete a webhook',
    method: 'delete',
    path: (w, t) => `/api/webhooks/${w[t].webhook}`,
    expect: { ...everyone(403, 403), cb_admin: [204, 204], center_admin: [204, 404] },
  },
  {
    name: 'list consultants’ views of an organization',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/grant-views`,
    expect: {
      ...everyone(403, 403),
      cb_admin: [200, 200],
      cb_reviewer: [200, 200],
      center_admin: [200, 404],
    },
  },
  {
    name: 'verify the audit trail',
    method: 'get',
    path: assessmentPath('/trail/verify'),
    expect: sealedRead,
  },
  { name: 'list an audit’s evidence', method: 'get', path: assessmentPath('/evidence'), expect: sealedRead },
  {
    name: 'caption evidence after choosing it',
    method: 'patch',
    path: (w, t) => `/api/assessments/${w[t].selfAssessment}/evidence/${w[t].selfNote}`,
    body: () => ({ caption: '会议纪要' }),
    expect: {
      ...everyone(403, 403),
      auditor: [404, 404],
      center_admin: [200, 404],
      center_member: [200, 404],
    },
  },
  // Once submitted (here: decided), the audited center and its consultant read all of it.
  ...(['/eligibility', '/scores', '/scores.csv', '/trail', '/evidence', '/report/pdf'] as const).map(
    (suffix): Case => ({
      name: `read ${suffix} of a submitted audit`,
      method: 'get',
      path: (w, t) => `/api/assessments/${w[t].certifiedAudit}${suffix}`,
      // The certifying auditor is not the matrix's auditor: that one is on neither audit.
      expect: { ...scopedRead, auditor: [404, 404] },
    }),
  ),
  {
    name: 'rate clauses of an audit',
    method: 'put',
    path: assessmentPath('/scores'),
    body: () => ({ ratings: [{ clause: 1, c: 10, f: 5 }] }),
    // Only the assigned auditor rates an audit; the center reads it.
    expect: {
      ...everyone(403, 403),
      auditor: [200, 404],
      center_admin: [403, 404],
      center_member: [403, 404],
    },
  },
  {
    name: 'rate clauses of a self-assessment',
    method: 'put',
    path: (w, t) => `/api/assessments/${w[t].selfAssessment}/scores`,
    body: () => ({ ratings: [{ clause: 2, c: 5, f: 5 }] }),
    expect: {
      ...everyone(403, 403),
      auditor: [404, 404],
      center_admin: [200, 404],
      center_member: [200, 404],
    },
  },
  {
    name: 'rate one clause of an audit',
    method: 'put',
    path: assessmentPath('/scores/3'),
    body: () => ({ c: 10, f: 10, version: 0 }),
    // The auditor's write succeeds once; the matrix runs it with the current version each time.
    expect: {
      ...everyone(403, 403),
      auditor: [200, 404],
      center_admin: [403, 404],
      center_member: [403, 404],
    },
  },
  {
    name: 'read every rater’s layer of an audit',
    method: 'get',
    path: assessmentPath('/scores?layer=all'),
    // The one rater of a single-rater audit is its lead.
    expect: sealedRead,
  },
  {
    name: 'read the agreement between an audit’s raters',
    method: 'get',
    path: assessmentPath('/agreement'),
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200], auditor: [200, 404] },
  },
  ...(['/api/calibration/auditors', '/api/calibration/auditors.csv'] as const).map(
    (path): Case => ({
      name: `read the auditors’ calibration (${path})`,
      method: 'get',
      path: () => path,
      expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200] },
    }),
  ),
  {
    name: 'set a team rating (a single-rater audit: refused as such)',
    method: 'put',
    path: assessmentPath('/team-scores/3'),
    body: () => ({ c: 10, f: 10, version: 1 }),
    expect: { ...everyone(403, 403), auditor: [409, 404] },
  },
  {
    name: 'set whether an audit’s raters see each other’s layers',
    method: 'put',
    path: assessmentPath('/team-settings'),
    body: () => ({ layersVisible: false }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    name: 'submit an audit (incomplete: refused as such, not as forbidden)',
    method: 'post',
    path: assessmentPath('/submit'),
    expect: {
      ...everyone(403, 403),
      auditor: [409, 404],
      center_admin: [403, 404],
      center_member: [403, 404],
    },
  },
  {
    name: 'declare a conflict of interest',
    method: 'post',
    path: (w, t) => `/api/organizations/${w[t].organization}/conflicts`,
    // Consulting that ended long before the audits: it bars nothing, so later cases see the same world.
    body: () => ({ kind: 'consulted', since: '2000-01-01', until: '2001-01-01' }),
    expect: { ...everyone(403, 403), auditor: [201, 201] },
  },
  {
    name: 'list conflicts of interest',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/conflicts`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200], auditor: [200, 200] },
  },
  {
    name: 'take an audit into review (not submitted: refused as such)',
    method: 'post',
    path: assessmentPath('/review'),
    expect: { ...everyone(403, 403), cb_admin: [409, 409], cb_reviewer: [409, 409] },
  },
  {
    name: 'decide an audit (not submitted: refused as such)',
    method: 'post',
    path: assessmentPath('/decision'),
    body: () => ({ outcome: 'refuse', reason: '—' }),
    expect: { ...everyone(403, 403), cb_admin: [409, 409], cb_reviewer: [409, 409] },
  },
  { name: 'read the decisions', method: 'get', path: assessmentPath('/decisions'), expect: scopedRead },
  // KPIs: read by whoever sees the organization, recorded by its center (or the CB admin).
  {
    name: 'read an organization’s KPIs',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/kpis`,
    expect: scopedRead,
  },
  {
    name: 'record a month’s KPIs',
    method: 'put',
    path: (w, t) => `/api/organizations/${w[t].organization}/kpis/2026-01`,
    body: () => ({ values: [{ indicator: 'fcr', value: 80, target: 85 }] }),
    expect: {
      ...everyone(403, 403),
      cb_admin: [200, 200],
      center_admin: [200, 404],
      center_member: [200, 404],
    },
  },
  {
    name: 'remove a KPI',
    method: 'delete',
    path: (w, t) => `/api/organizations/${w[t].organization}/kpis/2026-01/fcr`,
    expect: {
      ...everyone(403, 403),
      cb_admin: [204, 204],
      center_admin: [204, 404],
      center_member: [204, 404],
    },
  },
  {
    name: 'read an audit plan',
    method: 'get',
    path: (w, t) => `/api/assessments/${w[t].audit}/plan`,
    expect: scopedRead,
  },
  {
    // The auditor has a competence record without the organization's industry: 422 for the admin.
    name: 'plan an audit',
    method: 'put',
    path: (w, t) => `/api/assessments/${w[t].audit}/plan`,
    body: (w) => ({
      onSiteFrom: '2026-06-29',
      onSiteTo: '2026-06-30',
      manDays: 2,
      team: [{ userId: w.auditor, role: 'lead' }],
    }),
    expect: { ...everyone(403, 403), cb_admin: [422, 422] },
  },
  {
    name: 'record an auditor’s competence',
    method: 'put',
    path: (w) => `/api/auditors/${w.auditor}/competence`,
    body: () => ({ qualification: '审核员', industries: [], validUntil: '2030-12-31' }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    name: 'read an auditor’s competence',
    method: 'get',
    path: (w) => `/api/auditors/${w.auditor}/competence`,
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200], auditor: [200, 200] },
  },
  {
    name: 'read the body’s attention list',
    method: 'get',
    path: () => '/api/programme/attention',
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200] },
  },
  {
    name: 'read the audit programme',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/programme`,
    expect: scopedRead,
  },
  {
    name: 'read the stage 1 reviews',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/stage1-reviews`,
    expect: scopedRead,
  },
  {
    name: 'record a stage 1 review',
    method: 'post',
    path: (w, t) => `/api/organizations/${w[t].organization}/stage1-reviews`,
    body: () => ({
      standard: 'cc-cmm-oc@2017',
      reviewedOn: '2026-05-30',
      result: 'ready',
      notes: '文件齐全',
    }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201], cb_reviewer: [201, 201] },
  },
  {
    name: 'read the KPI history',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/kpis/changes`,
    expect: scopedRead,
  },
  {
    name: 'read the KPI attainment',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/kpis/attainment`,
    expect: scopedRead,
  },
  {
    name: 'read the KPI attainment of an assessment',
    method: 'get',
    path: assessmentPath('/kpi-attainment'),
    expect: scopedRead,
  },
  {
    name: 'read the KPI cohort benchmark',
    method: 'get',
    path: (w, t) => `/api/benchmarks/kpis?organizationId=${w[t].organization}`,
    expect: { ...scopedRead, auditor: [403, 403] },
  },
  { name: 'list certificates', method: 'get', path: () => '/api/certificates', expect: everyone(200, 200) },
  {
    name: 'read where certificates issued now will point',
    method: 'get',
    path: () => '/api/certificates/issuing',
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200] },
  },
  {
    name: 'read a certificate',
    method: 'get',
    path: certificatePath(''),
    // The certificates' audits had another auditor: this one sees neither.
    expect: { ...scopedRead, auditor: [404, 404] },
  },
  {
    name: 'download a certificate as PDF',
    method: 'get',
    path: certificatePath('/pdf'),
    expect: { ...scopedRead, auditor: [404, 404] },
  },
  {
    name: 'change a certificate’s status',
    method: 'post',
    path: certificatePath('/status'),
    body: () => ({ status: 'suspended', reason: '监督审核逾期', until: addMonths(clock.today(), 3) }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    // After the case above: the certificates are suspended.
    name: 'reinstate a suspended certificate',
    method: 'post',
    path: certificatePath('/reinstate'),
    body: () => ({ reason: '已完成监督审核，整改经验证有效' }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    name: 'verify a certificate publicly',
    method: 'get',
    path: (w, t) => `/api/public/certificates/${w[t].certificate}`,
    expect: everyone(200, 200),
    public: true,
  },
  {
    name: 'ask whether the process is alive',
    method: 'get',
    path: () => '/api/health',
    expect: everyone(200, 200),
    public: true,
  },
  {
    name: 'ask whether the process may take traffic',
    method: 'get',
    path: () => '/api/ready',
    expect: everyone(200, 200),
    public: true,
  },
  {
    name: 'read the public directory',
    method: 'get',
    path: () => '/api/public/directory',
    expect: everyone(200, 200),
    public: true,
  },
  // Complaints and appeals.
  {
    name: 'lodge a complaint about a certified center',
    method: 'post',
    path: (w, t) => `/api/public/certificates/${w[t].certificate}/complaints`,
    body: () => ({ text: '投诉内容' }),
    expect: everyone(201, 201),
    public: true,
  },
  {
    name: 'appeal a decision',
    method: 'post',
    path: (w, t) => `/api/assessments/${w[t].certifiedAudit}/appeals`,
    body: () => ({ text: '申诉理由' }),
    expect: { ...everyone(403, 403), center_admin: [201, 404] },
  },
  {
    name: 'read the register of complaints and appeals',
    method: 'get',
    path: () => '/api/complaints',
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200] },
  },
  {
    name: 'read a center’s complaints and appeals',
    method: 'get',
    path: (w, t) => `/api/organizations/${w[t].organization}/complaints`,
    expect: {
      ...everyone(403, 403),
      cb_admin: [200, 200],
      cb_reviewer: [200, 200],
      center_admin: [200, 404],
    },
  },
  {
    name: 'assign the handler of a complaint',
    method: 'post',
    path: (w, t) => `/api/complaints/${w[t].complaint}/assign`,
    // The body's admin took no part in the audit or its decision.
    body: (w) => ({ handlerId: w.handler }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  {
    name: 'record the outcome of a complaint (its handler: the body’s admin)',
    method: 'post',
    path: (w, t) => `/api/complaints/${w[t].complaint}/outcome`,
    body: () => ({ outcome: 'rejected', text: '不成立' }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
  // Findings and corrective actions.
  {
    name: 'record a finding of an audit',
    method: 'post',
    path: assessmentPath('/findings'),
    body: () => ({ kind: 'observation', clauses: [1], statement: '观察项' }),
    expect: { ...everyone(403, 403), auditor: [201, 404] },
  },
  {
    name: 'read an audit’s findings',
    method: 'get',
    path: assessmentPath('/findings'),
    expect: { ...scopedRead, consultant: [403, 403] },
  },
  {
    name: 'read an audit’s action plan',
    method: 'get',
    path: assessmentPath('/action-plan'),
    expect: { ...sealedRead, consultant: [403, 403] },
  },
  {
    name: 'list findings across audits (a center: its own)',
    method: 'get',
    path: () => '/api/findings',
    expect: { ...everyone(200, 200), consultant: [403, 403] },
  },
  ...(['csv', 'xlsx'] as const).map(
    (format): Case => ({
      name: `export findings as ${format}`,
      method: 'get',
      path: () => `/api/findings.${format}`,
      expect: { ...everyone(200, 200), consultant: [403, 403] },
    }),
  ),
  {
    name: 'submit a corrective-action plan',
    method: 'put',
    path: (w, t) => `/api/findings/${w[t].finding}/plan`,
    body: () => ({ correction: '纠正', rootCause: '原因', action: '措施', dueOn: '2099-01-01' }),
    expect: { ...everyone(403, 403), center_admin: [200, 404], center_member: [200, 404] },
  },
  {
    name: 'review a plan (accept)',
    method: 'post',
    path: (w, t) => `/api/findings/${w[t].finding}/review`,
    body: () => ({ verdict: 'accept' }),
    expect: { ...everyone(403, 403), auditor: [200, 404] },
  },
  {
    name: 'report a correction',
    method: 'post',
    path: (w, t) => `/api/findings/${w[t].finding}/correction`,
    body: () => ({ note: '已纠正' }),
    expect: { ...everyone(403, 403), center_admin: [200, 404], center_member: [200, 404] },
  },
  // Presence on record (check-ins).
  {
    name: 'check in to an audit (multipart: a JSON body is refused once past access and tenancy)',
    method: 'post',
    path: assessmentPath('/check-ins'),
    body: () => ({ kind: 'in' }),
    expect: { ...everyone(403, 403), auditor: [415, 404] },
  },
  {
    name: 'read an audit’s check-ins',
    method: 'get',
    path: assessmentPath('/check-ins'),
    expect: { ...scopedRead, consultant: [403, 403] },
  },
  {
    name: 'explain a check-in far from the site (the body)',
    method: 'post',
    path: (w, t) => `/api/check-ins/${w[t].checkIn}/explanations`,
    body: () => ({ text: '开场会改在分中心召开' }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201], cb_reviewer: [201, 201] },
  },
  {
    name: 'read the report’s sign-offs',
    method: 'get',
    path: assessmentPath('/sign-offs'),
    expect: scopedRead,
  },
  {
    name: 'sign the report off (not submitted: refused as such)',
    method: 'post',
    path: assessmentPath('/sign-off'),
    expect: { ...everyone(403, 403), auditor: [409, 404], center_admin: [409, 404] },
  },
  {
    name: 'download the assessment report as PDF',
    method: 'get',
    path: assessmentPath('/report/pdf'),
    expect: sealedRead,
  },
  {
    name: 'invite a center member by e-mail',
    method: 'post',
    path: () => '/api/invitations',
    body: (w, t) => ({
      email: `invited-${t}@center.example`,
      name: '受邀者',
      role: 'center_member',
      organizationId: w[t].organization,
    }),
    expect: { ...everyone(403, 403), cb_admin: [201, 201], center_admin: [201, 403] },
  },
  {
    name: 'accept an invitation (an unknown link)',
    method: 'post',
    path: () => `/api/invitations/${'x'.repeat(43)}/accept`,
    body: () => ({ password: 'a-long-password' }),
    expect: everyone(404, 404),
    public: true,
  },
  // Applications for certification.
  {
    name: 'apply for certification (the public form)',
    method: 'post',
    path: () => '/api/public/applications',
    body: (_w, t) => ({
      organization: { name: `申请中心-${t}`, operatingSince: '2020-01-01' },
      contact: { name: '申请人', email: `applicant-${t}@center.example` },
    }),
    expect: everyone(202, 202),
    public: true,
  },
  {
    name: 'read the applications for certification',
    method: 'get',
    path: () => '/api/applications',
    expect: { ...everyone(403, 403), cb_admin: [200, 200], cb_reviewer: [200, 200] },
  },
  {
    name: 'accept an application (an unknown one)',
    method: 'post',
    path: () => '/api/applications/00000000-0000-4000-8000-000000000000/accept',
    expect: { ...everyone(403, 403), cb_admin: [404, 404] },
  },
  {
    name: 'decline an application (an unknown one)',
    method: 'post',
    path: () => '/api/applications/00000000-0000-4000-8000-000000000000/decline',
    body: () => ({ reason: '不在认证范围内' }),
    expect: { ...everyone(403, 403), cb_admin: [404, 404] },
  },
  {
    name: 'ask for a password reset',
    method: 'post',
    path: () => '/api/auth/password-reset',
    body: () => ({ email: 'someone@example.com' }),
    expect: everyone(202, 202),
    public: true,
  },
  {
    name: 'reset a password (an unknown link)',
    method: 'post',
    path: () => `/api/auth/password-reset/${'x'.repeat(43)}`,
    body: () => ({ password: 'a-long-password' }),
    expect: everyone(404, 404),
    public: true,
  },
  {
    name: 'change one’s password (the current one wrong)',
    method: 'post',
    path: () => '/api/me/password',
    body: () => ({ currentPassword: 'not-the-password', password: 'a-long-password' }),
    expect: everyone(400, 400),
  },
  {
    name: 'start setting up two-step sign-in',
    method: 'post',
    path: () => '/api/me/two-factor',
    expect: everyone(200, 200),
  },
  {
    name: 'confirm two-step sign-in (a wrong code)',
    method: 'post',
    path: () => '/api/me/two-factor/confirm',
    body: () => ({ code: '000000' }),
    expect: everyone(400, 400),
  },
  {
    name: 'turn two-step sign-in off (a wrong code)',
    method: 'delete',
    path: () => '/api/me/two-factor',
    body: () => ({ code: '000000' }),
    expect: everyone(400, 400),
  },
  {
    name: 'change a center member’s account',
    method: 'patch',
    path: (w, t) => `/api/users/${w[t].member}`,
    body: () => ({ role: 'center_member', active: true }),
    expect: { ...everyone(403, 403), cb_admin: [200, 200], center_admin: [200, 404] },
  },
  {
    name: 'read one’s notifications',
    method: 'get',
    path: () => '/api/me/notifications',
    expect: everyone(200, 200),
  },
  {
    name: 'mark a notification read (not one’s own: not found)',
    method: 'post',
    path: () => '/api/me/notifications/00000000-0000-4000-8000-000000000000/read',
    expect: everyone(404, 404),
  },
  {
    name: 'read the outbox',
    method: 'get',
    path: () => '/api/outbox',
    expect: { ...everyone(403, 403), cb_admin: [200, 200] },
  },
];

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let world: World;
const sessions = {} as Record<Role, Session>;

beforeAll(async () => {
  // Every role lodges a public complaint from the same address.
  t = await buildTestApp({
    COMPLAINTS_PER_HOUR: '1000',
    APPLICATIONS_PER_HOUR: '1000',
    APPLICATIONS_PER_EMAIL_PER_HOUR: '1000',
    PASSWORD_RESETS_PER_EMAIL_PER_HOUR: '1000',
    PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: '1000',
  });
  seed = seeder(t);
  const admin = await seed.setupAdmin();
  const own = await seed.organization({ name: '本中心' });
  const other = await seed.organization({ name: '他中心' });
  sessions.cb_admin = admin;
  sessions.cb_reviewer = await seed.user('cb_reviewer');
  sessions.auditor = await seed.user('auditor');
  sessions.center_admin = await seed.user('center_admin', own.id);
  sessions.center_member = await seed.user('center_member', own.id);
  sessions.consultant = await seed.user('consultant');
  const consultantToGrant = (await seed.user('consultant')).id;
  const ownAudit = await seed.assessment(own.id, 'certification', [sessions.auditor.id]);
  const otherAudit = await seed.assessment(other.id, 'certification');
  const ownSelf = await seed.assessment(own.id, 'self');
  const otherSelf = await seed.assessment(other.id, 'self');
  const certifier = await seed.user('auditor');
  const ownCertificate = await certifiedAudit(t, seed, own.id, certifier, sessions.cb_reviewer);
  const otherCertificate = await certifiedAudit(t, seed, other.id, certifier, sessions.cb_reviewer);
  await t
    .http()
    .post(`/api/organizations/${own.id}/consultants`)
    .set(sessions.center_admin.auth)
    .send({ consultantId: sessions.consultant.id })
    .expect(201);
  // A minor nonconformity per organization, each recorded by an auditor of that audit.
  const otherLead = await seed.user('auditor');
  const otherFindingAudit = await seed.assessment(other.id, 'certification', [otherLead.id]);
  const finding = async (audit: string, lead: Session): Promise<string> =>
    (
      await t
        .http()
        .post(`/api/assessments/${audit}/findings`)
        .set(lead.auth)
        .send({ kind: 'minor', clauses: [2], statement: '一般不符合项' })
        .expect(201)
    ).body.id;
  const complaint = async (number: string): Promise<string> =>
    (await t.http().post(`/api/public/certificates/${number}/complaints`).send({ text: '投诉' }).expect(201))
      .body.id;
  const note = async (assessmentId: string, who: Session): Promise<string> =>
    (
      await t
        .http()
        .post(`/api/assessments/${assessmentId}/evidence/notes`)
        .set(who.auth)
        .send({ kind: 'note', clauses: [1], text: '自评笔记' })
        .expect(201)
    ).body.id;
  const apiKey = async (organizationId: string): Promise<string> =>
    (
      await createApiKeysRepository(t.database.db).create({
        name: '机器',
        scopes: ['kpis:read'],
        organizationId,
        createdBy: admin.id,
        expiresOn: null,
      })
    ).id;
  // Its receiver does not exist: the test events sent below fail and stay queued, harmlessly.
  const webhook = async (organizationId: string): Promise<string> =>
    (
      await createWebhooksRepository(t.database.db).create({
        organizationId,
        url: 'https://hooks.example.com/ccmm',
        events: ['decision.made'],
        secret: 'role-matrix-secret',
        createdBy: admin.id,
      })
    ).id;
  // A check-in far from each organization's site (Guangzhou), made in Shenzhen.
  const farCheckIn = async (organizationId: string, audit: string, lead: Session): Promise<string> => {
    await t
      .http()
      .patch(`/api/organizations/${organizationId}`)
      .set(admin.auth)
      .send({ siteLatitude: 23.1375, siteLongitude: 113.3295 })
      .expect(200);
    const res = await t
      .http()
      .post(`/api/assessments/${audit}/check-ins`)
      .set(lead.auth)
      .field('id', crypto.randomUUID())
      .field('kind', 'in')
      .field('at', new Date().toISOString())
      .field('latitude', '22.5431')
      .field('longitude', '114.0579')
      .field('accuracy', '20')
      .expect(201);
    expect(res.body.far).toBe(true);
    return res.body.id;
  };
  world = {
    own: {
      organization: own.id,
      audit: ownAudit.id,
      selfAssessment: ownSelf.id,
      certificate: ownCertificate.number,
      certifiedAudit: ownCertificate.assessmentId,
      complaint: await complaint(ownCertificate.number),
      finding: await finding(ownAudit.id, sessions.auditor),
      member: (await seed.user('center_member', own.id)).id,
      apiKey: await apiKey(own.id),
      webhook: await webhook(own.id),
      selfNote: await note(ownSelf.id, sessions.center_admin),
      checkIn: await farCheckIn(own.id, ownAudit.id, sessions.auditor),
    },
    other: {
      organization: other.id,
      audit: otherAudit.id,
      selfAssessment: otherSelf.id,
      certificate: otherCertificate.number,
      certifiedAudit: otherCertificate.assessmentId,
      complaint: await complaint(otherCertificate.number),
      finding: await finding(otherFindingAudit.id, otherLead),
      member: (await seed.user('center_member', other.id)).id,
      apiKey: await apiKey(other.id),
      webhook: await webhook(other.id),
      selfNote: await note(otherSelf.id, await seed.user('center_admin', other.id)),
      checkIn: await farCheckIn(other.id, otherFindingAudit.id, otherLead),
    },
    consultantToGrant,
    auditor: sessions.auditor.id,
    handler: admin.id,
  };
});
afterAll(async () => t.close());

async function currentVersion(assessmentId: string, clause: number): Promise<number> {
  const res = await t
    .http()
    .get(`/api/assessments/${assessmentId}/scores`)
    .set(sessions.cb_admin.auth)
    .expect(200);
  return res.body.ratings.find((r: { clause: number }) => r.clause === clause)?.version ?? 0;
}

describe('who may call what', () => {
  for (const c of cases) {
    for (const role of ROLES) {
      it(`${c.name}: ${role} gets ${c.expect[role][0]} on its own organization and ${c.expect[role][1]} on another`, async () => {
        for (const [i, target] of (['own', 'other'] as const).entries()) {
          let body = c.body?.(world, target);
          if (c.path(world, target).endsWith('/scores/3')) {
            body = { ...body, version: await currentVersion(world[target].audit, 3) };
          }
          const req = t.http()[c.method](c.path(world, target)).set(sessions[role].auth);
          const res = body ? await req.send(body) : await req;
          expect(res.status, `${role} ${target}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(
            c.expect[role][i],
          );
          if (res.status >= 400) expect(res.body.code, 'every error has a code').toEqual(expect.any(String));
        }
      });
    }
  }

  it('refuses every route but setup, sign-in and the public ones without a session', async () => {
    for (const c of cases.filter((c) => !c.public)) {
      const res = await t.http()[c.method](c.path(world, 'own'));
      expect(res.status, c.name).toBe(401);
    }
  });
});

describe('lists show only what the caller may see', () => {
  it('lists the other organization and its assessments to the certification body only', async () => {
    for (const role of ROLES) {
      const organizations = await t.http().get('/api/organizations').set(sessions[role].auth).expect(200);
      const assessments = await t.http().get('/api/assessments').set(sessions[role].auth).expect(200);
      const seesOther = role === 'cb_admin' || role === 'cb_reviewer';
      const orgIds = organizations.body.map((o: { id: string }) => o.id);
      const assessmentIds = assessments.body.map((a: { id: string }) => a.id);
      expect(orgIds.includes(world.other.organization), role).toBe(seesOther);
      expect(assessmentIds.includes(world.other.audit), role).toBe(seesOther);
      expect(orgIds.includes(world.own.organization), role).toBe(true);
      expect(assessmentIds.includes(world.own.audit), role).toBe(true);
    }
  });

  it('shows the auditor only the assessments assigned to them, not the rest of the organization’s', async () => {
    const res = await t.http().get('/api/assessments').set(sessions.auditor.auth).expect(200);
    expect(res.body.map((a: { id: string }) => a.id)).toEqual([world.own.audit]);
  });

  it('takes a consultant’s view away when the center revokes the grant', async () => {
    const consultant = await seed.user('consultant');
    const grantPath = `/api/organizations/${world.own.organization}/consultants`;
    await t
      .http()
      .post(grantPath)
      .set(sessions.center_admin.auth)
      .send({ consultantId: consultant.id })
      .expect(201);
    await t.http().get(`/api/assessments/${world.own.audit}`).set(consultant.auth).expect(200);
    await t.http().delete(`${grantPath}/${consultant.id}`).set(sessions.center_admin.auth).expect(204);
    await t.http().get(`/api/assessments/${world.own.audit}`).set(consultant.auth).expect(404);
    const list = await t.http().get('/api/organizations').set(consultant.auth).expect(200);
    expect(list.body).toEqual([]);
  });
});
