import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  ConflictError,
  duplicate,
  NotFoundError,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import {
  type BuyingProcessStage,
  checkBuyingProcess,
  DEFAULT_BUYING_PROCESS,
  normalizeBuyingProcess,
  normalizePersonaFields,
  type Persona,
  type PersonaFields,
} from './personas-model.js';
import * as store from './personas-store.js';

export interface PersonaInput {
  key: string;
  name: string;
  role?: string | null | undefined;
  titles?: string[] | undefined;
  segment?: string | null | undefined;
  pains?: string[] | undefined;
  goals?: string[] | undefined;
  objections?: string[] | undefined;
  buyingRole?: string | null | undefined;
  channels?: string[] | undefined;
}

export type UpdatePersonaInput = Partial<PersonaInput>;

function fields(input: UpdatePersonaInput): Partial<PersonaFields> {
  const candidate = Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined),
  ) as Partial<PersonaFields>;
  const { value, issues } = normalizePersonaFields(candidate);
  if (issues.length > 0) throw new ValidationError('The persona is invalid', issues);
  return value;
}

function audit(
  trx: Trx,
  actor: Principal,
  at: Date,
  action: string,
  id: string,
  details: Record<string, unknown>,
) {
  return recordAudit(trx, {
    at,
    actorType: actor.kind,
    actorId: actor.id,
    action,
    subjectType: 'persona',
    subjectId: id,
    details,
  });
}

async function checkKey(trx: Trx, key: string | undefined, id: string | undefined): Promise<void> {
  if (key === undefined) return;
  const existing = await store.findPersonaByKey(trx, key);
  if (existing && existing.id !== id)
    throw duplicate('/key', `"${key}" is already the key of persona ${existing.id}`);
}

export async function createPersona(ctx: Ctx, input: PersonaInput, actor: Principal): Promise<Persona> {
  const value = fields(input);
  const complete: PersonaFields = {
    key: value.key!,
    name: value.name!,
    role: value.role ?? null,
    titles: value.titles ?? [],
    segment: value.segment ?? null,
    pains: value.pains ?? [],
    goals: value.goals ?? [],
    objections: value.objections ?? [],
    buyingRole: value.buyingRole ?? null,
    channels: value.channels ?? [],
  };
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkKey(trx, complete.key, undefined);
    const persona = await store.insertPersona(trx, { ...complete, id: ctx.ids.next('prs'), now });
    await audit(trx, actor, now, 'persona.created', persona.id, { key: persona.key });
    return persona;
  });
}

export async function updatePersona(
  ctx: Ctx,
  id: string,
  input: UpdatePersonaInput,
  actor: Principal,
): Promise<Persona> {
  const value = fields(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await store.lockPersona(trx, id))) throw new NotFoundError('Persona', id);
    await checkKey(trx, value.key, id);
    const persona = await store.updatePersona(trx, id, value, now);
    await audit(trx, actor, now, 'persona.updated', id, { fields: Object.keys(value) });
    return persona;
  });
}

/** A persona a sales play aims at stays: delete the plays or point them elsewhere first. */
export async function deletePersona(ctx: Ctx, id: string, actor: Principal): Promise<Persona> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const persona = await store.lockPersona(trx, id);
    if (!persona) throw new NotFoundError('Persona', id);
    const plays = await store.countPlaysForPersona(trx, id);
    if (plays > 0)
      throw new ConflictError(`Persona ${id} is the persona of ${plays} sales play(s)`, 'persona_in_use', {
        plays,
      });
    await store.deletePersona(trx, id);
    await audit(trx, actor, now, 'persona.deleted', id, { key: persona.key });
    return persona;
  });
}

export function getPersona(ctx: Ctx, id: string): Promise<Persona> {
  return store.getPersona(ctx.db, id);
}

export function listPersonas(
  ctx: Ctx,
  filter: { segment?: string | undefined },
  page: Partial<PageRequest>,
): Promise<Page<Persona>> {
  return store.listPersonas(ctx.db, filter, page);
}

export interface BuyingProcessMap {
  stages: BuyingProcessStage[];
  /** False while the seed's default map is shown (nobody has edited it yet). */
  customized: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** The stored map, or seed 004's stages and alignment points until someone edits them. */
export async function getBuyingProcess(ctx: Ctx): Promise<BuyingProcessMap> {
  const stored = await store.findBuyingProcess(ctx.db);
  if (!stored)
    return {
      stages: structuredClone([...DEFAULT_BUYING_PROCESS]),
      customized: false,
      updatedBy: null,
      updatedAt: null,
    };
  return {
    stages: stored.stages,
    customized: true,
    updatedBy: stored.updatedBy,
    updatedAt: stored.updatedAt,
  };
}

/** Replaces the map: the seven stages in order, each with its alignment points. */
export async function putBuyingProcess(
  ctx: Ctx,
  stages: BuyingProcessStage[],
  actor: Principal,
): Promise<BuyingProcessMap> {
  const issues = checkBuyingProcess(stages);
  if (issues.length > 0) throw new ValidationError('The buying-process map is invalid', issues);
  const normalized = normalizeBuyingProcess(stages);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await store.saveBuyingProcess(trx, { stages: normalized, updatedBy: actor.name, now });
    await recordAudit(trx, {
      at: now,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'buying_process.updated',
      subjectType: 'buying_process',
      subjectId: 'default',
      details: { points: normalized.reduce((n, s) => n + s.points.length, 0) },
    });
  });
  return { stages: normalized, customized: true, updatedBy: actor.name, updatedAt: now };
}
