import {
  APPLICATION_STATUSES,
  type ApiKeyScope,
  ASSESSMENT_KINDS,
  ASSESSMENT_STATUSES,
  type AssessmentKind,
  type AssessmentStatus,
  CERTIFICATE_EVENTS,
  CERTIFICATE_RECORDED_STATUSES,
  COMPLAINT_EVENTS,
  COMPLAINT_KINDS,
  COMPLAINT_OUTCOMES,
  COMPLAINT_STATUSES,
  CONFLICT_KINDS,
  DECISION_OUTCOMES,
  EVIDENCE_KINDS,
  FINDING_EVENTS,
  FINDING_KINDS,
  FINDING_STATES,
  KPI_INDICATORS,
  type KpiMethod,
  ROLES,
  type Role,
  SIGN_OFF_PARTIES,
  STAGE1_RESULTS,
  TEAM_ROLES,
  type WebhookEvent,
} from '@ccmm/engine';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// The whole database in one file; migrations/ is generated from it by drizzle-kit.

// Roles, kinds and statuses are the engine's vocabulary (@ccmm/engine domain.ts), shared with
// the API's rules and the web's pages; the enums are built from the same arrays.
export const roles = ROLES;
export type { AssessmentKind, AssessmentStatus, Role };
export const roleEnum = pgEnum('role', roles);

export const assessmentKinds = ASSESSMENT_KINDS;
export const assessmentKindEnum = pgEnum('assessment_kind', assessmentKinds);

export const assessmentStatuses = ASSESSMENT_STATUSES;
export const assessmentStatusEnum = pgEnum('assessment_status', assessmentStatuses);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** A published standard version, loaded from its pack; never changed once stored. */
export const standardVersions = pgTable('standard_versions', {
  ref: text('ref').primaryKey(), // "cc-cmm-oc@2017"
  standard: text('standard').notNull(),
  version: text('version').notNull(),
  status: text('status').notNull(),
  contentHash: text('content_hash').notNull(),
  content: jsonb('content').notNull(),
  clauseCount: integer('clause_count').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  /** Where the edition came from: a file in standards/ or an upload by the body's admin. */
  origin: text('origin').notNull().default('file'),
  /** When an uploaded edition was published (null: a draft, or a file loaded as published). */
  publishedAt: timestamp('published_at', { withTimezone: true }),
  /** A revision: the edition it replaces, and why (e.g. correcting a level threshold). */
  replaces: text('replaces').references((): AnyPgColumn => standardVersions.ref),
  revisionReason: text('revision_reason'),
  createdBy: uuid('created_by').references((): AnyPgColumn => users.id),
});

/**
 * How the clauses of one edition correspond to another's (format ccmm-mapping/1), checked
 * against both editions when stored: one mapping per pair of editions.
 */
export const standardMappings = pgTable(
  'standard_mappings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fromRef: text('from_ref')
      .notNull()
      .references(() => standardVersions.ref),
    toRef: text('to_ref')
      .notNull()
      .references(() => standardVersions.ref),
    content: jsonb('content').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references((): AnyPgColumn => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('standard_mappings_pair').on(t.fromRef, t.toRef)],
);

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    industry: text('industry'),
    businessType: text('business_type'),
    region: text('region'),
    seats: integer('seats'),
    operatingSince: date('operating_since', { mode: 'string' }).notNull(),
    sites: jsonb('sites').$type<string[]>().notNull().default([]),
    /** Listed in the public directory of certified centers (the center decides). */
    publicListing: boolean('public_listing').notNull().default(false),
    /** Counts in anonymous benchmarking cohorts (the center decides; off by default). */
    benchmarkingOptIn: boolean('benchmarking_opt_in').notNull().default(false),
    /**
     * Where the center's registered site is (WGS 84 degrees), both or neither: an audit team's
     * check-in farther from it than the configured distance is flagged for the body to explain.
     */
    siteLatitude: doublePrecision('site_latitude'),
    siteLongitude: doublePrecision('site_longitude'),
    createdAt: createdAt(),
  },
  (t) => [
    check('organizations_site_coordinates', sql`(${t.siteLatitude} is null) = (${t.siteLongitude} is null)`),
  ],
);

/** Every change to an organization's record, append-only: who, when, each field from → to. */
export const organizationChanges = pgTable(
  'organization_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    changedBy: uuid('changed_by')
      .notNull()
      .references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
  },
  (t) => [
    // An organization's history, newest first.
    index('organization_changes_organization').on(t.organizationId, t.changedAt),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    locale: text('locale').notNull().default('zh-Hans'),
    /** A deactivated user cannot sign in, and its sessions are refused at the next request. */
    active: boolean('active').notNull().default(true),
    /** Notifications also by e-mail (they are always in the in-app inbox). */
    notifyByEmail: boolean('notify_by_email').notNull().default(true),
    /** Two-factor sign-in: the authenticator's secret (base32) once confirmed; null when off. */
    totpSecret: text('totp_secret'),
    /** A secret shown for enrolment, until a code from it confirms it. */
    totpPendingSecret: text('totp_pending_secret'),
    /** The time step of the last code accepted: a code is good once. */
    totpLastStep: integer('totp_last_step'),
    createdAt: createdAt(),
  },
  (t) => [
    // Sign-in looks users up by e-mail, case-insensitively.
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
  ],
);

