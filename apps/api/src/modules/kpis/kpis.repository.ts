import { type Executor, schema } from '@ccmm/db';
import { KPI_DEFINITIONS, type KpiIndicator, type KpiMethod, type KpiMonth, methodKey } from '@ccmm/engine';
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { type PeerFilter, peerConditions } from '../benchmarks/benchmarks.repository.ts';

const { kpiValues: v, kpiChanges: c, organizations: o, users } = schema;

/** One indicator's entry for a month, as written. */
export interface KpiEntry {
  readonly indicator: KpiIndicator;
  readonly value: number;
  readonly target: number | null;
  readonly method: KpiMethod;
}

/** One indicator's cohort for a month: peers measuring it the same way. */
export interface KpiDistribution {
  readonly indicator: KpiIndicator;
  readonly size: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  /** Percentile rank of the organization's value in the better direction (100 = best). */
  readonly rank: number | null;
}

const sameEntry = (a: KpiEntry, b: KpiEntry) =>
  a.value === b.value && a.target === b.target && methodKey(a.method) === methodKey(b.method);

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

/**
 * The KPI tables of one organization. Callers have checked that the actor may see (or write)
 * the organization; every query here is scoped by its id.
 */
export function createKpisRepository(db: Executor) {
  return {
    /** The organization's values, months YYYY-MM-01 inclusive, by month then indicator order. */
    async list(organizationId: string, from?: string, to?: string): Promise<KpiMonth[]> {
      // The indicator column is an enum declared in KPI_INDICATORS order: it sorts that way.
      return db
        .select({
          month: v.month,
          indicator: v.indicator,
          value: v.value,
          target: v.target,
          method: v.method,
        })
        .from(v)
        .where(
          and(
            eq(v.organizationId, organizationId),
            from ? gte(v.month, from) : undefined,
            to ? lte(v.month, to) : undefined,
          ),
        )
        .orderBy(asc(v.month), asc(v.indicator));
    },

    /** The organization's latest month with any value (YYYY-MM-01), if any. */
    async latestMonth(organizationId: string): Promise<string | null> {
      const [row] = await db
        .select({ month: sql<string | null>`max(${v.month})::text` })
        .from(v)
        .where(eq(v.organizationId, organizationId));
      return row?.month ?? null;
    },

    /**
     * Upserts a month's entries all or nothing, each actual change appended to the history in
     * the same transaction (re-sending the same value, target and method changes nothing).
     */
    async write(organizationId: string, month: string, actorId: string, entries: readonly KpiEntry[]) {
      await db.transaction(async (tx) => {
        const current = await tx
          .select()
          .from(v)
          .where(and(eq(v.organizationId, organizationId), eq(v.month, month)))
          .for('update');
        const existing = new Map(current.map((r) => [r.indicator, r]));
        for (const entry of entries) {
          const before = existing.get(entry.indicator);
          if (before && sameEntry(before, entry)) continue;
          const values = { value: entry.value, target: entry.target, method: entry.method };
          await tx
            .insert(v)
            .values({ organizationId, month, indicator: entry.indicator, ...values, updatedBy: actorId })
            .onConflictDoUpdate({
              target: [v.organizationId, v.month, v.indicator],
              set: { ...values, updatedBy: actorId, updatedAt: new Date() },
            });
          await tx
            .insert(c)
            .values({ organizationId, month, indicator: entry.indicator, ...values, changedBy: actorId });
        }
      });
    },

    /** Removes one value, recorded as a change to null; false when there was none. */
    async remove(organizationId: string, month: string, indicator: KpiIndicator, actorId: string) {
      return db.transaction(async (tx) => {
        const removed = await tx
          .delete(v)
          .where(and(eq(v.organizationId, organizationId), eq(v.month, month), eq(v.indicator, indicator)))
          .returning({ indicator: v.indicator });
        if (removed.length === 0) return false;
        await tx.insert(c).values({
          organizationId,
          month,
          indicator,
          value: null,
          target: null,
          method: null,
          changedBy: actorId,
        });
        return true;
      });
    },

    /** The history of changes, newest first (at most `limit`). */
    async changes(organizationId: string, limit = 500) {
      return db
        .select({
          month: c.month,
          indicator: c.indicator,
          value: c.value,
          target: c.target,
          method: c.method,
          changedBy: { id: users.id, name: users.name },
          changedAt: c.changedAt,
        })
        .from(c)
        .innerJoin(users, eq(users.id, c.changedBy))
        .where(eq(c.organizationId, organizationId))
        .orderBy(desc(c.id))
        .limit(limit);
    },

    /**
     * Per indicator, the cohort of a month computed by the database (percentile_cont): the
     * values of opted-in peers matching the filter whose method equals `compare[indicator].method`
     * (jsonb equality: methods hold only the fields their indicator needs, so equal keys are
     * equal methods). `value`, when given, is the organization's, for its rank in the better
     * direction. Indicators without members are absent. One round trip.
     */
    async cohort(
      filter: PeerFilter,
      month: string,
      compare: ReadonlyMap<KpiIndicator, { method: KpiMethod; value: number | null }>,
    ): Promise<KpiDistribution[]> {
      if (compare.size === 0) return [];
      const wanted = Object.fromEntries(
        [...compare].map(([indicator, { method, value }]) => [
          indicator,
          // The sign turns "lower is better" into "higher is better" for the rank.
          { method, value, sign: KPI_DEFINITIONS[indicator].better === 'higher' ? 1 : -1 },
        ]),
      );
      const query = sql`
        with wanted as (
          select w.key as indicator, w.value -> 'method' as method,
                 (w.value ->> 'value')::float8 as own, (w.value ->> 'sign')::float8 as sign
          from jsonb_each(${JSON.stringify(wanted)}::jsonb) w
        )
        select w.indicator, count(*)::int as size,
               percentile_cont(0.25) within group (order by ${v.value}) as p25,
               percentile_cont(0.5) within group (order by ${v.value}) as p50,
               percentile_cont(0.75) within group (order by ${v.value}) as p75,
               percentile_cont(0.9) within group (order by ${v.value}) as p90,
               (100 * avg(case
                  when w.own is null then null
                  when w.sign * ${v.value} < w.sign * w.own then 1
                  when ${v.value} = w.own then 0.5
                  else 0 end))::float8 as rank
        from ${v}
        join wanted w on ${v.indicator}::text = w.indicator and ${v.method} = w.method
        join ${o} on ${o.id} = ${v.organizationId}
        where ${v.month} = ${month} and ${sql.join(peerConditions(filter), sql` and `)}
        group by w.indicator`;
      const rows = rowsOf<{
        indicator: KpiIndicator;
        size: number;
        p25: number;
        p50: number;
        p75: number;
        p90: number;
        rank: number | null;
      }>(await db.execute(query));
      return rows.map((r) => ({
        indicator: r.indicator,
        size: Number(r.size),
        p25: Number(r.p25),
        p50: Number(r.p50),
        p75: Number(r.p75),
        p90: Number(r.p90),
        rank: r.rank === null ? null : Number(r.rank),
      }));
    },
  };
}
