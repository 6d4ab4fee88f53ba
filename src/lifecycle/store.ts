import { type RawBuilder, sql } from 'kysely';
import { type Db, type Trx, writeTogether } from '../store/index.js';
import type { StageChange } from './history.js';
import type { Stage } from './model.js';

interface HistoryRecord {
  person_id: string;
  from_stage: string | null;
  to_stage: string;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  reason: string | null;
  reason_code: string | null;
  agreement_version: number | null;
}

function toChange(row: HistoryRecord): StageChange {
  return {
    personId: row.person_id,
    from: row.from_stage as Stage | null,
    to: row.to_stage as Stage,
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    reason: row.reason,
    reasonCode: row.reason_code,
    agreementVersion: row.agreement_version,
  };
}

const COLUMNS = [
  'person_id',
  'from_stage',
  'to_stage',
  'at',
  'actor_type',
  'actor_id',
  'reason',
  'reason_code',
  'agreement_version',
] as const;

/** Locks the person's row for the rest of the transaction: two moves of one person serialise. */
export async function lockPersonStage(
  trx: Trx,
  personId: string,
): Promise<{ stage: Stage; ownerUserId: string | null } | undefined> {
  const row = await trx
    .selectFrom('people')
    .select(['stage', 'owner_user_id'])
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    // Serialises stage moves of this person without blocking the foreign-key checks of
    // concurrent touchpoint inserts (FOR KEY SHARE), which FOR UPDATE would: a stage move
    // never changes the person's key.
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && { stage: row.stage as Stage, ownerUserId: row.owner_user_id };
}

/** `lockPersonStage` for many people, in id order, to the commit: their current stages (scoring holds them while it reads and scores). */
export async function lockPeopleStages(trx: Trx, personIds: readonly string[]): Promise<Map<string, Stage>> {
  if (personIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; stage: string }>`
    select id, stage from people
    where id = any(${[...personIds].sort()}::text[]) and erased_at is null
    order by id for no key update
  `.execute(trx);
  return new Map(rows.map((r) => [r.id, r.stage as Stage]));
}

/** The people's moves and their history rows, in one statement (one round trip). */
export async function writeStageChanges(trx: Trx, changes: readonly StageChange[], at: Date): Promise<void> {
  await writeTogether(trx, stageChangeWrites(changes, at));
}

/**
 * The writes of these moves (each person to their new stage, the history rows), for a caller
 * that writes them in one statement with its own (`writeTogether`): none when there is no change.
 */
export function stageChangeWrites(changes: readonly StageChange[], at: Date): RawBuilder<unknown>[] {
  if (changes.length === 0) return [];
  return [
    sql`
      update people p set stage = x.stage, stage_entered_at = ${at}, updated_at = ${at}
      from unnest(${changes.map((c) => c.personId)}::text[], ${changes.map((c) => c.to)}::text[]) as x(id, stage)
      where p.id = x.id
    `,
    stageHistoryInsert(changes),
  ];
}

export async function updatePersonStage(trx: Trx, personId: string, stage: Stage, at: Date): Promise<void> {
  await trx
    .updateTable('people')
    .set({ stage, stage_entered_at: at, updated_at: at })
    .where('id', '=', personId)
    .execute();
}

export async function insertStageChanges(db: Db | Trx, changes: readonly StageChange[]): Promise<void> {
  if (changes.length === 0) return;
  await stageHistoryInsert(changes).execute(db);
}

/**
 * The history rows of these changes, in order (arrays, so any number in one statement); with
 * `ofPeople` (a query of person ids, e.g. the ids an insert of the same statement returned),
 * only the rows of those people.
 */
export function stageHistoryInsert(changes: readonly StageChange[], ofPeople?: RawBuilder<unknown>) {
  const column = <T>(pick: (c: StageChange) => T) => changes.map(pick);
  return sql`
    insert into stage_history (person_id, from_stage, to_stage, at, actor_type, actor_id, reason,
      reason_code, agreement_version)
    select * from unnest(
      ${column((c) => c.personId)}::text[], ${column((c) => c.from)}::text[], ${column((c) => c.to)}::text[],
      ${column((c) => c.at)}::timestamptz[], ${column((c) => c.actorType)}::text[],
      ${column((c) => c.actorId)}::text[], ${column((c) => c.reason)}::text[],
      ${column((c) => c.reasonCode)}::text[], ${column((c) => c.agreementVersion ?? null)}::integer[]
    ) as x(person_id, from_stage, to_stage, at, actor_type, actor_id, reason, reason_code, agreement_version)
    ${ofPeople ? sql`where x.person_id in (${ofPeople})` : sql``}
  `;
}

export async function listHistory(db: Db, personId: string): Promise<StageChange[]> {
  const rows = await db
    .selectFrom('stage_history')
    .select(COLUMNS)
    .where('person_id', '=', personId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map(toChange);
}

/** The full history of everyone who entered `stage` in the window (a bounded cohort). */
export async function listCohortHistory(
  db: Db,
  stage: Stage,
  since: Date,
  until: Date,
): Promise<StageChange[]> {
  const rows = await db
    .selectFrom('stage_history')
    .select(COLUMNS)
    .where('person_id', 'in', (eb) =>
      eb
        .selectFrom('stage_history')
        .select('person_id')
        .where('to_stage', '=', stage)
        .where('at', '>=', since)
        .where('at', '<', until),
    )
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map(toChange);
}

export async function findPersonOwner(
  db: Db,
  personId: string,
): Promise<{ ownerUserId: string | null } | undefined> {
  const row = await db
    .selectFrom('people')
    .select('owner_user_id')
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return row && { ownerUserId: row.owner_user_id };
}
