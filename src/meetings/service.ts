import { can, type Principal } from '../access/index.js';
import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { ConflictError, ForbiddenError, isCalendarDay, ValidationError } from '../core/index.js';
import { findTeam, findUser } from '../org/index.js';
import { recordAudit } from '../store/index.js';
import { generateItems } from './agenda.js';
import {
  type ActionItem,
  type ActionStatus,
  type Agenda,
  type CadenceSettings,
  carriedOver,
  defaultCadence,
  editCadence,
  isMeetingKind,
  localDay,
  type Meeting,
  type MeetingKind,
  type MeetingSeries,
  nextOccurrences,
  type Occurrence,
  reviewPeriod,
  type SeriesEdit,
  seriesOf,
  startsAt,
} from './model.js';
import * as store from './store.js';

export async function loadCadence(ctx: Ctx): Promise<CadenceSettings> {
  return (await store.findCadence(ctx.db)) ?? defaultCadence();
}

export interface CadenceView {
  timeZone: string;
  series: (MeetingSeries & { next: Occurrence[] })[];
}

/** The four series of seed 001 (or the organisation's edits) with their next three meetings. */
export async function getCadence(ctx: Ctx): Promise<CadenceView> {
  const cadence = await loadCadence(ctx);
  const now = ctx.clock.now();
  return {
    timeZone: cadence.timeZone,
    series: cadence.series.map((s) => ({ ...s, next: nextOccurrences(s, cadence.timeZone, now, 3) })),
  };
}

export async function updateCadence(
  ctx: Ctx,
  edit: { timeZone?: string | undefined; series?: Partial<Record<string, SeriesEdit>> | undefined },
  actor: Principal,
): Promise<CadenceView> {
  const next = editCadence(await loadCadence(ctx), edit);
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await store.saveCadence(trx, next, at);
    await recordAudit(trx, {
      at,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'meeting_cadence.updated',
      subjectType: 'meeting_cadence',
      subjectId: '1',
      details: { edit },
    });
  });
  return getCadence(ctx);
}

/** Today in the organisation's zone: an action item due before it is overdue. */
async function today(ctx: Ctx): Promise<string> {
  return localDay(ctx.clock.now(), (await loadCadence(ctx)).timeZone);
}

/** Builds the agenda of a meeting from live data, as of its start (or now, if earlier). */
async function buildAgenda(ctx: Ctx, meeting: Meeting, cadence: CadenceSettings): Promise<Agenda> {
  const series = seriesOf(cadence, meeting.kind);
  const period = reviewPeriod(series, meeting.date, cadence.timeZone);
  const now = ctx.clock.now();
  const asOf = new Date(Math.min(now.getTime(), period.end.getTime(), meeting.startsAt.getTime()));
  const { document } = await getActiveAgreement(ctx.db, ctx.clock);
  const items = await generateItems({
    ctx,
    series,
    period,
    asOf,
    currency: document.targets.revenuePerPeriod.currency,
  });
  const open = await store.openItemsBefore(ctx.db, meeting.date);
  return {
    meetingId: meeting.id,
    kind: meeting.kind,
    title: meeting.title,
    date: meeting.date,
    startsAt: meeting.startsAt,
    durationMinutes: series.durationMinutes,
    attendees: series.attendees,
    output: series.output,
    period: { label: period.label, from: period.from, to: period.to },
    generatedAt: now,
    items,
    carriedOver: carriedOver(open, meeting.kind, meeting.date).map(
      ({ id, title, owner, dueOn, overdue, meetingId, meetingTitle }) => ({
        id,
        title,
        owner,
        dueOn,
        overdue,
        meetingId,
        meetingTitle,
      }),
    ),
  };
}

export interface CreateMeetingInput {
  kind: string;
  date: string;
  notes?: string | null | undefined;
}

/**
 * A meeting of a series on a local day, with its agenda generated at once from live data;
 * one meeting a series a day (a second is a conflict naming the first).
 */
