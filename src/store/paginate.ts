import { type SelectQueryBuilder, sql } from 'kysely';
import { decodeCursor, DEFAULT_PAGE_SIZE, type Page, type PageRequest, toPage } from '../core/index.js';
import type { Database } from './database.js';

/**
 * Keyset pagination over `(created_at, id)` of the query's main table: stable under inserts,
 * and an index seek whatever the page number. `table` names the table (or alias) whose
 * `created_at` and `id` order the rows.
 */
export async function paginate<T extends keyof Database & string, O extends { created_at: Date; id: string }>(
  query: SelectQueryBuilder<Database, T, O>,
  table: T,
  page: Partial<PageRequest>,
): Promise<Page<O>> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  let q = query;
  if (page.cursor) {
    const { at, id } = decodeCursor(page.cursor);
    q = q.where(
      sql<boolean>`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)}) > (${new Date(at)}::timestamptz, ${id})`,
    );
  }
  const rows = await q
    .orderBy(`${table}.created_at` as never)
    .orderBy(`${table}.id` as never)
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit, (row) => ({ at: row.created_at.toISOString(), id: row.id }));
}