/**
 * A signed-in session. The token only names it: every request reads the session and its user,
 * so signing out, a deactivation or a change of role or organization counts from the next one.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Why it ended: logout, password change, deactivation. */
    endedReason: text('ended_reason'),
  },
  (t) => [
    // Ending every session of a user (deactivation, password change).
    index('sessions_user').on(t.userId).where(sql`${t.endedAt} is null`),
  ],
);

/**
 * Failed sign-ins, kept in the database so that every server process counts the same
 * attempts. Rows older than the window are deleted as new ones arrive.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    address: text('address').notNull(),
    email: text('email').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The two limits: failures from one address (password spraying across e-mails), and from
    // one address for one e-mail.
    index('login_failures_address').on(t.address, t.at),
    index('login_failures_address_email').on(t.address, t.email, t.at),
  ],
);

/** A center lets a consultant see its data; revoking ends it (the row stays as history). */
export const consultantGrants = pgTable(
  'consultant_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    consultantId: uuid('consultant_id')
      .notNull()
      .references(() => users.id),
    grantedBy: uuid('granted_by')
      .notNull()
      .references(() => users.id),
    grantedAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    // Tenancy checks ask "which organizations may this consultant see now?".
    index('consultant_grants_consultant').on(t.consultantId).where(sql`${t.revokedAt} is null`),
  ],
);

export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    standardRef: text('standard_ref')
      .notNull()
      .references(() => standardVersions.ref),
    kind: assessmentKindEnum('kind').notNull(),
    status: assessmentStatusEnum('status').notNull().default('draft'),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    /**
     * The organization's operatingSince as it stood when the assessment was submitted: the
     * operating years a submitted assessment is judged on no longer follow later edits.
     */
    operatingSince: date('operating_since', { mode: 'string' }),
    /**
     * A surveillance audit: the decided audit its ratings were carried over from, and the
     * clauses the body chose to re-rate (null: the whole standard).
     */
    carriedFrom: uuid('carried_from').references((): AnyPgColumn => assessments.id),
    sample: jsonb('sample').$type<{ domains: string[]; clauses: number[] }>(),
    /**
     * A team audit: whether the raters see each other's layers before reconciliation starts
     * (false: blind, each sees only their own).
     */
    layersVisible: boolean('layers_visible').notNull().default(false),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Center users list their organization's assessments.
    index('assessments_organization').on(t.organizationId),
  ],
);

export const assessmentAuditors = pgTable(
  'assessment_auditors',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    assignedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.userId] }),
    // Auditors list the assessments they are assigned to.
    index('assessment_auditors_user').on(t.userId),
  ],
);

export const teamRoleEnum = pgEnum('team_role', TEAM_ROLES);

/**
 * An audit's plan: the days on site, the man-days, and the team (audit_team_members). Saving a
 * plan sets the assessment's raters (assessment_auditors) to its lead and auditors.
 */
export const auditPlans = pgTable(
  'audit_plans',
  {
    assessmentId: uuid('assessment_id')
      .primaryKey()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    onSiteFrom: date('on_site_from', { mode: 'string' }).notNull(),
    onSiteTo: date('on_site_to', { mode: 'string' }).notNull(),
    /** Man-days on the audit (half days allowed). */
    manDays: doublePrecision('man_days').notNull(),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('audit_plans_dates', sql`${t.onSiteTo} >= ${t.onSiteFrom}`),
    check('audit_plans_man_days', sql`${t.manDays} > 0 and ${t.manDays} <= 100`),
  ],
);

export const auditTeamMembers = pgTable(
  'audit_team_members',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => auditPlans.assessmentId, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: teamRoleEnum('role').notNull(),
    /** The domains the member covers (empty: the whole standard). */
    domains: jsonb('domains').$type<string[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.userId] }),
    // One lead per audit.
    uniqueIndex('audit_team_members_one_lead').on(t.assessmentId).where(sql`${t.role} = 'lead'`),
  ],
);

/**
 * An auditor's competence as the certification body recorded it (qualification, industries,
 * valid until). Append-only: the latest row per auditor is the record, earlier ones its history.
 */
export const auditorCompetences = pgTable(
  'auditor_competences',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    auditorId: uuid('auditor_id')
      .notNull()
      .references(() => users.id),
    qualification: text('qualification').notNull(),
    industries: jsonb('industries').$type<string[]>().notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: createdAt(),
  },
  (t) => [index('auditor_competences_auditor').on(t.auditorId, t.id)],
);

