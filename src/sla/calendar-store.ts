import { NotFoundError, type Page, type PageRequest } from '../core/index.js';
import { anyText, type CalendarRow, type Db, paginate } from '../store/index.js';

/** A stored business calendar: a name, its zone, hours as canonical `--hours` text, holidays. */
export interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  hours: string;
  holidays: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type CalendarFields = Pick<Calendar, 'name' | 'timeZone' | 'hours' | 'holidays'>;

function toCalendar(row: CalendarRow): Calendar {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    hours: row.hours,
    holidays: row.holidays as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(fields: Partial<CalendarFields>) {
  return {
    ...(fields.name !== undefined && { name: fields.name }),
    ...(fields.timeZone !== undefined && { time_zone: fields.timeZone }),
    ...(fields.hours !== undefined && { hours: fields.hours }),
    ...(fields.holidays !== undefined && { holidays: JSON.stringify(fields.holidays) }),
  };
}

export async function insertCalendar(
  db: Db,
  calendar: CalendarFields & { id: string; now: Date },
): Promise<Calendar> {
  const row = await db
    .insertInto('calendars')
    .values({
      id: calendar.id,
      name: calendar.name,
      time_zone: calendar.timeZone,
      hours: calendar.hours,
      holidays: JSON.stringify(calendar.holidays),
      created_at: calendar.now,
      updated_at: calendar.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCalendar(row);
}

export async function findCalendar(db: Db, id: string): Promise<Calendar | undefined> {
  const row = await db.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toCalendar(row);
}

export async function getCalendar(db: Db, id: string): Promise<Calendar> {
  const calendar = await findCalendar(db, id);
  if (!calendar) throw new NotFoundError('Calendar', id);
  return calendar;
}

export async function findCalendarByName(db: Db, name: string): Promise<Calendar | undefined> {
  const row = await db.selectFrom('calendars').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toCalendar(row);
}

export async function lockCalendar(db: Db, id: string): Promise<Calendar | undefined> {
  const row = await db
    .selectFrom('calendars')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && toCalendar(row);
}

export async function updateCalendar(
  db: Db,
  id: string,
  fields: Partial<CalendarFields>,
  now: Date,
): Promise<Calendar> {
  const row = await db
    .updateTable('calendars')
    .set({ ...columns(fields), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Calendar', id);
  return toCalendar(row);
}

export async function deleteCalendar(db: Db, id: string): Promise<void> {
  await db.deleteFrom('calendars').where('id', '=', id).execute();
}

/** Users and teams that work this calendar. */
export async function countCalendarAssignments(
  db: Db,
  id: string,
): Promise<{ users: number; teams: number }> {
  const count = async (table: 'users' | 'teams') => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('calendar_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { users: await count('users'), teams: await count('teams') };
}

export async function listCalendars(db: Db, page: Partial<PageRequest>): Promise<Page<Calendar>> {
  const result = await paginate(db.selectFrom('calendars').selectAll(), 'calendars', page);
  return { items: result.items.map(toCalendar), nextCursor: result.nextCursor };
}

/** What decides each user's calendar: their zone, their own calendar, their team's. */
export interface UserCalendarSource {
  userId: string;
  timeZone: string;
  own: Calendar | undefined;
  team: Calendar | undefined;
}

export async function listUserCalendarSources(
  db: Db,
  userIds: readonly string[],
): Promise<UserCalendarSource[]> {
  if (userIds.length === 0) return [];
  const users = await db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.time_zone', 'users.calendar_id as own_id', 'teams.calendar_id as team_id'])
    .where('users.id', '=', anyText(new Set(userIds)))
    .execute();
  const ids = [...new Set(users.flatMap((u) => [u.own_id, u.team_id]).filter((id) => id !== null))];
  const calendars = new Map<string, Calendar>();
  if (ids.length > 0) {
    const rows = await db.selectFrom('calendars').selectAll().where('id', '=', anyText(ids)).execute();
    for (const row of rows) calendars.set(row.id, toCalendar(row));
  }
  return users.map((u) => ({
    userId: u.id,
    timeZone: u.time_zone,
    own: u.own_id === null ? undefined : calendars.get(u.own_id),
    team: u.team_id === null ? undefined : calendars.get(u.team_id),
  }));
}
