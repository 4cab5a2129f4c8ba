import {
  type AssessmentKind,
  type AssessmentStatus,
  type Database,
  parsedJson,
  queryPrepared,
  rowsOf,
} from '@ccmm/db';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { setBounded } from '../../bounded-map.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { isOpen, mayRate } from '../assessments/assessment-rules.ts';
import { assertRatesOwnDomains } from '../audit-plans/audit-plans.usecases.ts';
import type { SessionUser } from '../auth/sessions.repository.ts';
import { clauseSummaryChange } from '../benchmarks/summaries.ts';
import type { RatingRow } from './ratings.repository.ts';
import { ratingConflict } from './ratings.usecases.ts';
import { writerLayer } from './team.ts';

// A rating write in one statement (issue 17). The first write of a session to an assessment
// takes the full path (the session read, the assessment read, the rules, the locked write);
// after it, the facts the rules decided on are kept in memory, and the next write sends them
// with the change to `ccmm_rate_clause`, which checks under the assessment's lock that they
// still hold and writes the rating, its trail entry and the summary. If anything changed (a
// session ended, a role, an assignment, the status), nothing is written and the full path
// answers, with its errors. The rules stay here, in one place; the database only compares.
// Writes that arrive while others are on their way share a statement (writeBatches below).

/** What the rules read to let a user rate a clause of an assessment (`ccmm_write_facts`). */
export interface WriteFacts {
  readonly user: SessionUser | null;
  readonly assessment: {
    readonly kind: AssessmentKind;
    readonly organizationId: string;
    readonly standardRef: string;
    readonly status: AssessmentStatus;
    readonly assessedOn: string;
    readonly operatingSince: string;
    readonly assigned: boolean;
    readonly raters: number;
    readonly planDomains: string[] | null;
  } | null;
}

type StoredRating = Omit<RatingRow, 'updatedAt'> & { updatedAt: string };

type Outcome =
  | { outcome: 'stale'; facts: WriteFacts }
  | { outcome: 'refresh' }
  | { outcome: 'conflict'; current: StoredRating | null }
  | { outcome: 'unchanged'; current: StoredRating | null }
  | { outcome: 'written'; rating: StoredRating; started: boolean };

const RATE_CLAUSES = 'select ccmm_rate_clauses($1::text::jsonb) as answers';

/**
 * Statements of writes on their way at once. Writes that arrive meanwhile wait and go together
 * in the next statement (`ccmm_rate_clauses`): under load, one round trip and one commit serve
 * several writes, and the database still runs them on as many connections as this allows.
 * Three rather than two: while one statement waits for its commit to reach the disk, two can
 * run (PostgreSQL, `pnpm bench`, six runs and five: API ÷ raw writes, medians 0.51 → 0.53 on
 * different assessments, 0.42 → 0.47 on one; PGlite, one connection, within its noise).
 */
const STATEMENTS_IN_FLIGHT = 3;
/** The most writes one statement carries (each holds its assessment's lock until the commit). */
const WRITES_PER_STATEMENT = 32;

const GRANTS = 10_000;
const SUMMARY_CHANGES = 5_000;

const asRow = (stored: StoredRating): RatingRow => ({ ...stored, updatedAt: new Date(stored.updatedAt) });

interface QueuedWrite {
  readonly assessmentId: string;
  /** ccmm_rate_clause's arguments as a JSON array. */
  readonly args: string;
  readonly answer: (outcome: Outcome | undefined) => void;
  readonly fail: (error: unknown) => void;
}

/** Sends writes to `ccmm_rate_clauses`, those that wait for a free statement together. */
export function writeBatches(db: Database, sent: (writes: number) => void) {
  const waiting: QueuedWrite[] = [];
  let inFlight = 0;
  let flushing = false;

  async function send(batch: readonly QueuedWrite[]): Promise<void> {
    sent(batch.length);
    try {
      const [row] = await queryPrepared<{ answers: (Outcome | null)[] | string }>(db, RATE_CLAUSES, [
        `[${batch.map((write) => write.args).join(',')}]`,
      ]);
      const answers = parsedJson(row?.answers) ?? [];
      for (const [i, write] of batch.entries()) write.answer(answers[i] ?? undefined);
    } catch (error) {
      if (batch.length === 1) batch[0]?.fail(error);
      // Nothing of the batch was written: each goes again alone, with an answer of its own.
      else await Promise.all(batch.map((write) => send([write])));
    }
  }

  function flush(): void {
    flushing = false;
    while (inFlight < STATEMENTS_IN_FLIGHT && waiting.length > 0) {
      // By assessment, so that batches lock assessments in one order; the sort is stable, so
      // the writes to one assessment keep their order of arrival.
      const batch = waiting
        .splice(0, WRITES_PER_STATEMENT)
        .sort((a, b) => (a.assessmentId < b.assessmentId ? -1 : a.assessmentId > b.assessmentId ? 1 : 0));
      inFlight++;
      void send(batch).finally(() => {
        inFlight--;
        schedule();
      });
    }
  }

  // After the requests read in this turn of the event loop have queued their writes.
  function schedule(): void {
    if (flushing || waiting.length === 0 || inFlight >= STATEMENTS_IN_FLIGHT) return;
    flushing = true;
    setImmediate(flush);
  }

  return (assessmentId: string, args: string): Promise<Outcome | undefined> =>
    new Promise((answer, fail) => {
      waiting.push({ assessmentId, args, answer, fail });
      schedule();
    });
}

