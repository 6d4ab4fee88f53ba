import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import {
  ConflictError,
  duplicate,
  type FieldIssue,
  normalizeEmail,
  NotFoundError,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import {
  normalizeTeamFields,
  normalizeUserFields,
  type Team,
  type TeamFields,
  type User,
  type UserFields,
  wouldCycle,
} from './model.js';
import * as store from './store.js';

/** A time stamp from the API (ISO string) or the CLI; null clears it. */
type Instant = Date | string | null;

export interface CreateUserInput {
  email: string;
  name: string;
  role: string;
  timeZone: string;
  teamId?: string | null | undefined;
  managerUserId?: string | null | undefined;
  segment?: string | null | undefined;
  territory?: string | null | undefined;
  active?: boolean | undefined;
  outOfOfficeUntil?: Instant | undefined;
  capacityPerDay?: number | null | undefined;
  routingWeight?: number | undefined;
  calendarId?: string | null | undefined;
}

export type UpdateUserInput = Partial<CreateUserInput>;

export interface CreateTeamInput {
  name: string;
  function: string;
  managerUserId?: string | null | undefined;
  calendarId?: string | null | undefined;
}

export type UpdateTeamInput = Partial<CreateTeamInput>;

function audit(
  trx: Trx,
  actor: Principal,
  at: Date,
  action: string,
  subjectType: string,
  subjectId: string,
  details = {},
) {
  return recordAudit(trx, {
    at,
    actorType: actor.kind,
    actorId: actor.id,
    action,
    subjectType,
    subjectId,
    details,
  });
}

function instant(value: Instant | undefined, path: string, issues: FieldIssue[]): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) issues.push({ path, message: `"${String(value)}" is not a date-time` });
  return date;
}

/** The input as user fields, checked; throws every issue at once. */
function userFields(input: UpdateUserInput): Partial<UserFields> {
  const issues: FieldIssue[] = [];
  const { outOfOfficeUntil, ...rest } = input;
  const ooo = instant(outOfOfficeUntil, '/outOfOfficeUntil', issues);
  const candidate: Partial<UserFields> = { ...rest, ...(ooo !== undefined && { outOfOfficeUntil: ooo }) };
  for (const key of Object.keys(candidate) as (keyof UserFields)[])
    if (candidate[key] === undefined) delete candidate[key];
  const { value, issues: more } = normalizeUserFields(candidate);
  issues.push(...more);
  if (issues.length > 0) throw new ValidationError('The user is invalid', issues);
  return value;
}

/** Team, manager and email uniqueness: the rules that need the store. */
async function checkUserReferences(
  trx: Trx,
  fields: Partial<UserFields>,
  userId: string | undefined,
): Promise<void> {
  const issues: FieldIssue[] = [];
  if (fields.teamId && !(await store.findTeam(trx, fields.teamId)))
    issues.push({ path: '/teamId', message: `no team ${fields.teamId}` });
  if (fields.calendarId && !(await store.calendarExists(trx, fields.calendarId)))
    issues.push({ path: '/calendarId', message: `no calendar ${fields.calendarId}` });
  if (fields.managerUserId) {
    if (fields.managerUserId === userId)
      issues.push({ path: '/managerUserId', message: 'a user cannot manage themselves' });
    else if (!(await store.findUser(trx, fields.managerUserId))) {
      issues.push({ path: '/managerUserId', message: `no user ${fields.managerUserId}` });
    } else if (userId && wouldCycle(userId, fields.managerUserId, await store.listManagerEdges(trx))) {
      issues.push({
        path: '/managerUserId',
        message: `${fields.managerUserId} reports to ${userId}: this would make a loop`,
      });
    }
  }
  if (issues.length > 0)
    throw new ValidationError('The user refers to something that does not exist', issues);
  if (fields.email !== undefined) {
    const existing = await store.findUserByEmail(trx, fields.email);
    if (existing && existing.id !== userId)
      throw duplicate('/email', `${fields.email} is already the email of user ${existing.id}`);
  }
}

export async function createUser(ctx: Ctx, input: CreateUserInput, actor: Principal): Promise<User> {
  const fields = userFields(input) as UserFields;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkUserReferences(trx, fields, undefined);
    const user = await store.insertUser(trx, {
      id: ctx.ids.next('usr'),
      now,
      email: fields.email,
      name: fields.name,
      role: fields.role,
      timeZone: fields.timeZone,
      teamId: fields.teamId ?? null,
      managerUserId: fields.managerUserId ?? null,
      segment: fields.segment ?? null,
      territory: fields.territory ?? null,
      active: fields.active ?? true,
      outOfOfficeUntil: fields.outOfOfficeUntil ?? null,
      capacityPerDay: fields.capacityPerDay ?? null,
      routingWeight: fields.routingWeight ?? 1,
      calendarId: fields.calendarId ?? null,
    });
    await audit(trx, actor, now, 'user.created', 'user', user.id, { email: user.email, role: user.role });
    return user;
  });
}

