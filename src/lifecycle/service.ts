import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { NotFoundError, ValidationError } from '../core/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import { type Conversion, conversion, type StageChange } from './history.js';
import {
  type Actor,
  checkTransition,
  DEFAULT_FUNNEL_POLICY,
  findRule,
  isStage,
  type Stage,
  STAGES,
} from './model.js';
import {
  findPersonOwner,
  insertStageChanges,
  listCohortHistory,
  listHistory,
  lockPeopleStages,
  lockPersonStage,
  writeStageChanges,
  updatePersonStage,
} from './store.js';

export interface TransitionInput {
  personId: string;
  to: string;
  reason?: string | undefined;
  reasonCode?: string | undefined;
  agreementVersion?: number | undefined;
  /** The DQ codes of the agreement the move is made under (the seed's when absent). */
  dqCodes?: readonly string[] | undefined;
}

export interface MoveBy {
  actor: Actor;
  actorType: string;
  actorId: string | null;
  /** A sales rep may move only the people they own. */
  ownerScope?: string | undefined;
}

export function moveByPrincipal(principal: Principal): MoveBy {
  return {
    actor: principal.role,
    actorType: principal.kind,
    actorId: principal.id,
    ownerScope: principal.role === 'sales_rep' ? (principal.userId ?? '') : undefined,
  };
}

/** A move a business event asks for, made only when the funnel allows it from where the person stands. */
export interface TransitionFollow {
  personId: string;
  to: Stage;
  reason?: string | undefined;
  agreementVersion?: number | undefined;
}

export const SYSTEM_MOVE: MoveBy = { actor: 'system', actorType: 'system', actorId: null };

/**
 * Moves one person inside the caller's transaction: locks the person, checks the move
 * against the transition table, stores the change. Other capabilities (routing,
 * opportunities, feedback) call this with `SYSTEM_MOVE` or the caller's principal.
 */
export async function applyTransition(
  trx: Trx,
  at: Date,
  input: TransitionInput,
  by: MoveBy,
): Promise<StageChange> {
  if (!isStage(input.to)) throw ValidationError.field('/to', `must be one of ${STAGES.join(', ')}`);
  const current = await lockPersonStage(trx, input.personId);
  if (!current || (by.ownerScope !== undefined && current.ownerUserId !== by.ownerScope)) {
    throw new NotFoundError('Person', input.personId);
  }
  const rule = checkTransition(
    {
      from: current.stage,
      to: input.to,
      actor: by.actor,
      reason: input.reason,
      reasonCode: input.reasonCode,
    },
    input.dqCodes ? { ...DEFAULT_FUNNEL_POLICY, dqCodes: input.dqCodes } : DEFAULT_FUNNEL_POLICY,
  );
  const change: StageChange = {
    personId: input.personId,
    from: current.stage,
    to: rule.to,
    at,
    actorType: by.actorType,
    actorId: by.actorId,
    reason: input.reason?.trim() || null,
    reasonCode: input.reasonCode ?? null,
    agreementVersion: input.agreementVersion ?? null,
  };
  await updatePersonStage(trx, input.personId, rule.to, at);
  await insertStageChanges(trx, [change]);
  return change;
}

/**
 * Follows a business event through the funnel when the table allows it from where the
 * person stands (an opportunity opened for an SQL, a deal won), and leaves the person
 * alone otherwise: the event itself is never refused because of the funnel.
 */
export async function followTransition(
  trx: Trx,
  at: Date,
  input: { personId: string; to: Stage; reason?: string | undefined; agreementVersion?: number | undefined },
  from: readonly Stage[],
): Promise<StageChange | undefined> {
  const [change] = await followTransitions(trx, at, [input], from);
  return change;
}

/**
 * `followTransition` for many people at once (scoring's MQLs of a batch): one lock, one
 * stage update and one history insert for all of them, in person id order.
 */
export async function followTransitions(
  trx: Trx,
  at: Date,
  inputs: readonly TransitionFollow[],
  from: readonly Stage[],
  /** Their stages as this transaction read them under its lock (scoring's): not locked again. */
  locked?: ReadonlyMap<string, Stage>,
): Promise<StageChange[]> {
  const current =
    locked ??
    (await lockPeopleStages(
      trx,
      inputs.map((i) => i.personId),
    ));
  const changes = planTransitions(at, inputs, from, current);
  await writeStageChanges(trx, changes, at);
  return changes;
}

/**
 * The moves `followTransitions` makes, from the people's stages as read under their locks,
 * in person id order; writing them is the caller's (`stageChangeWrites`). Pure.
 */
export function planTransitions(
  at: Date,
  inputs: readonly TransitionFollow[],
  from: readonly Stage[],
  current: ReadonlyMap<string, Stage>,
): StageChange[] {
  const sorted = [...inputs].sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
  const changes: StageChange[] = [];
  for (const input of sorted) {
    const stage = current.get(input.personId);
    if (!stage || !from.includes(stage) || !findRule(stage, input.to, DEFAULT_FUNNEL_POLICY)) continue;
    const rule = checkTransition(
      { from: stage, to: input.to, actor: SYSTEM_MOVE.actor, reason: input.reason, reasonCode: undefined },
      DEFAULT_FUNNEL_POLICY,
    );
    changes.push({
      personId: input.personId,
      from: stage,
      to: rule.to,
      at,
      actorType: SYSTEM_MOVE.actorType,
      actorId: SYSTEM_MOVE.actorId,
      reason: input.reason?.trim() || null,
      reasonCode: null,
      agreementVersion: input.agreementVersion ?? null,
    });
  }
  return changes;
}

/** `POST /v1/people/:id/transitions`: a manual move by an API caller. */
export async function transitionPerson(
  ctx: Ctx,
  input: TransitionInput,
  principal: Principal,
): Promise<StageChange> {
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const change = await applyTransition(trx, at, input, moveByPrincipal(principal));
    await recordAudit(trx, {
      at,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'person.transitioned',
      subjectType: 'person',
      subjectId: input.personId,
      details: { from: change.from, to: change.to, reason: change.reason, reasonCode: change.reasonCode },
    });
    return change;
  });
}

export async function personHistory(
  ctx: Ctx,
  personId: string,
  principal: Principal,
): Promise<StageChange[]> {
  const person = await findPersonOwner(ctx.db, personId);
  const scope = moveByPrincipal(principal).ownerScope;
  if (!person || (scope !== undefined && person.ownerUserId !== scope))
    throw new NotFoundError('Person', personId);
  return listHistory(ctx.db, personId);
}

export interface ConversionQuery {
  from: string;
  to: string;
  since: Date;
  until: Date;
}

export async function stageConversion(ctx: Ctx, query: ConversionQuery): Promise<Conversion> {
  const issues = [];
  if (!isStage(query.from)) issues.push({ path: '/from', message: `must be one of ${STAGES.join(', ')}` });
  if (!isStage(query.to)) issues.push({ path: '/to', message: `must be one of ${STAGES.join(', ')}` });
  if (query.until <= query.since) issues.push({ path: '/until', message: 'must be after since' });
  if (issues.length > 0) throw new ValidationError('The conversion query is invalid', issues);
  const history = await listCohortHistory(ctx.db, query.from as Stage, query.since, query.until);
  return conversion(history, query.from as Stage, query.to as Stage, query.since, query.until);
}

export { insertStageChanges };