export async function createMeeting(
  ctx: Ctx,
  input: CreateMeetingInput,
  actor: Principal,
): Promise<{ meeting: Meeting; agenda: Agenda }> {
  if (!isMeetingKind(input.kind)) throw ValidationError.field('/kind', `must be one of the cadence's series`);
  if (!isCalendarDay(input.date)) throw ValidationError.field('/date', `must be a day like 2026-10-05`);
  const cadence = await loadCadence(ctx);
  const series = seriesOf(cadence, input.kind);
  const now = ctx.clock.now();
  const meeting = await store.insertMeeting(ctx.db, {
    id: ctx.ids.next('mtg'),
    kind: input.kind,
    date: input.date,
    startsAt: startsAt(series, input.date, cadence.timeZone),
    title: `${series.name} — ${input.date}`,
    notes: input.notes ?? null,
    agendaGeneratedAt: null,
    createdBy: actor.userId ?? actor.name,
    createdAt: now,
    updatedAt: now,
  });
  if (!meeting) {
    const existing = await store.findMeetingOn(ctx.db, input.kind, input.date);
    throw new ConflictError(
      `A ${series.name} on ${input.date} exists already: ${existing?.id}`,
      'meeting_exists',
      {
        id: existing?.id,
      },
    );
  }
  const agenda = await buildAgenda(ctx, meeting, cadence);
  await store.saveAgenda(ctx.db, meeting.id, agenda, now);
  return { meeting: { ...meeting, agendaGeneratedAt: agenda.generatedAt }, agenda };
}

/** Generates the agenda again from the data as it is now (the snapshot is replaced). */
export async function regenerateAgenda(ctx: Ctx, id: string): Promise<Agenda> {
  const meeting = await store.getMeeting(ctx.db, id);
  const agenda = await buildAgenda(ctx, meeting, await loadCadence(ctx));
  await store.saveAgenda(ctx.db, id, agenda, ctx.clock.now());
  return agenda;
}

/** The agenda as generated (the stored snapshot); one is generated if it never was. */
export async function meetingAgenda(ctx: Ctx, id: string): Promise<Agenda> {
  return (await store.getAgenda(ctx.db, id)) ?? regenerateAgenda(ctx, id);
}

export async function getMeeting(ctx: Ctx, id: string): Promise<Meeting & { actionItems: ActionItem[] }> {
  const meeting = await store.getMeeting(ctx.db, id);
  const actionItems = await store.listActionItems(ctx.db, { meetingId: id, limit: 500 }, await today(ctx));
  return { ...meeting, actionItems };
}

export async function listMeetings(
  ctx: Ctx,
  filter: {
    kind?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit?: number | undefined;
  },
): Promise<Meeting[]> {
  if (filter.kind !== undefined && !isMeetingKind(filter.kind))
    throw ValidationError.field('/kind', `must be one of the cadence's series`);
  for (const field of ['from', 'to'] as const) {
    const v = filter[field];
    if (v !== undefined && !isCalendarDay(v))
      throw ValidationError.field(`/${field}`, 'must be a day like 2026-10-05');
  }
  return store.listMeetings(ctx.db, {
    ...filter,
    kind: filter.kind as MeetingKind | undefined,
    limit: filter.limit ?? 100,
  });
}

/** Notes or minutes of the meeting (replacing the previous text; null clears). */
export async function setNotes(
  ctx: Ctx,
  id: string,
  notes: string | null,
  actor: Principal,
): Promise<Meeting> {
  await store.getMeeting(ctx.db, id);
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await store.updateNotes(trx, id, notes?.trim() ? notes : null, at);
    await recordAudit(trx, {
      at,
      actorType: actor.kind,
      actorId: actor.id,
      action: 'meeting.notes',
      subjectType: 'meeting',
      subjectId: id,
      details: {},
    });
  });
  return store.getMeeting(ctx.db, id);
}

export interface ActionItemInput {
  title: string;
  ownerUserId?: string | null | undefined;
  teamId?: string | null | undefined;
  dueOn: string;
}

