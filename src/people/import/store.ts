import type { Db } from '../../store/index.js';

export interface UserRef {
  id: string;
  email: string;
  name: string;
}

/**
 * Users whose email (any case) or exact name is one of `keys`: CRM exports name a record's
 * owner by the user's name or email, never by our id. One query for a batch's owners.
 */
export async function listUsersByEmailOrName(db: Db, keys: readonly string[]): Promise<UserRef[]> {
  if (keys.length === 0) return [];
  const emails = [...new Set(keys.map((k) => k.toLowerCase()))];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where((eb) => eb.or([eb(eb.fn('lower', ['email']), 'in', emails), eb('name', 'in', [...keys])]))
    .execute();
}
