import type { Selectable } from 'kysely';
import { NotFoundError } from '../core/index.js';
import type { ActionItemTable, Db, MeetingTable } from '../store/index.js';
import {
  type ActionItem,
  type ActionStatus,
  type Agenda,
  type CadenceSettings,
  isOverdue,
  type Meeting,
  type MeetingKind,
  type MeetingSeries,
} from './model.js';

export async function findCadence(db: Db): Promise<CadenceSettings | undefined> {
  const row = await db.selectFrom('meeting_cadence').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ? { timeZone: row.time_zone, series: row.series as MeetingSeries[] } : undefined;
}

export async function saveCadence(db: Db, cadence: CadenceSettings, at: Date): Promise<void> {
  const values = { time_zone: cadence.timeZone, series: JSON.stringify(cadence.series), updated_at: at };
  await db
    .insertInto('meeting_cadence')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

function toMeeting(row: Selectable<MeetingTable>): Meeting {
  return {
    id: row.id,
    kind: row.kind as MeetingKind,
    date: row.date,
    startsAt: row.starts_at,
    title: row.title,
    notes: row.notes,
    agendaGeneratedAt: row.agenda_generated_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertMeeting(db: Db, m: Meeting): Promise<Meeting | undefined> {
  const row = await db
    .insertInto('meetings')
    .values({
      id: m.id,
      kind: m.kind,
      date: m.date,
      starts_at: m.startsAt,
      title: m.title,
      agenda: null,
      agenda_generated_at: null,
      notes: m.notes,
      created_by: m.createdBy,
      created_at: m.createdAt,
      updated_at: m.updatedAt,
    })
    .onConflict((oc) => oc.columns(['kind', 'date']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

export async function findMeetingOn(db: Db, kind: MeetingKind, date: string): Promise<Meeting | undefined> {
  const row = await db
    .selectFrom('meetings')
    .selectAll()
    .where('kind', '=', kind)
    .where('date', '=', date)
    .executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

export async function getMeeting(db: Db, id: string): Promise<Meeting> {
  const row = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Meeting', id);
  return toMeeting(row);
}

export async function getAgenda(db: Db, id: string): Promise<Agenda | null> {
  const row = await db.selectFrom('meetings').select('agenda').where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Meeting', id);
  if (!row.agenda) return null;
  const a = row.agenda as unknown as Agenda;
  return { ...a, startsAt: new Date(a.startsAt), generatedAt: new Date(a.generatedAt) };
}

export async function saveAgenda(db: Db, id: string, agenda: Agenda, at: Date): Promise<void> {
  await db
    .updateTable('meetings')
    .set({ agenda: JSON.stringify(agenda), agenda_generated_at: agenda.generatedAt, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function updateNotes(db: Db, id: string, notes: string | null, at: Date): Promise<void> {
  await db.updateTable('meetings').set({ notes, updated_at: at }).where('id', '=', id).execute();
}

/** Meetings in a range of days (both included), earliest first. */
export async function listMeetings(
  db: Db,
  filter: {
    kind?: MeetingKind | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
  },
): Promise<Meeting[]> {
  let q = db.selectFrom('meetings').selectAll();
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.from) q = q.where('date', '>=', filter.from);
  if (filter.to) q = q.where('date', '<=', filter.to);
  const rows = await q.orderBy('starts_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toMeeting).reverse();
}

type ItemRow = Selectable<ActionItemTable> & { owner_name: string | null; team_name: string | null };

function toItem(row: ItemRow, today: string): ActionItem {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    title: row.title,
    ownerUserId: row.owner_user_id,
    ownerName: row.owner_name,
    teamId: row.team_id,
    teamName: row.team_name,
    dueOn: row.due_on,
    status: row.status as ActionStatus,
    completedAt: row.completed_at,
    completedBy: row.completed_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    overdue: isOverdue({ status: row.status, dueOn: row.due_on }, today),
  };
}

export async function insertActionItem(db: Db, item: ActionItem, today: string): Promise<ActionItem> {
  await db
    .insertInto('action_items')
    .values({
      id: item.id,
      meeting_id: item.meetingId,
      title: item.title,
      owner_user_id: item.ownerUserId,
      team_id: item.teamId,
      due_on: item.dueOn,
      status: item.status,
      completed_at: item.completedAt,
      completed_by: item.completedBy,
      created_at: item.createdAt,
      updated_at: item.updatedAt,
    })
    .execute();
  return getActionItem(db, item.id, today);
}

/** Action items with the names of their owner and team. */
function items(db: Db) {
  return db
    .selectFrom('action_items as i')
    .leftJoin('users as u', 'u.id', 'i.owner_user_id')
    .leftJoin('teams as t', 't.id', 'i.team_id')
    .selectAll('i')
    .select(['u.name as owner_name', 't.name as team_name']);
}

export async function getActionItem(db: Db, id: string, today: string): Promise<ActionItem> {
  const row = await items(db).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Action item', id);
  return toItem(row, today);
}

export async function updateActionItem(
  db: Db,
  id: string,
  set: Partial<{
    title: string;
    owner_user_id: string | null;
    team_id: string | null;
    due_on: string;
    status: ActionStatus;
    completed_at: Date | null;
    completed_by: string | null;
  }>,
  at: Date,
  today: string,
): Promise<ActionItem> {
  await db
    .updateTable('action_items')
    .set({ ...set, updated_at: at })
    .where('id', '=', id)
    .execute();
  return getActionItem(db, id, today);
}

export interface ActionFilter {
  ownerUserId?: string | undefined;
  status?: ActionStatus | undefined;
  overdue?: boolean | undefined;
  meetingId?: string | undefined;
  limit: number;
}

/** Action items by due day (earliest first); `overdue` means open and due before `today`. */
export async function listActionItems(db: Db, f: ActionFilter, today: string): Promise<ActionItem[]> {
  let q = items(db);
  if (f.ownerUserId) q = q.where('i.owner_user_id', '=', f.ownerUserId);
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.meetingId) q = q.where('i.meeting_id', '=', f.meetingId);
  if (f.overdue === true) q = q.where('i.status', '=', 'open').where('i.due_on', '<', today);
  if (f.overdue === false)
    q = q.where((eb) => eb.or([eb('i.status', '=', 'done'), eb('i.due_on', '>=', today)]));
  const rows = await q.orderBy('i.due_on').orderBy('i.id').limit(f.limit).execute();
  return rows.map((r) => toItem(r, today));
}

/** Open action items of meetings held before `date`, with their meeting and owner's name. */
export async function openItemsBefore(
  db: Db,
  date: string,
): Promise<
  {
    id: string;
    title: string;
    owner: string | null;
    dueOn: string;
    meetingId: string;
    meetingTitle: string;
    meetingDate: string;
    kind: MeetingKind;
  }[]
> {
  const rows = await db
    .selectFrom('action_items as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .leftJoin('users as u', 'u.id', 'i.owner_user_id')
    .leftJoin('teams as t', 't.id', 'i.team_id')
    .select([
      'i.id',
      'i.title',
      'i.due_on',
      'm.id as meeting_id',
      'm.title as meeting_title',
      'm.date',
      'm.kind',
    ])
    .select(['u.name as owner', 't.name as team'])
    .where('i.status', '=', 'open')
    .where('m.date', '<', date)
    .orderBy('i.due_on')
    .orderBy('i.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    owner: r.owner ?? r.team ?? null,
    dueOn: r.due_on,
    meetingId: r.meeting_id,
    meetingTitle: r.meeting_title,
    meetingDate: r.date,
    kind: r.kind as MeetingKind,
  }));
}
