export { openStore, type Db, type Store, type StoreKind, type OpenOptions } from './connection.js';
export { migrateToLatest, type MigrationReport } from './migrate.js';
export { inTransaction, type Trx } from './transaction.js';
export { recordAudit, type AuditEntry } from './audit.js';
export type * from './database.js';
export { paginate } from './paginate.js';
export { chunks, MAX_PARAMETERS } from './chunks.js';
export { byKey, withDeadlockRetry } from './order.js';
export { anyText } from './arrays.js';
