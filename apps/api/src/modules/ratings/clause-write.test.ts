import { parsedJson, rowsOf, schema } from '@ccmm/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { expectEnginesSummary } from '../../../test/summaries.ts';
import { clauseSummaryChange } from '../benchmarks/summaries.ts';
import { entryHash, type StoredEntry } from './audit-trail.ts';
import { writeBatches } from './clause-write.ts';
import { createRatingsRepository } from './ratings.repository.ts';

// The one-statement rating write (clause-write.ts, ccmm_rate_clause): from a session's second
// write to an assessment on, one statement checks the facts the rules decided on and writes.
// These tests show it is taken, that it stores exactly what the full path stores, and that any
// change of those facts sends the write down the full path, with the full path's answer.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let organization: { id: string };

const OPERATING_SINCE = '2019-03-01';
const ASSESSED_ON = '2026-06-30';
const DATES = { operatingSince: OPERATING_SINCE, assessedOn: ASSESSED_ON };

beforeAll(async () => {
  t = await buildTestApp({ METRICS: 'on' });
  seed = seeder(t);
  organization = await seed.organization({ operatingSince: OPERATING_SINCE });
});
afterAll(async () => t.close());

/** The rating writes counted so far by path (ccmm_rating_writes_total). */
async function writesByPath(): Promise<{ one_statement: number; full: number }> {
  const res = await t.http().get('/metrics').expect(200);
  const count = (path: string) =>
    Number(new RegExp(`ccmm_rating_writes_total\\{path="${path}"\\} (\\d+)`).exec(res.text)?.[1] ?? 0);
  return { one_statement: count('one_statement'), full: count('full') };
}

const rate = (auditor: Session, id: string, clause: number, body: Record<string, unknown>) =>
  t.http().put(`/api/assessments/${id}/scores/${clause}`).set(auditor.auth).send(body);

/** The trail as stored, read as the API reads it. */
const trailOf = (id: string): Promise<StoredEntry[]> => createRatingsRepository(t.database.db).trail(id);

/** The trail is whole: every entry chained to the one before and hashed as the API hashes it. */
async function expectWholeTrail(id: string, entries: number): Promise<void> {
  const trail = await trailOf(id);
  expect(trail).toHaveLength(entries);
  let prev = '0'.repeat(64);
  for (const entry of trail) {
    const { prevHash, hash, ...fields } = entry;
    expect(prevHash).toBe(prev);
    expect(hash).toBe(entryHash(prev, fields));
    prev = hash;
  }
}

// Notes that test the database's JSON against the API's: quotes, backslashes, control
// characters, line separators, CJK and emoji, empty.
const NOTES = [
  'say "yes" \\ or \\n no',
  'line\nbreak\ttab\rreturn',
  'controls \u0001\u0008\u000b\u000c\u001f and \u007f',
  '客户中心 繁體 ✓ 😀',
  'separators \u2028 \u2029',
  '',
  null,
];

