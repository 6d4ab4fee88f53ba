import type { Db } from '../store/index.js';
import type { Role } from './model.js';

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  userId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyRecord {
  id: string;
  name: string;
  role: string;
  prefix: string;
  user_id: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = [
  'id',
  'name',
  'role',
  'prefix',
  'user_id',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const;

function toApiKey(row: ApiKeyRecord): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    userId: row.user_id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiKey(
  db: Db,
  key: {
    id: string;
    name: string;
    role: Role;
    keyHash: string;
    prefix: string;
    userId: string | null;
    now: Date;
  },
): Promise<ApiKey> {
  const row = await db
    .insertInto('api_keys')
    .values({
      id: key.id,
      name: key.name,
      role: key.role,
      key_hash: key.keyHash,
      prefix: key.prefix,
      user_id: key.userId,
      created_at: key.now,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toApiKey(row);
}

export async function findActiveKeyByHash(db: Db, keyHash: string): Promise<ApiKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(COLUMNS)
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && toApiKey(row);
}

export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').select(COLUMNS).orderBy('created_at').orderBy('id').execute();
  return rows.map(toApiKey);
}

export async function countActiveAdminKeys(db: Db): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function revokeApiKey(db: Db, id: string, now: Date): Promise<ApiKey | undefined> {
  const row = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toApiKey(row);
}

/** How often a key's last use is recorded. */
export const API_KEY_TOUCH_MS = 60_000;

/** Recorded at most once a minute per key, so authentication stays a read. */
export async function touchApiKey(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', new Date(now.getTime() - API_KEY_TOUCH_MS)),
      ]),
    )
    .execute();
}
