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
import { type Db, recordAudit, referenceReadMany, type Trx } from '../store/index.js';
import {
  addBusinessTime,
  type BusinessCalendar,
  businessElapsed,
  defaultCalendar,
  describeHours,
  formatInstant,
  makeCalendar,
  parseDuration,
  parseInstant,
  subtractBusinessTime,
} from './business-calendar.js';
import * as store from './calendar-store.js';
import type { Calendar, CalendarFields } from './calendar-store.js';

export interface CreateCalendarInput {
  name: string;
  timeZone: string;
  /** `--hours` syntax: `Mon-Fri 09:00-17:00; Sat 10:00-14:00`. */
  hours: string;
  /** `YYYY-MM-DD` and yearly `MM-DD`, as a list or as `--holidays` text. */
  holidays?: string[] | string | undefined;
}

export type UpdateCalendarInput = Partial<CreateCalendarInput>;

/** The arithmetic form of a stored calendar. */
export function toBusinessCalendar(
  calendar: Pick<Calendar, 'timeZone' | 'hours' | 'holidays'>,
): BusinessCalendar {
  return makeCalendar(calendar);
}

/** The input checked and canonicalised; `before` supplies what an update leaves unchanged. */
function calendarFields(input: UpdateCalendarInput, before?: Calendar): Partial<CalendarFields> {
  const fields: Partial<CalendarFields> = {};
  if (input.name !== undefined) {
    fields.name = input.name.trim();
    if (fields.name === '') throw ValidationError.field('/name', 'must not be empty');
  }
  const checked = makeCalendar({
    timeZone: input.timeZone ?? before?.timeZone ?? '',
    hours: input.hours ?? before?.hours ?? '',
    holidays: input.holidays ?? before?.holidays,
  });
  if (input.timeZone !== undefined) fields.timeZone = checked.timeZone;
  if (input.hours !== undefined) fields.hours = describeHours(checked);
  if (input.holidays !== undefined) fields.holidays = [...checked.holidays];
  return fields;
}

async function checkName(trx: Trx, name: string | undefined, id: string | undefined): Promise<void> {
  if (name === undefined) return;
  const existing = await store.findCalendarByName(trx, name);
  if (existing && existing.id !== id)
    throw duplicate('/name', `"${name}" is already the name of calendar ${existing.id}`);
}

function audit(trx: Trx, actor: Principal, at: Date, action: string, id: string, details = {}) {
  return recordAudit(trx, {
    at,
    actorType: actor.kind,
    actorId: actor.id,
    action,
    subjectType: 'calendar',
    subjectId: id,
    details,
  });
}

export async function createCalendar(
  ctx: Ctx,
  input: CreateCalendarInput,
  actor: Principal,
): Promise<Calendar> {
  const fields = calendarFields(input) as CalendarFields;
  fields.holidays ??= [];
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkName(trx, fields.name, undefined);
    const calendar = await store.insertCalendar(trx, { ...fields, id: ctx.ids.next('cal'), now });
    await audit(trx, actor, now, 'calendar.created', calendar.id, { name: calendar.name });
    return calendar;
  });
}

export async function updateCalendar(
  ctx: Ctx,
  id: string,
  input: UpdateCalendarInput,
  actor: Principal,
): Promise<Calendar> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await store.lockCalendar(trx, id);
    if (!before) throw new NotFoundError('Calendar', id);
    const fields = calendarFields(input, before);
    await checkName(trx, fields.name, id);
    const calendar = await store.updateCalendar(trx, id, fields, now);
    await audit(trx, actor, now, 'calendar.updated', id, { fields: Object.keys(fields) });
    return calendar;
  });
}

/** Only an unassigned calendar goes: users and teams would otherwise point at nothing. */
export async function deleteCalendar(ctx: Ctx, id: string, actor: Principal): Promise<Calendar> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const calendar = await store.lockCalendar(trx, id);
    if (!calendar) throw new NotFoundError('Calendar', id);
    const assigned = await store.countCalendarAssignments(trx, id);
    if (assigned.users > 0 || assigned.teams > 0)
      throw new ConflictError(
        `Calendar ${id} is worked by ${assigned.users} user(s) and ${assigned.teams} team(s): assign them another first`,
        'calendar_in_use',
        assigned,
      );
    await store.deleteCalendar(trx, id);
    await audit(trx, actor, now, 'calendar.deleted', id, { name: calendar.name });
    return calendar;
  });
}

