import { type RawBuilder, sql } from 'kysely';
import type { Db } from './connection.js';
import type { Trx } from './transaction.js';

/**
 * Independent writes in one statement, so one round trip: every one but the last runs as a
 * data-modifying WITH. They share one snapshot and none sees the others' effects, so they
 * must not depend on each other, nor change the same row (PostgreSQL refuses that). Answers
 * the rows the last write changed (0 when there is none).
 */
export async function writeTogether(db: Db | Trx, writes: readonly RawBuilder<unknown>[]): Promise<number> {
  if (writes.length === 0) return 0;
  const last = writes[writes.length - 1]!;
  const before = writes.slice(0, -1).map((write, i) => sql`${sql.raw(`w${i}`)} as (${write})`);
  const result = await (before.length > 0 ? sql`with ${sql.join(before)} ${last}` : last).execute(db);
  return Number(result.numAffectedRows ?? 0);
}
