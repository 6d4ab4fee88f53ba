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
  const hash = hashSecret(secret);
  const now = ctx.clock.now();
  const keys = keysOf(ctx);
  const kept = keys.get(hash);
  let key = kept && now.getTime() < kept.until ? kept.key : undefined;
  if (!key) {
    key = await findActiveKeyByHash(ctx.db, hash);
    if (!key) {
      keys.delete(hash);
      throw new UnauthorizedError('The API key is unknown or revoked');
    }
    if (keys.size >= MAX_KEPT_KEYS) keys.clear();
    keys.set(hash, { key, until: now.getTime() + API_KEY_CACHE_MS });
  }
  // The key as read says whether it was used in the last minute: then there is nothing to
  // record, and authentication is one read (or none, while the key is kept).
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > API_KEY_TOUCH_MS) {
    await touchApiKey(ctx.db, key.id, now);
    key.lastUsedAt = now;
  }
  return { kind: 'api_key', id: key.id, role: key.role, userId: key.userId, name: key.name };
}

/**
 * How long an active key, once read, is trusted without reading it again: a sender of events
 * calls many times a second, and the read was one round trip of every request (bench/README.md,
 * routing). A key revoked through this process is refused at once; one revoked elsewhere (the
 * CLI, another server) is refused within this time. Unknown keys are never kept: a key created
 * elsewhere works at once.
 */
export const API_KEY_CACHE_MS = 1_000;
/** A bound on the keys kept: a full cache starts again empty. */
const MAX_KEPT_KEYS = 1_000;

const keptKeys = new WeakMap<Ctx, Map<string, { key: ApiKey; until: number }>>();

function keysOf(ctx: Ctx): Map<string, { key: ApiKey; until: number }> {
  let keys = keptKeys.get(ctx);
  if (!keys) {
    keys = new Map();
    keptKeys.set(ctx, keys);
  }
  return keys;
}

export function listKeys(ctx: Ctx): Promise<ApiKey[]> {
  return listApiKeys(ctx.db);
}

export async function revokeKey(ctx: Ctx, id: string, actor: Principal): Promise<ApiKey> {
  const now = ctx.clock.now();
  const revoked = await ctx.db.transaction().execute(async (trx) => {
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
  // Refused at once by this process from the commit on (by others within `API_KEY_CACHE_MS`).
  const keys = keysOf(ctx);
  for (const [hash, kept] of keys) if (kept.key.id === id) keys.delete(hash);
  return revoked;
}