export const stage1ResultEnum = pgEnum('stage1_result', STAGE1_RESULTS);

/**
 * Stage 1 of an initial certification: the body's review of a center's documents (off site)
 * and whether it found the center ready for stage 2. Append-only: a later review supersedes.
 */
export const stage1Reviews = pgTable(
  'stage1_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    standardRef: text('standard_ref')
      .notNull()
      .references(() => standardVersions.ref),
    reviewedOn: date('reviewed_on', { mode: 'string' }).notNull(),
    result: stage1ResultEnum('result').notNull(),
    /** The document review's findings. */
    notes: text('notes').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: createdAt(),
  },
  (t) => [index('stage1_reviews_organization').on(t.organizationId, t.standardRef, t.reviewedOn)],
);

/** The two ratings and the note of one clause; `version` guards against lost updates. */
export const ratings = pgTable(
  'ratings',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    clause: integer('clause').notNull(),
    c: smallint('c'),
    f: smallint('f'),
    note: text('note'),
    /** Carried over from the last decided audit and not yet confirmed or changed by this one. */
    carried: boolean('carried').notNull().default(false),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.clause] }),
    check('ratings_c_scale', sql`${t.c} in (0, 5, 10)`),
    check('ratings_f_scale', sql`${t.f} in (0, 5, 10)`),
  ],
);

/**
 * A rater's own layer on a team audit (more than one assigned auditor): what each auditor
 * judged, independently, before the lead sets the team rating (the `ratings` row). Same
 * columns as `ratings` plus the rater.
 */
export const raterRatings = pgTable(
  'rater_ratings',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    clause: integer('clause').notNull(),
    raterId: uuid('rater_id')
      .notNull()
      .references(() => users.id),
    c: smallint('c'),
    f: smallint('f'),
    note: text('note'),
    carried: boolean('carried').notNull().default(false),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.clause, t.raterId] }),
    check('rater_ratings_c_scale', sql`${t.c} in (0, 5, 10)`),
    check('rater_ratings_f_scale', sql`${t.f} in (0, 5, 10)`),
    // Calibration reads one auditor's layers across audits.
    index('rater_ratings_rater').on(t.raterId),
  ],
);

/**
 * The audit trail of rating changes: append-only, each entry hashing the previous one of the
 * same assessment, so an edited or deleted entry breaks the chain.
 */
export const ratingEvents = pgTable(
  'rating_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    clause: integer('clause').notNull(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    oldC: smallint('old_c'),
    oldF: smallint('old_f'),
    oldNote: text('old_note'),
    newC: smallint('new_c'),
    newF: smallint('new_f'),
    newNote: text('new_note'),
    /** A carry-over: the assessment the new values were copied from. */
    carriedFrom: uuid('carried_from'),
    /** The rater whose own layer changed (a team audit); null: the team rating. */
    layer: uuid('layer').references(() => users.id),
    /**
     * A move to another edition: the edition whose clause numbering this entry's clause is in
     * (null: the assessment's edition when the entry was written).
     */
    edition: text('edition'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    // One chain per assessment, in order; the unique seq also serializes concurrent appends.
    uniqueIndex('rating_events_chain').on(t.assessmentId, t.seq),
  ],
);

export const evidenceKinds = EVIDENCE_KINDS;
export const evidenceKindEnum = pgEnum('evidence_kind', evidenceKinds);

export const evidence = pgTable(
  'evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    kind: evidenceKindEnum('kind').notNull(),
    caption: text('caption'),
    /** Files: sha256 of the content, which is also where it is stored. */
    sha256: text('sha256'),
    mediaType: text('media_type'),
    size: integer('size'),
    /** Shown to people only; never used to name anything on disk. */
    fileName: text('file_name'),
    url: text('url'),
    text: text('text'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('evidence_assessment').on(t.assessmentId), index('evidence_sha256').on(t.sha256)],
);

/** Raw bytes (Buffer from postgres.js, Uint8Array from PGlite). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Evidence content, once per sha256, in the database so that every server process sees it: a
 * row here once all its chunks are written (in the same transaction), the bytes in
 * evidence_chunks, in order, each at most 256 KiB (streamed in and out a chunk at a time). With
 * S3_* settings the bytes are an object in the bucket instead, and the row has no chunks.
 */
export const evidenceContents = pgTable('evidence_contents', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  chunks: integer('chunks').notNull(),
  createdAt: createdAt(),
});

export const evidenceChunks = pgTable(
  'evidence_chunks',
  {
    sha256: text('sha256')
      .notNull()
      .references(() => evidenceContents.sha256, { onDelete: 'cascade' }),
    /** 0, 1, 2, … */
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.seq] })],
);

export const evidenceClauses = pgTable(
  'evidence_clauses',
  {
    evidenceId: uuid('evidence_id')
      .notNull()
      .references(() => evidence.id, { onDelete: 'cascade' }),
    clause: integer('clause').notNull(),
  },
  (t) => [primaryKey({ columns: [t.evidenceId, t.clause] })],
);

