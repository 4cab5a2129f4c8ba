import { type SQL, sql } from 'drizzle-orm';

// Lists that can grow are read a page at a time: the rows with the total counted in the same
// query (count(*) over ()), and counted apart only for a page past the end, which has no row to
// carry it.

export interface Page {
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** Select this as `total` beside a paged query's columns. */
export const totalOver = () => sql<number>`(count(*) over ())::int`;

/**
 * The page of rows `read` returns (each with the `total` column) and the total. `countAll`
 * counts the matching rows when the page is past the end.
 */
export async function paged<T extends { total: number }>(
  page: Page,
  read: (limit: number | undefined, offset: number) => Promise<T[]>,
  countAll: () => Promise<number>,
): Promise<{ rows: Omit<T, 'total'>[]; total: number }> {
  const offset = page.offset ?? 0;
  const found = await read(page.limit, offset);
  const total = found[0]?.total ?? (offset > 0 ? await countAll() : 0);
  return { rows: found.map(({ total: _, ...row }) => row), total };
}

/** A case-insensitive "contains" on a column (the text taken literally: no % or _ wildcards). */
export const contains = (column: SQL | SQL.Aliased | object, text: string): SQL =>
  sql`strpos(lower(${column}), lower(${text})) > 0`;
