import { type Kysely, sql } from 'kysely';

/**
 * One counter for every table of reference data (src/store/reference.ts): a statement that
 * changes any of them adds one, in its transaction, so a process that read the counter before
 * reading the tables knows its copy is current while the counter is unchanged. Statement
 * triggers: one update a statement, whatever it changes. Writers of these tables queue on the
 * counter's row until they commit; they are administrative (people, agreement, content), not
 * the ingestion path.
 */
export const REFERENCE_TABLES = [
  'users',
  'teams',
  'calendars',
  'agreement_versions',
  'messaging_items',
  'content_assets',
  'content_asset_campaigns',
  'webhook_subscriptions',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table reference_version (version bigint not null)`.execute(db);
  await sql`insert into reference_version (version) values (0)`.execute(db);
  await sql
    .raw(
      `create function bump_reference_version() returns trigger language plpgsql as $$
       begin
         update reference_version set version = version + 1;
         return null;
       end $$`,
    )
    .execute(db);
  for (const table of REFERENCE_TABLES) {
    await sql
      .raw(
        `create trigger ${table}_reference_version
           after insert or update or delete or truncate on ${table}
           for each statement execute function bump_reference_version()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of REFERENCE_TABLES)
    await sql.raw(`drop trigger if exists ${table}_reference_version on ${table}`).execute(db);
  await sql`drop function if exists bump_reference_version()`.execute(db);
  await sql`drop table if exists reference_version`.execute(db);
}
