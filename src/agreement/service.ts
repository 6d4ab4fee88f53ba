import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  type Clock,
  ConflictError,
  ForbiddenError,
  type Page,
  systemClock,
  ValidationError,
} from '../core/index.js';
import type { RoutingPolicy } from '../routing/index.js';
import { addBusinessTime, calendarsForUsers } from '../sla/index.js';
import type { ScoringModel } from '../scoring/index.js';
import { type Db, inTransaction, recordAudit, referenceRead, type Trx } from '../store/index.js';
import { DEFAULT_AGREEMENT } from './defaults.js';
import {
  type ActiveAgreement,
  type AgreementDocument,
  type AgreementStatus,
  type AgreementVersion,
  type AgreementVersionSummary,
  type ApprovalSide,
  approvalSide,
  checkRejectable,
  decideApproval,
  mayPropose,
  mayReject,
} from './model.js';
import * as store from './store.js';
import { parseAgreementDocument } from './validate.js';

const SUBJECT = 'agreement_version';
const MAX_REASON = 2000;

function audit(
  trx: Trx,
  actor: Pick<Principal, 'kind' | 'id' | 'name'>,
  at: Date,
  action: string,
  version: number,
  details = {},
) {
  return recordAudit(trx, {
    at,
    actorType: actor.kind,
    actorId: actor.id,
    action,
    subjectType: SUBJECT,
    subjectId: String(version),
    details: { by: actor.name, ...details },
  });
}

/** Runs `work` in a transaction of its own, or in the caller's when `db` already is one. */
function withinTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Trx) : inTransaction(db, work);
}

// ---- the active agreement

/**
 * Documents by content hash. Every read still asks the database which version is active
 * (one indexed row), so a version another process activates is seen at once; only the
 * document, which never changes once proposed, is reused. Bounded: few versions are live.
 */
const documents = new Map<string, AgreementDocument>();
const MAX_CACHED_DOCUMENTS = 16;

function remember(key: string, document: AgreementDocument): AgreementDocument {
  if (documents.size >= MAX_CACHED_DOCUMENTS) documents.delete(documents.keys().next().value as string);
  documents.set(key, deepFreeze(document));
  return document;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Installs the shipped default (seed 001) as version 1, active, when no version exists yet.
 * Concurrent first reads are safe: the insert does nothing when another one won.
 */
async function ensureInstalled(db: Db, clock: Clock): Promise<store.ActiveHead> {
  const head = await referenceRead(db, 'agreement:head', () => store.findActiveHead(db));
  if (head) return head;
  await withinTransaction(db, async (trx) => {
    const at = clock.now();
    const system = { kind: 'system' as const, id: null, name: 'servio' };
    const inserted = await store.insertFirstVersion(trx, {
      status: 'active',
      document: structuredClone(DEFAULT_AGREEMENT),
      summary: 'The shipped default: the tables of the SLA document (seed 001)',
      proposedBy: { type: system.kind, id: system.id, name: system.name },
      at,
    });
    if (inserted) await audit(trx, system, at, 'agreement.installed_default', 1);
  });
  const installed = await store.findActiveHead(db);
  if (!installed)
    throw new ConflictError(
      'The agreement has versions but none is active: approve one (servio agreement versions)',
      'agreement_not_active',
    );
  return installed;
}

/** The agreement in force: its version, document and the instant it took effect. */
export async function getActiveAgreement(db: Db, clock: Clock = systemClock): Promise<ActiveAgreement> {
  const head = await ensureInstalled(db, clock);
  const document =
    documents.get(head.documentSha256) ??
    remember(head.documentSha256, await store.getDocument(db, head.version));
  return { version: head.version, document, effectiveAt: head.effectiveAt };
}

/** The scoring model in force and the agreement version it belongs to (scores record it). */
export async function activeScoringModel(
  db: Db,
  clock: Clock = systemClock,
): Promise<{ version: number; model: ScoringModel }> {
  const { version, document } = await getActiveAgreement(db, clock);
  return { version, model: document.scoring };
}

/** What routing and the hand-off read from the active agreement. */
export async function activeRoutingPolicy(db: Db, clock: Clock = systemClock): Promise<RoutingPolicy> {
  return routingPolicyOf(await getActiveAgreement(db, clock));
}

export function routingPolicyOf({
  version,
  document,
}: Pick<ActiveAgreement, 'version' | 'document'>): RoutingPolicy {
  return {
    version,
    routing: document.routing,
    followUp: document.followUp,
    tqlEnabled: document.funnel.tqlEnabled,
    // Seed 001: "first outreach within 4 business hours": the owner's own business hours.
    firstTouchDue: async (trx, ownerUserIds, notifiedAt) => {
      const calendars = await calendarsForUsers(trx, ownerUserIds);
      return new Map(
        [...calendars].map(([userId, calendar]) => [
          userId,
          addBusinessTime(calendar, notifiedAt, { ms: document.followUp.firstTouchWithinHours * 3_600_000 }),
        ]),
      );
    },
  };
}

/** The active version with its approvals, as the API and the CLI show it. */
export async function activeAgreementVersion(ctx: Ctx): Promise<AgreementVersion> {
  const head = await ensureInstalled(ctx.db, ctx.clock);
  return store.getVersion(ctx.db, head.version);
}

export async function getAgreementVersion(ctx: Ctx, version: number): Promise<AgreementVersion> {
  await ensureInstalled(ctx.db, ctx.clock);
  return store.getVersion(ctx.db, version);
}

export async function listAgreementVersions(
  ctx: Ctx,
  page: { limit: number; cursor?: string | undefined; status?: AgreementStatus | undefined },
): Promise<Page<AgreementVersionSummary>> {
  await ensureInstalled(ctx.db, ctx.clock);
  let before: number | undefined;
  if (page.cursor !== undefined) {
    before = Number(page.cursor);
    if (!Number.isInteger(before) || before < 1)
      throw ValidationError.field('/cursor', 'is not a cursor from a previous page');
  }
  const rows = await store.listVersions(ctx.db, { limit: page.limit + 1, before, status: page.status });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? String(last.version) : null };
}