describe('a rating write in one statement', () => {
  it("is taken from a session's second write on, and stores what the full path stores: rating, chained trail, summary", async () => {
    const auditor = await seed.user('auditor');
    const { id } = await seed.assessment(organization.id, 'certification', [auditor.id]);
    const before = await writesByPath();

    const first = await rate(auditor, id, 1, { c: 10, f: 5, note: 'first', version: 0 }).expect(200);
    expect(first.body).toMatchObject({ clause: 1, c: 10, f: 5, note: 'first', version: 1, carried: false });
    const versions = new Map<number, number>([[1, 1]]);
    const values = [10, 5, 0, null] as const;
    for (const [i, note] of NOTES.entries()) {
      const clause = 2 + i;
      const res = await rate(auditor, id, clause, {
        c: values[i % 4],
        f: values[(i + 1) % 4],
        note,
        version: 0,
      }).expect(200);
      expect(res.body).toMatchObject({ clause, c: values[i % 4], f: values[(i + 1) % 4], note, version: 1 });
      expect(res.body.updatedBy).toBe(auditor.id);
      versions.set(clause, 1);
    }
    // A change of a rated clause, and the same values again (left alone, no trail entry).
    const changed = await rate(auditor, id, 1, { c: 0, f: 0, note: 'changed', version: 1 }).expect(200);
    expect(changed.body.version).toBe(2);
    const same = await rate(auditor, id, 1, { c: 0, f: 0, note: 'changed', version: 2 }).expect(200);
    expect(same.body).toMatchObject({ version: 2, note: 'changed' });

    const after = await writesByPath();
    expect(after.full - before.full).toBe(1);
    expect(after.one_statement - before.one_statement).toBe(NOTES.length + 2);

    // The draft started with the first write.
    const detail = await t.http().get(`/api/assessments/${id}`).set(auditor.auth).expect(200);
    expect(detail.body.status).toBe('in_progress');

    // Every entry hashed exactly as the API hashes it, the chain whole.
    await expectWholeTrail(id, NOTES.length + 2);
    expect((await trailOf(id)).map((e) => e.new.note)).toEqual(['first', ...NOTES, 'changed']);
    const verified = await t.http().get(`/api/assessments/${id}/trail/verify`).set(auditor.auth).expect(200);
    expect(verified.body).toMatchObject({ valid: true, entries: NOTES.length + 2 });

    await expectEnginesSummary(t, id, DATES);
  });

  it('refuses a stale version with 409 and the current rating, writing nothing', async () => {
    const auditor = await seed.user('auditor');
    const { id } = await seed.assessment(organization.id, 'certification', [auditor.id]);
    await rate(auditor, id, 3, { c: 5, f: 5, note: 'one', version: 0 }).expect(200);
    await rate(auditor, id, 3, { c: 10, f: 5, note: 'two', version: 1 }).expect(200);
    const before = await writesByPath();
    const stale = await rate(auditor, id, 3, { c: 0, f: 0, version: 1 }).expect(409);
    expect(stale.body.code).toBe('rating.conflict');
    expect(stale.body.current).toMatchObject({ clause: 3, c: 10, f: 5, note: 'two', version: 2 });
    const never = await rate(auditor, id, 4, { c: 0, f: 0, version: 3 }).expect(409);
    expect(never.body.current).toBeNull();
    expect((await writesByPath()).one_statement - before.one_statement).toBe(2);
    expect(await trailOf(id)).toHaveLength(2);
  });

  it("leaves the write to the full path, with the full path's answer, once a fact it decided on changed", async () => {
    const db = t.database.db;
    const write = (auditor: Session, id: string, version: number) =>
      rate(auditor, id, 9, { c: 10, f: 10, note: `v${version}`, version });
    const primed = async () => {
      const auditor = await seed.user('auditor');
      const { id } = await seed.assessment(organization.id, 'certification', [auditor.id]);
      await write(auditor, id, 0).expect(200);
      await write(auditor, id, 1).expect(200); // in one statement from here on
      return { auditor, id };
    };

    // Signed out: the token names nothing any more.
    const out = await primed();
    await t.http().post('/api/auth/logout').set(out.auditor.auth).expect(204);
    expect((await write(out.auditor, out.id, 2).expect(401)).body.code).toBe('auth.invalid_token');

    // Deactivated by the certification body (another process, say).
    const gone = await primed();
    await db.update(schema.users).set({ active: false }).where(eq(schema.users.id, gone.auditor.id));
    expect((await write(gone.auditor, gone.id, 2).expect(401)).body.code).toBe('auth.invalid_token');

    // No longer an auditor.
    const moved = await primed();
    await db.update(schema.users).set({ role: 'consultant' }).where(eq(schema.users.id, moved.auditor.id));
    expect((await write(moved.auditor, moved.id, 2).expect(403)).body.code).toBe('auth.forbidden');

    // Taken off the audit: it is no longer theirs to see.
    const unassigned = await primed();
    const admin = await seed.setupAdmin();
    await t
      .http()
      .put(`/api/assessments/${unassigned.id}/auditors`)
      .set(admin.auth)
      .send({ userIds: [] })
      .expect(200);
    expect((await write(unassigned.auditor, unassigned.id, 2).expect(404)).body.code).toBe(
      'assessment.not_found',
    );

    // Submitted: closed to ratings.
    const closed = await primed();
    await db
      .update(schema.assessments)
      .set({ status: 'submitted' })
      .where(eq(schema.assessments.id, closed.id));
    expect((await write(closed.auditor, closed.id, 2).expect(409)).body.code).toBe('assessment.closed');

    // None of them wrote anything.
    for (const { id } of [out, gone, moved, unassigned, closed]) {
      const [row] = await db
        .select({ version: schema.ratings.version })
        .from(schema.ratings)
        .where(eq(schema.ratings.assessmentId, id));
      expect(row?.version).toBe(2);
      expect(await trailOf(id)).toHaveLength(2);
    }
  });

  it("writes each rater's own layer on a team audit, the team rating and its summary untouched", async () => {
    const first = await seed.user('auditor');
    const second = await seed.user('auditor');
    const { id } = await seed.assessment(organization.id, 'certification', [first.id, second.id]);
    const [summaryBefore] = await t.database.db
      .select({ total: schema.assessmentSummaries.total, areas: schema.assessmentSummaries.areas })
      .from(schema.assessmentSummaries)
      .where(eq(schema.assessmentSummaries.assessmentId, id));
    const before = await writesByPath();
    for (const [i, rater] of [first, second].entries()) {
      for (const clause of [20, 21, 22]) {
        await rate(rater, id, clause, { c: i === 0 ? 10 : 5, f: 5, note: `rater ${i}`, version: 0 }).expect(
          200,
        );
      }
    }
    const after = await writesByPath();
    expect(after.full - before.full).toBe(2);
    expect(after.one_statement - before.one_statement).toBe(4);
    const mine = await t.http().get(`/api/assessments/${id}/scores?layer=mine`).set(second.auth).expect(200);
    expect(mine.body.ratings.map((r: { clause: number; c: number }) => [r.clause, r.c])).toEqual([
      [20, 5],
      [21, 5],
      [22, 5],
    ]);
    const [teamRatings] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.ratings)
      .where(eq(schema.ratings.assessmentId, id));
    expect(teamRatings?.n).toBe(0);
    const [summaryAfter] = await t.database.db
      .select({ total: schema.assessmentSummaries.total, areas: schema.assessmentSummaries.areas })
      .from(schema.assessmentSummaries)
      .where(eq(schema.assessmentSummaries.assessmentId, id));
    expect(summaryAfter).toEqual(summaryBefore);
    const trail = await trailOf(id);
    expect(trail.map((e) => e.layer)).toEqual([
      first.id,
      first.id,
      first.id,
      second.id,
      second.id,
      second.id,
    ]);
    const verified = await t.http().get(`/api/assessments/${id}/trail/verify`).set(first.auth).expect(200);
    expect(verified.body).toMatchObject({ valid: true, entries: 6 });
  });
});

