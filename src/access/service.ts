import type { Ctx } from '../app.js';
import { NotFoundError, UnauthorizedError, ValidationError } from '../core/index.js';
import { recordAudit } from '../store/index.js';
import { generateSecret, hashSecret, isRole, type Principal, ROLES, secretPrefix } from './model.js';
import {
  type ApiKey,
  countActiveAdminKeys,
  findActiveKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
  API_KEY_TOUCH_MS,
} from './store.js';

export interface CreatedApiKey {
  key: ApiKey;
  /** The secret, shown once: only its hash is stored. */
  secret: string;
}

export interface CreateApiKeyInput {
  name: string;
  role: string;
  userId?: string | null | undefined;
}

export async function createApiKey(
  ctx: Ctx,
  input: CreateApiKeyInput,
  actor: Principal,
): Promise<CreatedApiKey> {
  const issues = [];
  if (!isRole(input.role)) issues.push({ path: '/role', message: `must be one of ${ROLES.join(', ')}` });
  if (input.name.trim() === '') issues.push({ path: '/name', message: 'must not be empty' });
  if (input.role === 'sales_rep' && !input.userId) {
    issues.push({
      path: '/userId',
      message: 'a sales_rep key must belong to a user (it sees only their people)',
    });
  }
  if (issues.length > 0) throw new ValidationError('The API key request is invalid', issues);
  if (input.userId) {
    const user = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw ValidationError.field('/userId', `no user ${input.userId}`);
  }

  const secret = generateSecret();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const key = await insertApiKey(trx, {
      id: ctx.ids.next('key'),
      name: input.name.trim(),
      role: input.role as ApiKey['role'],
      keyHash: hashSecret(secret),
      prefix: secretPrefix(secret),
      userId: input.userId ?? null,
      now,
    });
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'api_key.created',
      subjectType: 'api_key',
      subjectId: key.id,
      details: { name: key.name, role: key.role },
    });
    return { key, secret };
  });
}

/**
 * The first start creates an admin key so the operator can call the API at all; it is
 * returned (to be printed once) only when no active admin key exists.
 */
export async function ensureBootstrapAdminKey(ctx: Ctx): Promise<CreatedApiKey | undefined> {
  if ((await countActiveAdminKeys(ctx.db)) > 0) return undefined;
  return createApiKey(
    ctx,
    { name: 'bootstrap admin', role: 'admin' },
    { kind: 'system', id: null, role: 'admin', userId: null, name: 'servio' },
  );
}

export async function authenticate(ctx: Ctx, secret: string | undefined): Promise<Principal> {
  if (!secret)
    throw new UnauthorizedError('An API key is required: send it as "Authorization: Bearer <key>"');
  const key = await findActiveKeyByHash(ctx.db, hashSecret(secret));
  if (!key) throw new UnauthorizedError('The API key is unknown or revoked');
  const now = ctx.clock.now();
  // The key as read says whether it was used in the last minute: then there is nothing to
  // record, and authentication is one read.
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > API_KEY_TOUCH_MS)
    await touchApiKey(ctx.db, key.id, now);
  return { kind: 'api_key', id: key.id, role: key.role, userId: key.userId, name: key.name };
}

export function listKeys(ctx: Ctx): Promise<ApiKey[]> {
  return listApiKeys(ctx.db);
}

export async function revokeKey(ctx: Ctx, id: string, actor: Principal): Promise<ApiKey> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const key = await revokeApiKey(trx, id, now);
    if (!key) throw new NotFoundError('Active API key', id);
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'api_key.revoked',
      subjectType: 'api_key',
      subjectId: id,
    });
    return key;
  });
}
