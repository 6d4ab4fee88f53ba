import { sql } from 'kysely';
import type { Db } from '../store/index.js';

/** Open pipeline of one currency: the amounts of open opportunities, and how many. */
export interface PipelineTotal {
  currency: string;
  cents: number;
  opportunities: number;
}

/**
 * The open pipeline of a period: opportunities not yet closed (outcome null) whose close
 * date falls within [from, to], summed per currency. `close_date` is a `date`, compared
 * with the period's calendar days.
 */
export async function listOpenPipeline(
  db: Db,
  range: { from: string; to: string },
): Promise<PipelineTotal[]> {
  const rows = await db
    .selectFrom('opportunities')
    .select([
      'currency',
      sql<number>`sum(amount_cents)::int8`.as('cents'),
      sql<number>`count(*)::int8`.as('opportunities'),
    ])
    .where('outcome', 'is', null)
    .where('close_date', '>=', range.from)
    .where('close_date', '<=', range.to)
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return rows.map((row) => ({
    currency: row.currency,
    cents: Number(row.cents),
    opportunities: Number(row.opportunities),
  }));
}

/** Open opportunities without a close date: in no period's pipeline, worth a look. */
export async function countOpenUndated(db: Db): Promise<number> {
  const row = await db
    .selectFrom('opportunities')
    .select(sql<number>`count(*)::int8`.as('count'))
    .where('outcome', 'is', null)
    .where('close_date', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