export const checkInKinds = ['in', 'out'] as const;
export type CheckInKind = (typeof checkInKinds)[number];
export const checkInKindEnum = pgEnum('check_in_kind', checkInKinds);

/**
 * Presence on record: an audit team member checking in at the opening meeting (`in`) and out
 * at the closing meeting (`out`), from the device. Append-only (a trigger refuses UPDATE and
 * DELETE): a wrong check-in is followed by another, never edited. `id` is made on the device,
 * so a check-in sent again after a lost answer is the same check-in.
 */
export const checkIns = pgTable(
  'check_ins',
  {
    id: uuid('id').primaryKey(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: checkInKindEnum('kind').notNull(),
    /** The device's time of the check-in (it may have been sent later, from a queue). */
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** When the server received it. */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** The device's location when the auditor allowed it (WGS 84), with its accuracy in metres. */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    accuracyM: doublePrecision('accuracy_m'),
    /** The photo taken at the check-in, stored as evidence of the audit; its hash kept here too. */
    photoEvidenceId: uuid('photo_evidence_id').references(() => evidence.id),
    photoSha256: text('photo_sha256'),
    /** Metres from the center's registered site when both are known (null: not measurable). */
    distanceM: doublePrecision('distance_m'),
    /** Farther than the configured distance: the body records an explanation. */
    far: boolean('far').notNull().default(false),
  },
  (t) => [
    // The audit's check-ins in the order they were made (overview, report).
    index('check_ins_assessment').on(t.assessmentId, t.at),
    check(
      'check_ins_location',
      sql`(${t.latitude} is null) = (${t.longitude} is null) and (${t.latitude} is null) = (${t.accuracyM} is null)`,
    ),
    check('check_ins_photo', sql`(${t.photoEvidenceId} is null) = (${t.photoSha256} is null)`),
  ],
);

/** The body's explanation of a flagged check-in; append-only: a later one supersedes. */
export const checkInExplanations = pgTable(
  'check_in_explanations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    checkInId: uuid('check_in_id')
      .notNull()
      .references(() => checkIns.id),
    text: text('text').notNull(),
    explainedBy: uuid('explained_by')
      .notNull()
      .references(() => users.id),
    explainedAt: timestamp('explained_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // A check-in's explanations, the latest last.
  (t) => [index('check_in_explanations_check_in').on(t.checkInId, t.id)],
);

// Certification: impartiality, decisions, certificates. Decisions and status changes are
// append-only: a correction is a new row, never an edit.

export const conflictKinds = CONFLICT_KINDS;
export type { ConflictKind } from '@ccmm/engine';
export const conflictKindEnum = pgEnum('conflict_kind', conflictKinds);

/** An auditor's conflict of interest with an organization, declared by the auditor. */
export const conflicts = pgTable(
  'conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    auditorId: uuid('auditor_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    kind: conflictKindEnum('kind').notNull(),
    /** Consulting: when it began and ended (null: ongoing). */
    since: date('since', { mode: 'string' }),
    until: date('until', { mode: 'string' }),
    note: text('note'),
    declaredAt: createdAt(),
  },
  (t) => [index('conflicts_organization_auditor').on(t.organizationId, t.auditorId)],
);

export const decisionOutcomes = DECISION_OUTCOMES;
export type { DecisionOutcome } from '@ccmm/engine';
export const decisionOutcomeEnum = pgEnum('decision_outcome', decisionOutcomes);

export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id),
    deciderId: uuid('decider_id')
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    outcome: decisionOutcomeEnum('outcome').notNull(),
    level: smallint('level'),
    reason: text('reason'),
    comments: text('comments'),
    /** The engine's level from the stored ratings when the decision was made. */
    eligibleLevel: smallint('eligible_level').notNull(),
    /** sha256 of the canonical JSON of the ratings the decision rested on. */
    snapshotHash: text('snapshot_hash').notNull(),
    /** Suspend: the deadline of the suspension. */
    until: date('until', { mode: 'string' }),
  },
  (t) => [index('decisions_assessment').on(t.assessmentId)],
);