async function checkOwner(ctx: Ctx, input: Partial<ActionItemInput>): Promise<void> {
  if (input.ownerUserId && !(await findUser(ctx.db, input.ownerUserId)))
    throw ValidationError.field('/ownerUserId', `no user ${input.ownerUserId}`);
  if (input.teamId && !(await findTeam(ctx.db, input.teamId)))
    throw ValidationError.field('/teamId', `no team ${input.teamId}`);
  if (input.dueOn !== undefined && !isCalendarDay(input.dueOn))
    throw ValidationError.field('/dueOn', 'must be a day like 2026-10-09');
  if (input.title !== undefined && !input.title.trim())
    throw ValidationError.field('/title', 'must not be empty');
}

export async function addActionItem(
  ctx: Ctx,
  meetingId: string,
  input: ActionItemInput,
): Promise<ActionItem> {
  await store.getMeeting(ctx.db, meetingId);
  await checkOwner(ctx, input);
  if (!input.ownerUserId && !input.teamId)
    throw ValidationError.field('/ownerUserId', 'an action item needs an owner: a user or a team');
  const now = ctx.clock.now();
  return store.insertActionItem(
    ctx.db,
    {
      id: ctx.ids.next('act_item'),
      meetingId,
      title: input.title.trim(),
      ownerUserId: input.ownerUserId ?? null,
      ownerName: null,
      teamId: input.teamId ?? null,
      teamName: null,
      dueOn: input.dueOn,
      status: 'open',
      completedAt: null,
      completedBy: null,
      createdAt: now,
      updatedAt: now,
      overdue: false,
    },
    await today(ctx),
  );
}

/** Managers of the cadence may change any item; anyone else only the items assigned to them. */
function mayChange(actor: Principal, item: ActionItem): void {
  if (can(actor.role, 'meetings:write')) return;
  if (actor.userId !== null && actor.userId === item.ownerUserId) return;
  throw new ForbiddenError(`Action item ${item.id} is not assigned to you`, { id: item.id });
}

export async function updateActionItem(
  ctx: Ctx,
  id: string,
  input: Partial<ActionItemInput> & { status?: ActionStatus | undefined },
  actor: Principal,
): Promise<ActionItem> {
  const day = await today(ctx);
  const item = await store.getActionItem(ctx.db, id, day);
  mayChange(actor, item);
  await checkOwner(ctx, input);
  const now = ctx.clock.now();
  const reopening = input.status === 'open' && item.status === 'done';
  const completing = input.status === 'done' && item.status === 'open';
  return store.updateActionItem(
    ctx.db,
    id,
    {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.ownerUserId !== undefined ? { owner_user_id: input.ownerUserId } : {}),
      ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
      ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(reopening ? { completed_at: null, completed_by: null } : {}),
      ...(completing ? { completed_at: now, completed_by: actor.userId ?? actor.name } : {}),
    },
    now,
    day,
  );
}

/** Done: by whom and when. Completing a done item again changes nothing. */
export async function completeActionItem(ctx: Ctx, id: string, actor: Principal): Promise<ActionItem> {
  const day = await today(ctx);
  const item = await store.getActionItem(ctx.db, id, day);
  mayChange(actor, item);
  if (item.status === 'done') return item;
  return updateActionItem(ctx, id, { status: 'done' }, actor);
}

export async function listActionItems(
  ctx: Ctx,
  filter: {
    owner?: string | undefined;
    status?: string | undefined;
    overdue?: boolean | undefined;
    meetingId?: string | undefined;
    limit?: number | undefined;
  },
  actor: Principal,
): Promise<ActionItem[]> {
  if (filter.status !== undefined && filter.status !== 'open' && filter.status !== 'done')
    throw ValidationError.field('/status', 'must be open or done');
  const owner = filter.owner === 'me' ? (actor.userId ?? '\u0000no-user') : filter.owner;
  return store.listActionItems(
    ctx.db,
    {
      ownerUserId: owner,
      status: filter.status as ActionStatus | undefined,
      overdue: filter.overdue,
      meetingId: filter.meetingId,
      limit: filter.limit ?? 200,
    },
    await today(ctx),
  );
}
