import { NotFoundError } from '../core/index.js';
import type { Db } from '../store/index.js';

/** What a deal story reads of the opportunity beyond its journey. */
export interface StoryOpportunity {
  id: string;
  name: string;
  company: string | null;
  personId: string | null;
  closedAt: Date | null;
  outcome: string | null;
  closeReason: string | null;
  competitor: string | null;
  winningFactor: string | null;
}

export async function getStoryOpportunity(db: Db, id: string): Promise<StoryOpportunity> {
  const row = await db
    .selectFrom('opportunities as o')
    .leftJoin('accounts as a', 'a.id', 'o.account_id')
    .leftJoin('people as p', 'p.id', 'o.person_id')
    .select([
      'o.id',
      'o.name',
      'a.name as account_name',
      'p.company',
      'o.person_id',
      'o.closed_at',
      'o.outcome',
      'o.close_reason',
      'o.competitor',
      'o.winning_factor',
    ])
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Opportunity', id);
  return {
    id: row.id,
    name: row.name,
    company: row.account_name ?? row.company,
    personId: row.person_id,
    closedAt: row.closed_at,
    outcome: row.outcome,
    closeReason: row.close_reason,
    competitor: row.competitor,
    winningFactor: row.winning_factor,
  };
}

/** When the person first became an SQL (sales accepted them) at or before `until`. */
export async function findFirstSqlAt(db: Db, personId: string, until: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('stage_history')
    .select((eb) => eb.fn.min('at').as('at'))
    .where('person_id', '=', personId)
    .where('to_stage', '=', 'sql')
    .where('at', '<=', until)
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : null;
}