export const certificates = pgTable(
  'certificates',
  {
    number: text('number').primaryKey(), // "CCMM-OC-2026-0001"
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    organizationName: text('organization_name').notNull(),
    sites: jsonb('sites').$type<string[]>().notNull(),
    scope: text('scope'),
    level: smallint('level').notNull(),
    standardRef: text('standard_ref')
      .notNull()
      .references(() => standardVersions.ref),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    surveillanceDue: jsonb('surveillance_due').$type<string[]>().notNull(),
    certifyingBody: text('certifying_body').notNull(),
    /** The ratings the decision rested on, frozen. */
    snapshot: jsonb('snapshot').notNull(),
    snapshotHash: text('snapshot_hash').notNull(),
    /** Ed25519 over the canonical JSON of the signed fields, base64. */
    signature: text('signature').notNull(),
    /** sha256 of the signing public key (which key signed it). */
    keyId: text('key_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('certificates_year_sequence').on(t.year, t.sequence),
    index('certificates_organization').on(t.organizationId),
  ],
);

export const certificateStatuses = CERTIFICATE_RECORDED_STATUSES;
export type { CertificateEvent, CertificateRecordedStatus } from '@ccmm/engine';
export const certificateStatusEnum = pgEnum('certificate_status', certificateStatuses);
export const certificateEventEnum = pgEnum('certificate_event', CERTIFICATE_EVENTS);

/**
 * Every change of a certificate, as a signed revision (1: issued, then 2, 3, …), append-only:
 * the latest revision holds the certificate's level and status (expiry is computed from the
 * date). Each revision's signature covers the certificate's signed fields and its own.
 */
export const certificateRevisions = pgTable(
  'certificate_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    certificateNumber: text('certificate_number')
      .notNull()
      .references(() => certificates.number),
    revision: integer('revision').notNull(),
    event: certificateEventEnum('event').notNull(),
    level: smallint('level').notNull(),
    status: certificateStatusEnum('status').notNull(),
    /** The day the revision takes effect (the decision's date, or the job's day). */
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    /** Suspensions: the deadline (past it, the suspension becomes a withdrawal). */
    until: date('until', { mode: 'string' }),
    /** A stable code for the reason (e.g. surveillance_overdue), null when only written. */
    reasonCode: text('reason_code'),
    reason: text('reason'),
    /** Superseded: the number of the certificate that replaces this one. */
    supersededBy: text('superseded_by'),
    /** Renewed: the end of the new validity (signed); null: the revision leaves the validity as it was. */
    expiresOn: date('expires_on', { mode: 'string' }),
    /** Renewed: the surveillance due dates of the new term (where the programme and the job read them). */
    surveillanceDue: jsonb('surveillance_due').$type<string[]>(),
    /** Renewed: the hash of the recertification decision's frozen snapshot (signed). */
    snapshotHash: text('snapshot_hash'),
    /** The decision that made the change (a surveillance or certification decision), if any. */
    decisionId: uuid('decision_id').references(() => decisions.id),
    /** Who decided it; null: the server's scheduled job. */
    decidedBy: uuid('decided_by').references(() => users.id),
    /** Ed25519, base64; null only for revisions migrated from status changes until signed at start-up. */
    signature: text('signature'),
    keyId: text('key_id'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('certificate_revisions_number_revision').on(t.certificateNumber, t.revision)],
);

/**
 * The status changes recorded before revisions existed (migration 0005 copied them into
 * certificate_revisions); no longer written.
 */
export const certificateStatusChanges = pgTable(
  'certificate_status_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    certificateNumber: text('certificate_number')
      .notNull()
      .references(() => certificates.number),
    status: certificateStatusEnum('status').notNull(),
    reason: text('reason').notNull(),
    /** Suspensions: the last day of the suspension. */
    until: date('until', { mode: 'string' }),
    changedBy: uuid('changed_by')
      .notNull()
      .references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('certificate_status_changes_certificate').on(t.certificateNumber, t.id)],
);

/** Points and compliant counts of one domain or section, as kept in a summary. */
export interface AreaSummary {
  readonly points: number;
  readonly compliantC: number;
  readonly compliantF: number;
}

export interface SummaryAreas {
  readonly domains: Readonly<Record<string, AreaSummary>>;
  readonly sections: Readonly<Record<string, AreaSummary>>;
}

/**
 * The engine's result for an assessment's ratings, kept in step with them (rewritten in the
 * transaction of every rating write), so that benchmarks read one row per assessment instead
 * of its 168 ratings.
 */
export const assessmentSummaries = pgTable(
  'assessment_summaries',
  {
    assessmentId: uuid('assessment_id')
      .primaryKey()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    standardRef: text('standard_ref')
      .notNull()
      .references(() => standardVersions.ref),
    kind: assessmentKindEnum('kind').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    level: smallint('level').notNull(),
    total: integer('total').notNull(),
    complete: boolean('complete').notNull(),
    /** Rates scored (C and F of every clause count one each): a write adjusts it, complete follows. */
    scoredRates: integer('scored_rates').notNull().default(0),
    areas: jsonb('areas').$type<SummaryAreas>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Cohort query: "the latest complete assessment of each organization on this standard"
    // (distinct on organization_id order by assessed_on desc), and an organization's own latest.
    index('assessment_summaries_latest_complete')
      .on(t.standardRef, t.organizationId, t.assessedOn.desc(), t.assessmentId.desc())
      .where(sql`${t.complete}`),
    // Trends and "where does my organization stand": one organization's assessments over time.
    index('assessment_summaries_organization').on(t.organizationId, t.assessedOn.desc()),
    // Cohort filters by level on one standard. Not by total: a rating write changes the total,
    // and an indexed column changed is an index entry per write where the row could otherwise
    // be rewritten in place (a HOT update, see migration 0027).
    index('assessment_summaries_level').on(t.standardRef, t.level),
  ],
);