export function clauseWrites({
  fastify,
  db,
  standards,
}: {
  fastify: FastifyInstance;
  db: Database;
  standards: StandardRegistry;
}) {
  /** The facts each session's last full-path write to each assessment was allowed on (and as sent). */
  const granted = new Map<string, { readonly facts: WriteFacts; readonly json: string }>();
  const grant = (key: string, facts: WriteFacts) =>
    setBounded(granted, key, { facts, json: JSON.stringify(facts) }, GRANTS);
  /** The summary change of a clause as JSON, by standard, clause and the assessment's dates. */
  const summaryChanges = new Map<string, string | null>();

  const rateClause = writeBatches(db, (writes) => fastify.observeRatingWriteStatement(writes));

  const keyOf = (sessionId: string, assessmentId: string) => `${sessionId}/${assessmentId}`;

  /** The caller's layer if the rules let them rate the clause on these facts; null if not. */
  function allowed(request: FastifyRequest, facts: WriteFacts, clause: number): { layer?: string } | null {
    const { user, assessment } = facts;
    if (!user || !assessment || !fastify.admits(request, user)) return null;
    if (!mayRate(user, assessment, assessment.assigned) || !isOpen(assessment)) return null;
    if (standards.unknownClauses(assessment.standardRef, [clause]).length > 0) return null;
    try {
      assertRatesOwnDomains({
        standards,
        actor: user,
        assessment,
        domains: assessment.planDomains,
        clauses: [clause],
      });
    } catch {
      return null;
    }
    const layer = writerLayer(user, assessment, assessment);
    return layer ? { layer } : {};
  }

  function summaryChange(assessment: NonNullable<WriteFacts['assessment']>, clause: number): string | null {
    const key = `${assessment.standardRef}|${clause}|${assessment.operatingSince}|${assessment.assessedOn}`;
    let change = summaryChanges.get(key);
    if (change === undefined) {
      const computed = clauseSummaryChange(
        standards.get(assessment.standardRef).standard,
        clause,
        assessment,
      );
      change = computed ? JSON.stringify(computed) : null;
      setBounded(summaryChanges, key, change, SUMMARY_CHANGES);
    }
    return change;
  }

  return {
    /**
     * The write in one statement, if this session wrote to the assessment before and nothing the
     * rules read has changed since; undefined: take the full path (nothing was written).
     */
    async tryWrite(
      request: FastifyRequest,
      assessmentId: string,
      clause: number,
      rating: { c: number | null; f: number | null; note?: string | null | undefined; version: number },
    ): Promise<RatingRow | undefined> {
      if (!request.session) return undefined;
      const key = keyOf(request.session.id, assessmentId);
      const kept = granted.get(key);
      const facts = kept?.facts;
      const allowedAs = facts && allowed(request, facts, clause);
      if (!kept || !facts?.user || !facts.assessment || !allowedAs) return undefined;
      const layer = allowedAs.layer ?? null;
      const summary = layer ? null : summaryChange(facts.assessment, clause);
      if (!layer && summary === null) return undefined;
      const json = JSON.stringify;
      // ccmm_rate_clause's arguments in its order; the facts and the summary change are JSON already.
      const args = [
        json(request.session.id),
        json(facts.user.userId),
        json(assessmentId),
        kept.json,
        json(clause),
        json(rating.c),
        json(rating.f),
        json(rating.note ?? null),
        json(rating.version),
        json(layer),
        json(new Date().toISOString()),
        summary ?? 'null',
      ];
      const result = await rateClause(assessmentId, `[${args.join(',')}]`);
      if (!result || result.outcome === 'stale') {
        granted.delete(key);
        return undefined;
      }
      if (result.outcome === 'refresh') return undefined;
      // The facts held under the lock: the session is live and its user is who they were.
      fastify.confirmSession(request, facts.user);
      fastify.countRatingWrite('one_statement');
      if (result.outcome === 'conflict')
        throw ratingConflict(clause, result.current && asRow(result.current));
      if (result.outcome === 'unchanged') {
        if (!result.current) throw new Error('an unchanged rating without its row');
        return asRow(result.current);
      }
      if (result.started) {
        grant(key, { ...facts, assessment: { ...facts.assessment, status: 'in_progress' } });
      }
      return asRow(result.rating);
    },

    /**
     * Before the full path answers: the session read now, if the hook took the caller from
     * memory (401 or 403 if it no longer stands).
     */
    async confirmSession(request: FastifyRequest): Promise<void> {
      await fastify.sessionConfirmation(request)?.settle(undefined);
    },

    /** After a full-path write: the facts now, kept for the next write if they allow it. */
    async grantNext(request: FastifyRequest, assessmentId: string, clause: number): Promise<void> {
      fastify.countRatingWrite('full');
      const userId = request.actor?.userId;
      if (!request.session || !userId) return;
      const [row] = rowsOf<{ facts: WriteFacts | string }>(
        await db.execute(
          sql`select ccmm_write_facts(${request.session.id}::uuid, ${userId}::uuid, ${assessmentId}::uuid) as facts`,
        ),
      );
      const facts = parsedJson(row?.facts);
      const key = keyOf(request.session.id, assessmentId);
      if (facts && allowed(request, facts, clause)) grant(key, facts);
      else granted.delete(key);
    },
  };
}