describe('rating writes that arrive together', () => {
  /** Statements sent and the one-statement writes they carried (ccmm_rating_write_statement_writes). */
  async function statements(): Promise<{ sent: number; writes: number }> {
    const res = await t.http().get('/metrics').expect(200);
    const figure = (name: string) =>
      Number(new RegExp(`ccmm_rating_write_statement_writes_${name} (\\d+)`).exec(res.text)?.[1] ?? 0);
    return { sent: figure('count'), writes: figure('sum') };
  }

  it('are each as strict as alone: versions, conflicts, trails and summaries', async () => {
    const auditor = await seed.user('auditor');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await seed.assessment(organization.id, 'certification', [auditor.id])).id);
    // The first write to each takes the full path; the process keeps its facts.
    for (const id of ids) await rate(auditor, id, 1, { c: 10, f: 10, version: 0 }).expect(200);
    const before = await statements();

    // Six clauses of each assessment at once, and on one of them clause 2 twice from version 0:
    // one of those two is written, the other finds version 1 (409), whichever comes first.
    const clauses = [2, 3, 4, 5, 6, 7];
    const values = [10, 5, 0, null] as const;
    const sent = ids.flatMap((id, a) =>
      clauses.map((clause, k) => ({ id, clause, c: values[(a + k) % 4], f: values[k % 4] ?? null })),
    );
    const twice = { id: ids[0] as string, clause: 2, c: 0, f: 0 };
    const answers = await Promise.all(
      [...sent, twice].map((w) =>
        rate(auditor, w.id, w.clause, { c: w.c, f: w.f, note: 'together', version: 0 }),
      ),
    );
    expect(answers.filter((res) => res.status === 200)).toHaveLength(sent.length);
    const refused = answers.filter((res) => res.status !== 200);
    expect(refused.map((res) => [res.status, res.body.code])).toEqual([[409, 'rating.conflict']]);
    expect(refused[0]?.body.current).toMatchObject({ clause: 2, version: 1 });

    const after = await statements();
    expect(after.writes - before.writes).toBe(sent.length + 1);
    expect(after.sent - before.sent).toBeGreaterThan(0);

    for (const id of ids) {
      await expectWholeTrail(id, 1 + clauses.length);
      await expectEnginesSummary(t, id, DATES);
    }
    const ratings = await t.database.db
      .select({ clause: schema.ratings.clause, version: schema.ratings.version })
      .from(schema.ratings)
      .where(eq(schema.ratings.assessmentId, ids[0] as string));
    expect(ratings.every((r) => r.version === 1)).toBe(true);
  });

  /**
   * An auditor who has written to these assessments, and `ccmm_rate_clause`'s arguments for a
   * write by them, as clause-write.ts sends them.
   */
  async function writer(assessments: number) {
    const auditor = await seed.user('auditor');
    const ids: string[] = [];
    for (let i = 0; i < assessments; i++) {
      const { id } = await seed.assessment(organization.id, 'certification', [auditor.id]);
      await rate(auditor, id, 1, { c: 10, f: 10, version: 0 }).expect(200);
      ids.push(id);
    }
    const db = t.database.db;
    const [session] = await db
      .select({ id: schema.sessions.id })
      .from(schema.sessions)
      .where(eq(schema.sessions.userId, auditor.id));
    const facts = new Map<string, unknown>();
    for (const id of ids) {
      const [row] = rowsOf<{ facts: unknown }>(
        await db.execute(
          sql`select ccmm_write_facts(${session?.id}::uuid, ${auditor.id}::uuid, ${id}::uuid) as facts`,
        ),
      );
      facts.set(id, parsedJson(row?.facts));
    }
    const loaded = t.standards.get('cc-cmm-oc@2017');
    if (!loaded) throw new Error('the 2017 pack is not loaded');
    const args = (id: string, clause: number, c: number, version = 0, summary?: unknown) =>
      JSON.stringify([
        session?.id,
        auditor.id,
        id,
        facts.get(id),
        clause,
        c,
        5,
        'batched',
        version,
        null,
        new Date().toISOString(),
        summary ?? clauseSummaryChange(loaded.standard, clause, DATES),
      ]);
    return { ids, args, summaryOf: (clause: number) => clauseSummaryChange(loaded.standard, clause, DATES) };
  }

  it('queued in one turn of the event loop go in one statement, each answered as if alone', async () => {
    const { ids, args } = await writer(3);
    const [a = '', b = '', c = ''] = ids;
    const sizes: number[] = [];
    const rateClause = writeBatches(t.database.db, (writes) => sizes.push(writes));
    const answers = await Promise.all([
      rateClause(c, args(c, 2, 10)),
      rateClause(a, args(a, 2, 10)),
      rateClause(b, args(b, 2, 0)),
      rateClause(a, args(a, 2, 5)), // the same clause from version 0 again: a conflict
      rateClause(a, args(a, 3, 0)),
      rateClause(b, args(b, 1, 5, 1)), // a change of the first write
    ]);
    expect(sizes).toEqual([6]);
    expect(answers.map((answer) => answer?.outcome)).toEqual([
      'written',
      'written',
      'written',
      'conflict',
      'written',
      'written',
    ]);
    expect(answers[3]?.outcome === 'conflict' && answers[3].current).toMatchObject({ c: 10, version: 1 });
    expect(answers[5]?.outcome === 'written' && answers[5].rating).toMatchObject({
      clause: 1,
      c: 5,
      version: 2,
    });
    for (const [id, entries] of [
      [a, 3],
      [b, 3],
      [c, 2],
    ] as const) {
      await expectWholeTrail(id, entries);
      await expectEnginesSummary(t, id, DATES);
    }
  });

  it("write nothing and ask for the full path when the summary lacks the clause's area or is gone", async () => {
    const { ids, args, summaryOf } = await writer(2);
    const [kept = '', dropped = ''] = ids;
    const rateClause = writeBatches(t.database.db, () => {});
    const change = summaryOf(2);
    if (!change) throw new Error('clause 2 has no summary change');
    const elsewhere = { ...change, sections: [...change.sections, 'no-such-section'] };
    const otherDomain = { ...change, domain: 'no-such-domain' };
    await t.database.db
      .delete(schema.assessmentSummaries)
      .where(eq(schema.assessmentSummaries.assessmentId, dropped));
    const answers = await Promise.all([
      rateClause(kept, args(kept, 2, 10, 0, elsewhere)),
      rateClause(kept, args(kept, 2, 10, 0, otherDomain)),
      rateClause(dropped, args(dropped, 2, 10)),
    ]);
    expect(answers.map((answer) => answer?.outcome)).toEqual(['refresh', 'refresh', 'refresh']);
    for (const id of ids) {
      // The first write's rating and trail entry alone: the refused ones left nothing.
      const stored = await t.database.db
        .select()
        .from(schema.ratings)
        .where(eq(schema.ratings.assessmentId, id));
      expect(stored.map((r) => r.clause)).toEqual([1]);
      await expectWholeTrail(id, 1);
    }
    await expectEnginesSummary(t, kept, DATES);
  });

  it('go again one by one when their statement fails: the others written, the failed one refused alone', async () => {
    const { ids, args } = await writer(1);
    const [id = ''] = ids;
    const sizes: number[] = [];
    const rateClause = writeBatches(t.database.db, (writes) => sizes.push(writes));
    const answers = await Promise.allSettled([
      rateClause(id, args(id, 2, 10)),
      rateClause(id, '["not a uuid"]'),
      rateClause(id, args(id, 3, 5)),
    ]);
    expect(sizes).toEqual([3, 1, 1, 1]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    for (const answer of [answers[0], answers[2]]) {
      expect(answer?.status === 'fulfilled' && answer.value?.outcome).toBe('written');
    }
    await expectWholeTrail(id, 3);
    await expectEnginesSummary(t, id, DATES);
  });
});