/** The operating KPIs a center records each month (definitions and ranges: @ccmm/engine kpis). */
export const kpiIndicatorEnum = pgEnum('kpi_indicator', KPI_INDICATORS);

/** One KPI of one center for one month, with its target for that month. */
export const kpiValues = pgTable(
  'kpi_values',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** The first day of the month. */
    month: date('month', { mode: 'string' }).notNull(),
    indicator: kpiIndicatorEnum('indicator').notNull(),
    value: doublePrecision('value').notNull(),
    target: doublePrecision('target'),
    method: jsonb('method').$type<KpiMethod>().notNull().default({}),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.month, t.indicator] }),
    check('kpi_values_first_of_month', sql`extract(day from ${t.month}) = 1`),
    // KPI cohorts: one indicator in one month across organizations.
    index('kpi_values_indicator_month').on(t.indicator, t.month),
  ],
);

/** Every change of a KPI value (append-only): what was recorded, by whom, when. */
export const kpiChanges = pgTable(
  'kpi_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    month: date('month', { mode: 'string' }).notNull(),
    indicator: kpiIndicatorEnum('indicator').notNull(),
    /** null: the value was removed. */
    value: doublePrecision('value'),
    target: doublePrecision('target'),
    method: jsonb('method').$type<KpiMethod>(),
    changedBy: uuid('changed_by')
      .notNull()
      .references(() => users.id),
    /** The name of the API key the change was made with (issue 20); null: in a session. */
    viaApiKey: text('via_api_key'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('kpi_changes_organization').on(t.organizationId, t.id)],
);

/**
 * Every read of an organization's data by a consultant, through the organization's grant:
 * the center can see who looked at what, and when.
 */
export const grantViews = pgTable(
  'grant_views',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => consultantGrants.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    consultantId: uuid('consultant_id')
      .notNull()
      .references(() => users.id),
    /** What was viewed, e.g. "benchmarks.compare", "assessments.read". */
    view: text('view').notNull(),
    viewedAt: timestamp('viewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grant_views_organization').on(t.organizationId, t.id)],
);

export type { ComplaintEvent, ComplaintKind, ComplaintOutcome, ComplaintStatus } from '@ccmm/engine';
export const complaintKindEnum = pgEnum('complaint_kind', COMPLAINT_KINDS);
export const complaintStatusEnum = pgEnum('complaint_status', COMPLAINT_STATUSES);
export const complaintOutcomeEnum = pgEnum('complaint_outcome', COMPLAINT_OUTCOMES);
export const complaintEventEnum = pgEnum('complaint_event', COMPLAINT_EVENTS);

/**
 * A complaint about a certified center (anyone, from the public verification page) or a
 * center's appeal against a decision (ISO/IEC 17021-1 §9.7, §9.8). The row holds the current
 * state; complaint_events holds every change. `assessmentId` is the audit concerned (for a
 * complaint: the audit behind the certificate), whose deciders and auditors may not handle it.
 */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: complaintKindEnum('kind').notNull(),
    /** "C-2026-0001" (complaint) or "A-2026-0001" (appeal). */
    reference: text('reference').notNull(),
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    /** Complaints: the certificate complained about. */
    certificateNumber: text('certificate_number').references(() => certificates.number),
    text: text('text').notNull(),
    /** Complaints: how to reach the complainant (personal data: the body's eyes only). */
    contact: text('contact'),
    /** Appeals: the center admin who lodged it; null for a complaint from the public. */
    lodgedBy: uuid('lodged_by').references(() => users.id),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    status: complaintStatusEnum('status').notNull().default('received'),
    handlerId: uuid('handler_id').references(() => users.id),
    outcome: complaintOutcomeEnum('outcome'),
    outcomeText: text('outcome_text'),
    closedOn: date('closed_on', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('complaints_reference').on(t.reference),
    uniqueIndex('complaints_kind_year_sequence').on(t.kind, t.year, t.sequence),
    // One open appeal per decision.
    uniqueIndex('complaints_open_appeal')
      .on(t.decisionId)
      .where(sql`${t.kind} = 'appeal' and ${t.status} <> 'closed'`),
    index('complaints_organization').on(t.organizationId),
  ],
);