// ---- proposing, approving, rejecting

const PROPOSE_ATTEMPTS = 10;

/**
 * A new version, proposed: it takes effect once both sides approve it. `document` is
 * validated (every error with its path, prefixed by `options.path`).
 */
export async function proposeAgreement(
  ctx: Ctx,
  document: unknown,
  summary: string | undefined,
  principal: Principal,
  options: { path?: string } = {},
): Promise<AgreementVersion> {
  if (!mayPropose(principal.role))
    throw new ForbiddenError(`The ${principal.role} role may not propose an agreement`, {
      role: principal.role,
    });
  const valid = parseAgreementDocument(document, options.path ?? '');
  const text = (summary ?? '').trim();
  if (text.length > MAX_REASON)
    throw ValidationError.field('/summary', `must be at most ${MAX_REASON} characters`);
  await ensureInstalled(ctx.db, ctx.clock);
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx.db, async (trx) => {
        const at = ctx.clock.now();
        const version = await store.insertNextVersion(trx, {
          status: 'proposed',
          document: valid,
          summary: text,
          proposedBy: { type: principal.kind, id: principal.id, name: principal.name },
          at,
        });
        await audit(trx, principal, at, 'agreement.proposed', version, { summary: text });
        return store.getVersion(trx, version);
      });
    } catch (error) {
      // Two proposals computed the same max + 1: the loser takes the next number.
      if (attempt < PROPOSE_ATTEMPTS && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/**
 * One side's approval. When both sides have approved, the version takes effect now and the
 * one in force is superseded, in the same transaction.
 */
export async function approveAgreement(
  ctx: Ctx,
  version: number,
  principal: Principal,
  side?: ApprovalSide,
): Promise<AgreementVersion> {
  const signs = approvalSide(principal.role, side);
  await ensureInstalled(ctx.db, ctx.clock);
  return inTransaction(ctx.db, async (trx) => {
    await store.lockAgreementChanges(trx);
    const current = await store.lockVersion(trx, version);
    const decision = decideApproval(current, signs, principal);
    const at = ctx.clock.now();
    await store.recordApproval(trx, version, decision.side, { id: principal.id, name: principal.name, at });
    await audit(trx, principal, at, 'agreement.approved', version, { side: decision.side });
    if (decision.activates) {
      const superseded = await store.activateVersion(trx, version, at);
      await audit(trx, principal, at, 'agreement.activated', version, { superseded: superseded ?? null });
    }
    return store.getVersion(trx, version);
  });
}

/** Either side (or the agreement's owners) turns a proposal down, saying why. */
export async function rejectAgreement(
  ctx: Ctx,
  version: number,
  reason: string,
  principal: Principal,
): Promise<AgreementVersion> {
  if (!mayReject(principal.role))
    throw new ForbiddenError(`The ${principal.role} role may not reject an agreement`, {
      role: principal.role,
    });
  const why = reason.trim();
  if (why === '') throw ValidationError.field('/reason', 'is required: say why the proposal is rejected');
  if (why.length > MAX_REASON)
    throw ValidationError.field('/reason', `must be at most ${MAX_REASON} characters`);
  await ensureInstalled(ctx.db, ctx.clock);
  return inTransaction(ctx.db, async (trx) => {
    await store.lockAgreementChanges(trx);
    checkRejectable(await store.lockVersion(trx, version));
    const at = ctx.clock.now();
    await store.recordRejection(trx, version, { id: principal.id, name: principal.name, at }, why);
    await audit(trx, principal, at, 'agreement.rejected', version, { reason: why });
    return store.getVersion(trx, version);
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