export function getCalendar(ctx: Ctx, id: string): Promise<Calendar> {
  return store.getCalendar(ctx.db, id);
}

/** By id, else by name (the CLI's `--calendar <id|name>`). */
export async function findCalendarByRef(ctx: Ctx, ref: string): Promise<Calendar> {
  const calendar = (await store.findCalendar(ctx.db, ref)) ?? (await store.findCalendarByName(ctx.db, ref));
  if (!calendar) throw new NotFoundError('Calendar', ref);
  return calendar;
}

export function listCalendars(ctx: Ctx, page: Partial<PageRequest>): Promise<Page<Calendar>> {
  return store.listCalendars(ctx.db, page);
}

// ---- the calendars people are measured in

/** A user's calendar: their own, else their team's, else Mon-Fri 09:00-17:00 in their time zone. */
export async function effectiveCalendar(db: Db, userId: string): Promise<BusinessCalendar> {
  const calendar = (await calendarsForUsers(db, [userId])).get(userId);
  if (!calendar) throw new NotFoundError('User', userId);
  return calendar;
}

/** `effectiveCalendar` for many users in two queries; unknown ids are left out of the map. */
export async function calendarsForUsers(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, BusinessCalendar>> {
  // Within an ingestion pass, a user's calendar is compiled once a reference version.
  return referenceReadMany(db, 'sla:user-calendar', userIds, (missing) => compileCalendars(db, missing));
}

async function compileCalendars(db: Db, userIds: readonly string[]): Promise<Map<string, BusinessCalendar>> {
  const sources = await store.listUserCalendarSources(db, userIds);
  const compiled = new Map<string, BusinessCalendar>();
  const result = new Map<string, BusinessCalendar>();
  for (const { userId, timeZone, own, team } of sources) {
    const stored = own ?? team;
    const key = stored ? stored.id : `default:${timeZone}`;
    let calendar = compiled.get(key);
    if (!calendar) {
      // One object per calendar, so the arithmetic's per-calendar cache is shared by its users.
      calendar = stored ? toBusinessCalendar(stored) : defaultCalendar(timeZone);
      compiled.set(key, calendar);
    }
    result.set(userId, calendar);
  }
  return result;
}

// ---- arithmetic for scripts

export interface DueInput {
  start: string;
  add?: string | undefined;
  subtract?: string | undefined;
}

/** `start ± duration` in the calendar, as ISO 8601 with the calendar's offset. */
export function dueIn(
  calendar: BusinessCalendar,
  input: DueInput,
  names = { start: '/start', add: '/add', subtract: '/subtract' },
): { due: string } {
  if ((input.add === undefined) === (input.subtract === undefined))
    throw ValidationError.field(names.add, `give exactly one of ${names.add} and ${names.subtract}`);
  const start = parseInstant(input.start, calendar.timeZone, names.start);
  const due =
    input.add !== undefined
      ? addBusinessTime(calendar, start, parseDuration(input.add, names.add))
      : subtractBusinessTime(calendar, start, parseDuration(input.subtract!, names.subtract));
  return { due: formatInstant(calendar, due) };
}

/** Business time between two instants in seconds; negative when `to` is earlier. */
export function elapsedIn(
  calendar: BusinessCalendar,
  input: { from: string; to: string },
  names = { from: '/from', to: '/to' },
): { seconds: number } {
  const from = parseInstant(input.from, calendar.timeZone, names.from);
  const to = parseInstant(input.to, calendar.timeZone, names.to);
  return { seconds: businessElapsed(calendar, from, to) / 1000 };
}

export async function calendarDue(ctx: Ctx, id: string, input: DueInput): Promise<{ due: string }> {
  return dueIn(toBusinessCalendar(await store.getCalendar(ctx.db, id)), input);
}

export async function calendarElapsed(
  ctx: Ctx,
  id: string,
  input: { from: string; to: string },
): Promise<{ seconds: number }> {
  return elapsedIn(toBusinessCalendar(await store.getCalendar(ctx.db, id)), input);
}