/** Every change of a complaint or appeal, only ever added. */
export const complaintEvents = pgTable(
  'complaint_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id),
    event: complaintEventEnum('event').notNull(),
    /** Who did it; null: the public (a complaint lodged without an account). */
    actorId: uuid('actor_id').references(() => users.id),
    handlerId: uuid('handler_id').references(() => users.id),
    outcome: complaintOutcomeEnum('outcome'),
    text: text('text'),
    on: date('on', { mode: 'string' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('complaint_events_complaint').on(t.complaintId, t.id)],
);

export type { FindingEvent, FindingKind, FindingState } from '@ccmm/engine';
export const findingKindEnum = pgEnum('finding_kind', FINDING_KINDS);
export const findingStateEnum = pgEnum('finding_state', FINDING_STATES);
export const findingEventEnum = pgEnum('finding_event', FINDING_EVENTS);

/**
 * A finding of an audit (a nonconformity, an observation or an opportunity for improvement)
 * with the center's current corrective-action plan and correction. The row holds the current
 * state; finding_events holds every step, only ever added.
 */
export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id),
    /** 1, 2, … within the audit ("finding 3"). */
    number: integer('number').notNull(),
    kind: findingKindEnum('kind').notNull(),
    clauses: jsonb('clauses').$type<number[]>().notNull(),
    /** As auditors write them: the requirement, the evidence seen, what is missing. */
    statement: text('statement').notNull(),
    /** Evidence of the audit the finding rests on. */
    evidenceIds: jsonb('evidence_ids').$type<string[]>().notNull().default([]),
    state: findingStateEnum('state').notNull().default('open'),
    correction: text('correction'),
    rootCause: text('root_cause'),
    action: text('action'),
    owner: text('owner'),
    dueOn: date('due_on', { mode: 'string' }),
    /** What the center reports it corrected, and the evidence of it. */
    correctionNote: text('correction_note'),
    correctionEvidenceIds: jsonb('correction_evidence_ids').$type<string[]>().notNull().default([]),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('findings_assessment_number').on(t.assessmentId, t.number),
    check('findings_clauses_array', sql`jsonb_typeof(${t.clauses}) = 'array'`),
  ],
);

export const findingEvents = pgTable(
  'finding_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id),
    event: findingEventEnum('event').notNull(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id),
    comment: text('comment'),
    /** The step's content as submitted (a plan's fields, a correction's note and evidence). */
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('finding_events_finding').on(t.findingId)],
);

export type { SignOffParty } from '@ccmm/engine';
export const signOffPartyEnum = pgEnum('sign_off_party', SIGN_OFF_PARTIES);

/** The report's sign-off: each party once, with who signed and the day. */
export const reportSignOffs = pgTable(
  'report_sign_offs',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id),
    party: signOffPartyEnum('party').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.party] })],
);

/**
 * Messages to send, written in the same transaction as the event that causes them and sent
 * afterwards by the outbox worker (apps/api src/modules/outbox): a mail server that is down
 * delays a message, never loses it. `channel` says how it leaves ('email' today; a webhook
 * delivery can be another channel with its own sender), `kind` what it is about
 * (invitation, password_reset, …), `payload` what the channel's sender needs (for e-mail:
 * subject, text and HTML, already in the recipient's language).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull().default('email'),
    kind: text('kind').notNull(),
    /** An e-mail address for 'email'; a URL for a webhook. */
    recipient: text('recipient').notNull(),
    locale: text('locale').notNull(),
    payload: jsonb('payload').notNull(),
    /** Set once the message left; a sent message is never claimed again. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Sending tries so far (each claim counts one). */
    attempts: integer('attempts').notNull().default(0),
    /** Not tried before this time: the back-off after a failure. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * A worker that claimed the message has it until then; a worker killed between its claim
     * and the send leaves it to be claimed again once this passes.
     */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    // The worker's claim: unsent messages due now, oldest first.
    index('outbox_due').on(t.channel, t.nextAttemptAt).where(sql`${t.sentAt} is null`),
    // The admin's outbox page, newest first.
    index('outbox_created').on(t.createdAt),
    // A webhook gets each event once: the jobs that find events again (an expiring certificate,
    // an overdue finding) insert with ON CONFLICT DO NOTHING on this.
    uniqueIndex('outbox_webhook_event')
      .on(sql`(${t.payload}->>'webhookId')`, sql`(${t.payload}->>'key')`)
      .where(sql`${t.channel} = 'webhook'`),
  ],
);

export const ACCOUNT_TOKEN_PURPOSES = ['invitation', 'password_reset'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/**
 * One-time links: an invitation (the account is created when it is accepted) or a password
 * reset. Only the SHA-256 of the token is kept; the token itself is in the e-mail only.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purpose: text('purpose', { enum: ACCOUNT_TOKEN_PURPOSES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    email: text('email').notNull(),
    /** The reset's account; null for an invitation (the account does not exist yet). */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The invitation's account to create: name, role and center. */
    name: text('name'),
    role: roleEnum('role'),
    organizationId: uuid('organization_id').references(() => organizations.id),
    locale: text('locale').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set when the link is used: it works once. */
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    // Following a link looks the token up by its hash.
    uniqueIndex('account_tokens_hash').on(t.tokenHash),
  ],
);

