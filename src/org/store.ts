import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { type Db, paginate, type TeamRow, type UserRow } from '../store/index.js';
import type { Team, TeamFields, TeamFunction, User, UserFields, UserRole } from './model.js';

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as UserRole,
    teamId: row.team_id,
    managerUserId: row.manager_user_id,
    segment: row.segment,
    territory: row.territory,
    timeZone: row.time_zone,
    active: row.active,
    outOfOfficeUntil: row.out_of_office_until,
    capacityPerDay: row.capacity_per_day,
    routingWeight: row.routing_weight,
    calendarId: row.calendar_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toTeam(row: TeamRow): Team {
  return {
    id: row.id,
    name: row.name,
    function: row.function as TeamFunction,
    managerUserId: row.manager_user_id,
    calendarId: row.calendar_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** camelCase fields to the columns that store them; absent fields are left out. */
function userColumns(fields: Partial<UserFields>) {
  return {
    ...(fields.email !== undefined && { email: fields.email }),
    ...(fields.name !== undefined && { name: fields.name }),
    ...(fields.role !== undefined && { role: fields.role }),
    ...(fields.teamId !== undefined && { team_id: fields.teamId }),
    ...(fields.managerUserId !== undefined && { manager_user_id: fields.managerUserId }),
    ...(fields.segment !== undefined && { segment: fields.segment }),
    ...(fields.territory !== undefined && { territory: fields.territory }),
    ...(fields.timeZone !== undefined && { time_zone: fields.timeZone }),
    ...(fields.active !== undefined && { active: fields.active }),
    ...(fields.outOfOfficeUntil !== undefined && { out_of_office_until: fields.outOfOfficeUntil }),
    ...(fields.capacityPerDay !== undefined && { capacity_per_day: fields.capacityPerDay }),
    ...(fields.routingWeight !== undefined && { routing_weight: fields.routingWeight }),
    ...(fields.calendarId !== undefined && { calendar_id: fields.calendarId }),
  };
}

// ---- users

export async function insertUser(db: Db, user: UserFields & { id: string; now: Date }): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      id: user.id,
      ...userColumns(user),
      email: user.email,
      name: user.name,
      role: user.role,
      time_zone: user.timeZone,
      created_at: user.now,
      updated_at: user.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function findUser(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function getUser(db: Db, id: string): Promise<User> {
  const user = await findUser(db, id);
  if (!user) throw new NotFoundError('User', id);
  return user;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row && toUser(row);
}

/** Locks the user's row for the rest of the transaction; undefined when absent. */
export async function lockUser(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row && toUser(row);
}

export async function updateUser(db: Db, id: string, fields: Partial<UserFields>, now: Date): Promise<User> {
  const row = await db
    .updateTable('users')
    .set({ ...userColumns(fields), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('User', id);
  return toUser(row);
}

/** Every user's manager, to check that a new manager does not close a loop. */
export async function listManagerEdges(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('users').select(['id', 'manager_user_id']).execute();
  return new Map(rows.map((r) => [r.id, r.manager_user_id]));
}

export interface UserFilter {
  role?: string | undefined;
  teamId?: string | undefined;
  managerUserId?: string | undefined;
  active?: boolean | undefined;
  segment?: string | undefined;
  territory?: string | undefined;
  email?: string | undefined;
}

export async function listUsers(db: Db, filter: UserFilter, page: Partial<PageRequest>): Promise<Page<User>> {
  let query = db.selectFrom('users').selectAll();
  if (filter.role !== undefined) query = query.where('role', '=', filter.role);
  if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
  if (filter.managerUserId !== undefined) query = query.where('manager_user_id', '=', filter.managerUserId);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.segment !== undefined) query = query.where('segment', '=', filter.segment);
  if (filter.territory !== undefined) query = query.where('territory', '=', filter.territory);
  if (filter.email !== undefined) query = query.where('email', '=', filter.email);
  const result = await paginate(query, 'users', page);
  return { items: result.items.map(toUser), nextCursor: result.nextCursor };
}

// ---- teams

export async function insertTeam(db: Db, team: TeamFields & { id: string; now: Date }): Promise<Team> {
  const row = await db
    .insertInto('teams')
    .values({
      id: team.id,
      name: team.name,
      function: team.function,
      manager_user_id: team.managerUserId,
      calendar_id: team.calendarId,
      created_at: team.now,
      updated_at: team.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTeam(row);
}

export async function findTeam(db: Db, id: string): Promise<Team | undefined> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTeam(row);
}

export async function getTeam(db: Db, id: string): Promise<Team> {
  const team = await findTeam(db, id);
  if (!team) throw new NotFoundError('Team', id);
  return team;
}

export async function findTeamByName(db: Db, name: string): Promise<Team | undefined> {
  const row = await db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toTeam(row);
}

export async function lockTeam(db: Db, id: string): Promise<Team | undefined> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row && toTeam(row);
}

export async function updateTeam(db: Db, id: string, fields: Partial<TeamFields>, now: Date): Promise<Team> {
  const row = await db
    .updateTable('teams')
    .set({
      ...(fields.name !== undefined && { name: fields.name }),
      ...(fields.function !== undefined && { function: fields.function }),
      ...(fields.managerUserId !== undefined && { manager_user_id: fields.managerUserId }),
      ...(fields.calendarId !== undefined && { calendar_id: fields.calendarId }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Team', id);
  return toTeam(row);
}

/** A business calendar exists (sla owns the table; org only points at it). */
export async function calendarExists(db: Db, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('calendars').select('id').where('id', '=', id).executeTakeFirst());
}

export async function deleteTeam(db: Db, id: string): Promise<void> {
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

export async function countTeamMembers(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface TeamFilter {
  function?: string | undefined;
  managerUserId?: string | undefined;
}

export async function listTeams(db: Db, filter: TeamFilter, page: Partial<PageRequest>): Promise<Page<Team>> {
  let query = db.selectFrom('teams').selectAll();
  if (filter.function !== undefined) query = query.where('function', '=', filter.function);
  if (filter.managerUserId !== undefined) query = query.where('manager_user_id', '=', filter.managerUserId);
  const result = await paginate(query, 'teams', page);
  return { items: result.items.map(toTeam), nextCursor: result.nextCursor };
}
