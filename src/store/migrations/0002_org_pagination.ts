import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/** Users and teams are listed by (created_at, id) like everything else: give them the index. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create index users_created_idx on users (created_at, id);
    create index teams_created_idx on teams (created_at, id);
  `,
  );
}