/**
 * A user's notification (the in-app inbox; also e-mailed when the user wants). `key` names the
 * event ("surveillance_due_60:CC-2026-0001:2027-06-30"): one notification per user and event,
 * so a job that runs again notifies nobody twice. The text is made from `kind` and `params` in
 * the reader's language when read.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull(),
    /** The page it is about, a path of the web app. */
    link: text('link').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    // Each event once per user (the rules' idempotency).
    uniqueIndex('notifications_user_key').on(t.userId, t.key),
    // The inbox, newest first.
    index('notifications_user_created').on(t.userId, t.createdAt),
  ],
);

export type { ApplicationStatus } from '@ccmm/engine';
export const applicationStatusEnum = pgEnum('application_status', APPLICATION_STATUSES);

/**
 * A center's application for certification from the public form (no account). `organization`
 * holds the fields the organization is created with when the body accepts; the contact is
 * invited as the center's admin then. Personal data: the body's eyes only.
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** "AP-7K3M9Q": what the applicant quotes. */
    reference: text('reference').notNull(),
    organization: jsonb('organization')
      .$type<{
        name: string;
        operatingSince: string;
        industry?: string;
        businessType?: string;
        region?: string;
        seats?: number;
        sites?: string[];
      }>()
      .notNull(),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    targetLevel: integer('target_level'),
    message: text('message'),
    /** The applicant's language: the answer is written in it. */
    locale: text('locale').notNull(),
    status: applicationStatusEnum('status').notNull().default('received'),
    /** Declined: why, as the applicant is told. */
    reason: text('reason'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Accepted: the organization created from it. */
    organizationId: uuid('organization_id').references(() => organizations.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('applications_reference').on(t.reference), index('applications_status').on(t.status)],
);

/** Single-use codes that stand in for the authenticator (lost phone); only their SHA-256 is kept. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash').on(t.userId, t.codeHash)],
);

/**
 * The public rate limits' counters (verifications, complaints, applications), one row per route
 * and client address: in the database so that every server process counts the same requests.
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/**
 * An API key for a machine (issue 20). Only the SHA-256 of the key is kept: the key itself is
 * shown once. It acts as the user who made it, on its organization (null: the body's own key),
 * with its scopes only.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** Hex SHA-256 of the whole key. */
    keyHash: text('key_hash').notNull(),
    scopes: jsonb('scopes').$type<ApiKeyScope[]>().notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /** The last day the key works (inclusive); null: until revoked. */
    expiresOn: date('expires_on', { mode: 'string' }),
    /** Written at most once a minute per key. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.keyHash), index('api_keys_organization').on(t.organizationId)],
);

/**
 * Every request made with an API key (issue 20: each use on record with the key): the route as
 * declared, the status answered (a refusal too) and the request id that names it in the logs.
 */
export const apiKeyUses = pgTable(
  'api_key_uses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id),
    method: text('method').notNull(),
    route: text('route').notNull(),
    status: integer('status').notNull(),
    requestId: text('request_id').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // A key's log, newest first.
  (t) => [index('api_key_uses_key').on(t.keyId, t.usedAt)],
);

/**
 * A webhook (issue 20): an HTTPS endpoint the body (organization null: every organization's
 * events) or a center (its own organization's) registered for some events. Deliveries go through
 * the outbox (channel 'webhook'), signed with `secret` (HMAC-SHA256): kept as is, because the
 * sender needs it; shown once, never listed. A deleted webhook keeps its row and its log, and
 * gets nothing more.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    url: text('url').notNull(),
    events: text('events').array().$type<WebhookEvent[]>().notNull(),
    secret: text('secret').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  // The fan-out of an event: the live webhooks of its organization and the body's.
  (t) => [index('webhooks_organization').on(t.organizationId).where(sql`${t.deletedAt} is null`)],
);

/** Each attempt to deliver an event to a webhook: what the receiver answered, or why it did not. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    /** The event's id: the same in every attempt (the receiver's key against duplicates). */
    eventId: uuid('event_id').notNull(),
    event: text('event').notNull(),
    /** 1 for the first try of this event to this webhook. */
    attempt: integer('attempt').notNull(),
    /** The receiver's HTTP status; null when no answer came (refused, timed out, not allowed). */
    status: integer('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The delivery log of one webhook, newest first.
  (t) => [index('webhook_deliveries_webhook').on(t.webhookId, t.attemptedAt)],
);

/**
 * Every key that has signed certificates (key history): a process registers its SIGNING_KEY's
 * public half at start-up, so a certificate signed with a key since retired still verifies.
 */
export const signingKeys = pgTable('signing_keys', {
  /** sha256 (hex) of the public key's DER, as certificates record it. */
  keyId: text('key_id').primaryKey(),
  publicKeyPem: text('public_key_pem').notNull(),
  firstUsedAt: timestamp('first_used_at', { withTimezone: true }).notNull().defaultNow(),
});