/** Users are never deleted (history points at them): `active: false` deactivates one. */
export async function updateUser(
  ctx: Ctx,
  id: string,
  input: UpdateUserInput,
  actor: Principal,
): Promise<User> {
  const fields = userFields(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await store.lockUser(trx, id);
    if (!before) throw new NotFoundError('User', id);
    await checkUserReferences(trx, fields, id);
    const user = await store.updateUser(trx, id, fields, now);
    const action = before.active && user.active === false ? 'user.deactivated' : 'user.updated';
    await audit(trx, actor, now, action, 'user', id, { fields: Object.keys(fields) });
    return user;
  });
}

export function getUser(ctx: Ctx, id: string): Promise<User> {
  return store.getUser(ctx.db, id);
}

export function listUsers(
  ctx: Ctx,
  filter: store.UserFilter,
  page: Partial<PageRequest>,
): Promise<Page<User>> {
  const email = filter.email === undefined ? undefined : normalizeEmail(filter.email);
  return store.listUsers(ctx.db, { ...filter, email }, page);
}

// ---- teams

function teamFields(input: UpdateTeamInput): Partial<TeamFields> {
  const candidate: Partial<TeamFields> = { ...input };
  for (const key of Object.keys(candidate) as (keyof TeamFields)[])
    if (candidate[key] === undefined) delete candidate[key];
  const { value, issues } = normalizeTeamFields(candidate);
  if (issues.length > 0) throw new ValidationError('The team is invalid', issues);
  return value;
}

async function checkTeamReferences(
  trx: Trx,
  fields: Partial<TeamFields>,
  teamId: string | undefined,
): Promise<void> {
  if (fields.managerUserId && !(await store.findUser(trx, fields.managerUserId))) {
    throw ValidationError.field('/managerUserId', `no user ${fields.managerUserId}`);
  }
  if (fields.calendarId && !(await store.calendarExists(trx, fields.calendarId))) {
    throw ValidationError.field('/calendarId', `no calendar ${fields.calendarId}`);
  }
  if (fields.name !== undefined) {
    const existing = await store.findTeamByName(trx, fields.name);
    if (existing && existing.id !== teamId)
      throw duplicate('/name', `"${fields.name}" is already the name of team ${existing.id}`);
  }
}

export async function createTeam(ctx: Ctx, input: CreateTeamInput, actor: Principal): Promise<Team> {
  const fields = teamFields(input) as TeamFields;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkTeamReferences(trx, fields, undefined);
    const team = await store.insertTeam(trx, {
      id: ctx.ids.next('team'),
      now,
      name: fields.name,
      function: fields.function,
      managerUserId: fields.managerUserId ?? null,
      calendarId: fields.calendarId ?? null,
    });
    await audit(trx, actor, now, 'team.created', 'team', team.id, { name: team.name });
    return team;
  });
}

export async function updateTeam(
  ctx: Ctx,
  id: string,
  input: UpdateTeamInput,
  actor: Principal,
): Promise<Team> {
  const fields = teamFields(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await store.lockTeam(trx, id))) throw new NotFoundError('Team', id);
    await checkTeamReferences(trx, fields, id);
    const team = await store.updateTeam(trx, id, fields, now);
    await audit(trx, actor, now, 'team.updated', 'team', id, { fields: Object.keys(fields) });
    return team;
  });
}

/** Only an empty team goes: members would otherwise point at nothing. */
export async function deleteTeam(ctx: Ctx, id: string, actor: Principal): Promise<Team> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const team = await store.lockTeam(trx, id);
    if (!team) throw new NotFoundError('Team', id);
    const members = await store.countTeamMembers(trx, id);
    if (members > 0) {
      throw new ConflictError(
        `Team ${id} still has ${members} member(s): move them to another team first`,
        'team_not_empty',
        {
          members,
        },
      );
    }
    await store.deleteTeam(trx, id);
    await audit(trx, actor, now, 'team.deleted', 'team', id, { name: team.name });
    return team;
  });
}

export function getTeam(ctx: Ctx, id: string): Promise<Team> {
  return store.getTeam(ctx.db, id);
}

export function listTeams(
  ctx: Ctx,
  filter: store.TeamFilter,
  page: Partial<PageRequest>,
): Promise<Page<Team>> {
  return store.listTeams(ctx.db, filter, page);
}
