import type { Transaction } from 'kysely';
import type { Db } from './connection.js';
import type { Database } from './database.js';

export type Trx = Transaction<Database>;

/** Runs `work` in one transaction: every use case commits all of its writes or none. */
export function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
