import { type Kysely, sql } from 'kysely';

/**
 * Runs a script of `;`-terminated statements one by one: prepared statements (PGlite, pg
 * with parameters) accept a single command each. Statements must not contain `;` inside
 * literals or bodies.
 */
export async function executeScript(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/)) {
    if (statement.trim() === '') continue;
    await sql.raw(statement).execute(db);
  }
}
