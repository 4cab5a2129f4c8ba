import { type Executor, rowsOf, schema } from '@ccmm/db';
import { type KpiIndicator, type KpiMethod, type KpiMonth, methodKey } from '@ccmm/engine';
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { peerConditions } from '../benchmarks/benchmarks.repository.ts';
import { type Computed, computedOf, type PeerFilter, percentileColumns } from '../benchmarks/cohort.sql.ts';

const { kpiValues: v, kpiChanges: c, organizations: o, users } = schema;

/** One indicator's entry for a month, as written. */
export interface KpiEntry {
  readonly indicator: KpiIndicator;
  readonly value: number;
  readonly target: number | null;
  readonly method: KpiMethod;
}

/** One indicator's cohort for a month: peers measuring it the same way. */
export interface KpiDistribution extends Computed {
  readonly indicator: KpiIndicator;
  readonly size: number;
}

const sameEntry = (a: KpiEntry, b: KpiEntry) =>
  a.value === b.value && a.target === b.target && methodKey(a.method) === methodKey(b.method);

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
    async write(
      organizationId: string,
      month: string,
      actorId: string,
      entries: readonly KpiEntry[],
      viaApiKey: string | null = null,
    ) {
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
          await tx.insert(c).values({
            organizationId,
            month,
            indicator: entry.indicator,
            ...values,
            changedBy: actorId,
            viaApiKey,
          });
        }
      });
    },

    /** Removes one value, recorded as a change to null; false when there was none. */
    async remove(
      organizationId: string,
      month: string,
      indicator: KpiIndicator,
      actorId: string,
      viaApiKey: string | null = null,
    ) {
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
          viaApiKey,
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
          viaApiKey: c.viaApiKey,
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
     * values of opted-in peers matching the filter whose method equals `methods[indicator]`
     * (jsonb equality: methods hold only the fields their indicator needs, so equal keys are
     * equal methods). Indicators without members are absent. One round trip.
     */
    async cohort(
      filter: PeerFilter,
      month: string,
      methods: ReadonlyMap<KpiIndicator, KpiMethod>,
    ): Promise<KpiDistribution[]> {
      if (methods.size === 0) return [];
      const wanted = Object.fromEntries(methods);
      const query = sql`
        with wanted as (
          select w.key as indicator, w.value as method from jsonb_each(${JSON.stringify(wanted)}::jsonb) w
        )
        select w.indicator, count(*)::int as size, ${percentileColumns(sql`${v.value}`)}
        from ${v}
        join wanted w on ${v.indicator}::text = w.indicator and ${v.method} = w.method
        join ${o} on ${o.id} = ${v.organizationId}
        where ${v.month} = ${month} and ${sql.join(peerConditions(filter), sql` and `)}
        group by w.indicator`;
      const rows = rowsOf<{ indicator: KpiIndicator; size: number } & Record<keyof Computed, unknown>>(
        await db.execute(query),
      );
      return rows.map((row) => ({ indicator: row.indicator, size: Number(row.size), ...computedOf(row) }));
    },
  };
}