describe('a route that confirms the session in its own statement', () => {
  it('answers eligibility as the caller is now: the same, signed out (401), or in another role (read again)', async () => {
    const db = t.database.db;
    const primed = async () => {
      const auditor = await seed.user('auditor');
      const { id } = await seed.assessment(organization.id, 'certification', [auditor.id]);
      await rate(auditor, id, 1, { c: 10, f: 10, version: 0 }).expect(200);
      // The first read checks the session on its own; the process remembers the caller after it.
      const first = await t.http().get(`/api/assessments/${id}/eligibility`).set(auditor.auth).expect(200);
      return { auditor, id, first: first.body };
    };

    const same = await primed();
    const again = await t
      .http()
      .get(`/api/assessments/${same.id}/eligibility`)
      .set(same.auditor.auth)
      .expect(200);
    expect(again.body).toEqual(same.first);

    const out = await primed();
    await t.http().post('/api/auth/logout').set(out.auditor.auth).expect(204);
    const refused = await t
      .http()
      .get(`/api/assessments/${out.id}/eligibility`)
      .set(out.auditor.auth)
      .expect(401);
    expect(refused.body.code).toBe('auth.invalid_token');

    const gone = await primed();
    await db.update(schema.users).set({ active: false }).where(eq(schema.users.id, gone.auditor.id));
    await t.http().get(`/api/assessments/${gone.id}/eligibility`).set(gone.auditor.auth).expect(401);

    // Now a consultant the center never granted: the assessment is not theirs to see.
    const moved = await primed();
    await db.update(schema.users).set({ role: 'consultant' }).where(eq(schema.users.id, moved.auditor.id));
    const hidden = await t
      .http()
      .get(`/api/assessments/${moved.id}/eligibility`)
      .set(moved.auditor.auth)
      .expect(404);
    expect(hidden.body.code).toBe('assessment.not_found');
  });

  it('confirms the caller before answering an error: a signed-out caller gets 401, not the 400 of a bad body', async () => {
    const auditor = await seed.user('auditor');
    const { id } = await seed.assessment(organization.id, 'certification', [auditor.id]);
    await rate(auditor, id, 1, { c: 10, f: 10, version: 0 }).expect(200);
    // Known to the process now: a bad body is refused as such while the session holds.
    const invalid = await rate(auditor, id, 2, { c: 7, f: 10, version: 0 }).expect(400);
    expect(invalid.body.code).toBe('request.invalid');
    await t.database.db.update(schema.users).set({ active: false }).where(eq(schema.users.id, auditor.id));
    const refused = await rate(auditor, id, 2, { c: 7, f: 10, version: 0 }).expect(401);
    expect(refused.body).toEqual({
      code: 'auth.invalid_token',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(refused.body.issues).toBeUndefined();
  });

  it('may not answer without confirming it: its answer becomes a 500', async () => {
    const guarded = await buildTestApp(
      {},
      {
        extend: async (fastify) => {
          fastify.get(
            '/api/test-unconfirmed',
            { config: { access: ['auditor'], confirmsSession: true } },
            async () => ({ ok: true }),
          );
        },
      },
    );
    try {
      const auditor = await seeder(guarded).user('auditor');
      // Unknown to the process at first: the hook reads the session itself.
      await guarded.http().get('/api/test-unconfirmed').set(auditor.auth).expect(200);
      // Known now: the hook takes the caller from memory, and the route never confirms.
      await guarded.http().get('/api/test-unconfirmed').set(auditor.auth).expect(500);
    } finally {
      await guarded.close();
    }
  });
});
