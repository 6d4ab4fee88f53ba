import { DateTime, IANAZone } from 'luxon';
import { type FieldIssue, ValidationError } from '../core/index.js';

/**
 * The meeting cadence of seed 001 ("Meeting Cadence"): four series with who attends, how
 * long, and the agenda, reproduced exactly as the defaults; when each next meets, in the
 * organisation's time zone; and which period each meeting reviews.
 */

export const MEETING_KINDS = [
  'pipeline_standup',
  'campaign_review',
  'funnel_health',
  'quarterly_planning',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const CADENCES = ['daily', 'weekly', 'monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** What an agenda item shows from live data; each has one generator in `agenda.ts`. */
export const TOPICS = [
  'mqls_delivered',
  'follow_up_priorities',
  'lead_quality_flags',
  'mql_volume_quality',
  'campaign_performance',
  'disposition_rates',
  'content_requests',
  'deal_inspection',
  'funnel_conversion',
  'sla_compliance',
  'pipeline_coverage',
  'attribution',
  'competitive_intelligence',
  'revenue_target_review',
  'icp_refinement',
  'scoring_recalibration',
  'campaign_planning',
  'discussion',
  'sla_renegotiation',
] as const;
export type Topic = (typeof TOPICS)[number];

export interface AgendaTemplateItem {
  title: string;
  topic: Topic;
}

export interface MeetingSeries {
  kind: MeetingKind;
  name: string;
  cadence: Cadence;
  durationMinutes: number;
  /** Who attends, by role or team, as the seed names them. */
  attendees: string[];
  agenda: AgendaTemplateItem[];
  /** What the meeting produces. */
  output: string[];
  /** Local wall-clock start, `HH:MM`, in the cadence's time zone. */
  startTime: string;
  /** ISO weekday (1 Monday .. 7 Sunday) of a weekly series; null otherwise. */
  weekday: number | null;
}

export interface CadenceSettings {
  /** The organisation's IANA time zone: occurrences and "today" are read in it. */
  timeZone: string;
  series: MeetingSeries[];
}

const HALF_DAY = 240;

/** Seed 001, "Meeting Cadence": every field as the seed words it. */
export const DEFAULT_SERIES: readonly MeetingSeries[] = [
  {
    kind: 'pipeline_standup',
    name: 'Pipeline Standup',
    cadence: 'daily',
    durationMinutes: 15,
    attendees: ['SDR team lead', 'Marketing campaign manager'],
    agenda: [
      { title: "Yesterday's MQLs delivered", topic: 'mqls_delivered' },
      { title: "Today's follow-up priorities", topic: 'follow_up_priorities' },
      { title: 'Any lead quality flags', topic: 'lead_quality_flags' },
    ],
    output: ['Real-time routing adjustments', 'Immediate feedback on campaign quality'],
    startTime: '09:00',
    weekday: null,
  },
  {
    kind: 'campaign_review',
    name: 'Campaign Performance Review',
    cadence: 'weekly',
    durationMinutes: 30,
    attendees: ['Marketing ops', 'Sales ops', '1 AE representative'],
    agenda: [
      { title: 'MQL volume and quality this week', topic: 'mql_volume_quality' },
      { title: 'Campaign performance by source', topic: 'campaign_performance' },
      { title: 'Lead disposition rates', topic: 'disposition_rates' },
      { title: 'Content requests', topic: 'content_requests' },
      // Seed 001, "Pipeline Review Agenda", section 2: the weekly review inspects the deals too.
      { title: 'Deal inspection', topic: 'deal_inspection' },
    ],
    output: ['Weekly scorecard', 'Content request queue updates'],
    startTime: '14:00',
    weekday: 5,
  },
  {
    kind: 'funnel_health',
    name: 'Funnel Health Review',
    cadence: 'monthly',
    durationMinutes: 60,
    attendees: ['VP Marketing', 'VP Sales', 'RevOps'],
    agenda: [
      { title: 'Full-funnel conversion rates', topic: 'funnel_conversion' },
      { title: 'SLA compliance', topic: 'sla_compliance' },
      { title: 'Pipeline coverage ratio', topic: 'pipeline_coverage' },
      { title: 'Attribution analysis', topic: 'attribution' },
      { title: 'Competitive intelligence debrief', topic: 'competitive_intelligence' },
    ],
    output: ['Monthly alignment report', 'SLA adjustments', 'Resource allocation decisions'],
    startTime: '10:00',
    weekday: null,
  },
  {
    kind: 'quarterly_planning',
    name: 'Strategic Planning',
    cadence: 'quarterly',
    durationMinutes: HALF_DAY,
    attendees: ['CMO', 'CRO', 'RevOps', 'team leads'],
    agenda: [
      { title: 'Revenue target review', topic: 'revenue_target_review' },
      { title: 'ICP refinement', topic: 'icp_refinement' },
      { title: 'Scoring model recalibration', topic: 'scoring_recalibration' },
      { title: 'Campaign planning', topic: 'campaign_planning' },
      { title: 'Technology stack evaluation', topic: 'discussion' },
      { title: 'SLA renegotiation', topic: 'sla_renegotiation' },
    ],
    output: ['Updated SLAs', 'Next-quarter campaign calendar', 'ICP documentation', 'Scoring model changes'],
    startTime: '09:00',
    weekday: null,
  },
];

export const DEFAULT_TIME_ZONE = 'UTC';

export function defaultCadence(): CadenceSettings {
  return { timeZone: DEFAULT_TIME_ZONE, series: structuredClone([...DEFAULT_SERIES]) };
}

/** "15 minutes", or the seed's "Half-day". */
export function durationLabel(minutes: number): string {
  return minutes === HALF_DAY ? 'Half-day' : `${minutes} minutes`;
}

export function isMeetingKind(value: string): value is MeetingKind {
  return (MEETING_KINDS as readonly string[]).includes(value);
}

/** An edit to one series: absent fields keep their value. */
export type SeriesEdit = Partial<Omit<MeetingSeries, 'kind' | 'cadence'>>;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Applies the edits, checking every field; the issues name `/series/<kind>/<field>`. */
export function editCadence(
  current: CadenceSettings,
  edit: { timeZone?: string | undefined; series?: Partial<Record<string, SeriesEdit>> | undefined },
): CadenceSettings {
  const issues: FieldIssue[] = [];
  const timeZone = edit.timeZone ?? current.timeZone;
  if (!IANAZone.isValidZone(timeZone))
    issues.push({ path: '/timeZone', message: `"${timeZone}" is not an IANA time zone (e.g. Europe/Paris)` });
  const series = current.series.map((s) => ({ ...s }));
  for (const [kind, change] of Object.entries(edit.series ?? {})) {
    const at = `/series/${kind}`;
    const target = series.find((s) => s.kind === kind);
    if (!target || !change) {
      issues.push({ path: at, message: `no meeting series "${kind}" (${MEETING_KINDS.join(', ')})` });
      continue;
    }
    Object.assign(target, Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)));
    if (!target.name.trim()) issues.push({ path: `${at}/name`, message: 'must not be empty' });
    if (
      !Number.isInteger(target.durationMinutes) ||
      target.durationMinutes < 5 ||
      target.durationMinutes > 480
    )
      issues.push({ path: `${at}/durationMinutes`, message: 'must be whole minutes from 5 to 480' });
    if (!TIME.test(target.startTime))
      issues.push({ path: `${at}/startTime`, message: `must be HH:MM, got "${target.startTime}"` });
    if (target.cadence === 'weekly' && (target.weekday === null || target.weekday < 1 || target.weekday > 7))
      issues.push({
        path: `${at}/weekday`,
        message: 'a weekly meeting needs a weekday from 1 (Monday) to 7',
      });
    if (target.cadence !== 'weekly') target.weekday = null;
    if (target.agenda.length === 0) issues.push({ path: `${at}/agenda`, message: 'needs at least one item' });
    target.agenda.forEach((item, i) => {
      if (!(TOPICS as readonly string[]).includes(item.topic))
        issues.push({ path: `${at}/agenda/${i}/topic`, message: `must be one of ${TOPICS.join(', ')}` });
      if (!item.title.trim()) issues.push({ path: `${at}/agenda/${i}/title`, message: 'must not be empty' });
    });
  }
  if (issues.length > 0) throw new ValidationError('The meeting cadence is not valid', issues);
  return { timeZone, series };
}

export function seriesOf(cadence: CadenceSettings, kind: MeetingKind): MeetingSeries {
  const series = cadence.series.find((s) => s.kind === kind);
  if (!series) throw ValidationError.field('/kind', `no meeting series "${kind}"`);
  return series;
}

const isBusinessDay = (d: DateTime) => d.weekday <= 5;

function firstBusinessDayOfMonth(d: DateTime): DateTime {
  let day = d.startOf('month');
  while (!isBusinessDay(day)) day = day.plus({ days: 1 });
  return day;
}

/** Whether the series meets on this local day (daily: business days Mon-Fri). */
export function meetsOn(series: MeetingSeries, day: DateTime): boolean {
  switch (series.cadence) {
    case 'daily':
      return isBusinessDay(day);
    case 'weekly':
      return day.weekday === series.weekday;
    case 'monthly':
      return day.hasSame(firstBusinessDayOfMonth(day), 'day');
    default:
      return day.month % 3 === 1 && day.hasSame(firstBusinessDayOfMonth(day), 'day');
  }
}

/** The instant a meeting of the series on local day `date` starts (its wall clock in `timeZone`). */
export function startsAt(series: MeetingSeries, date: string, timeZone: string): Date {
  const [hour, minute] = series.startTime.split(':').map(Number);
  const local = DateTime.fromISO(date, { zone: timeZone }).set({ hour, minute, second: 0, millisecond: 0 });
  return local.toJSDate();
}

export interface Occurrence {
  date: string;
  startsAt: Date;
}

/**
 * The next `count` meetings of the series starting at or after `from`, walking local days in
 * the zone, so a 09:00 standup stays at 09:00 across a DST change (08:00Z in winter in Paris,
 * 07:00Z in summer).
 */
export function nextOccurrences(
  series: MeetingSeries,
  timeZone: string,
  from: Date,
  count: number,
): Occurrence[] {
  const out: Occurrence[] = [];
  let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day');
  for (let i = 0; i < 800 && out.length < count; i += 1, day = day.plus({ days: 1 })) {
    if (!meetsOn(series, day)) continue;
    const date = day.toISODate() as string;
    const at = startsAt(series, date, timeZone);
    if (at.getTime() >= from.getTime()) out.push({ date, startsAt: at });
  }
  return out;
}

/** `YYYY-MM-DD` of `at` in the zone. */
export function localDay(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate() as string;
}

/** The business day before a local day (Monday -> Friday). */
export function previousBusinessDay(date: string): string {
  let day = DateTime.fromISO(date, { zone: 'UTC' }).minus({ days: 1 });
  while (!isBusinessDay(day)) day = day.minus({ days: 1 });
  return day.toISODate() as string;
}

/**
 * What a meeting on `date` reviews. The standup: since the start of the previous business
 * day, up to the meeting; the weekly review: the ISO week of the meeting; the monthly review:
 * the month before; quarterly planning: the quarter before (and the quarter ahead for coverage).
 */
export interface ReviewPeriod {
  label: string;
  /** Local day labels, both included. */
  from: string;
  to: string;
  /** Instants, `end` exclusive. */
  start: Date;
  end: Date;
}

export function reviewPeriod(
  series: MeetingSeries,
  date: string,
  timeZone: string,
): ReviewPeriod & { week?: string; month?: string; quarter?: string; nextQuarter?: string } {
  const day = DateTime.fromISO(date, { zone: timeZone });
  const meeting = startsAt(series, date, timeZone);
  if (series.cadence === 'daily') {
    const from = previousBusinessDay(date);
    return {
      label: `since ${from}`,
      from,
      to: date,
      start: DateTime.fromISO(from, { zone: timeZone }).toJSDate(),
      end: meeting,
    };
  }
  // The weekly, monthly and quarterly reports count calendar days in UTC; so do these periods.
  const utc = DateTime.fromISO(date, { zone: 'UTC' });
  if (series.cadence === 'weekly') {
    const monday = utc.startOf('week');
    const week = `${utc.weekYear}-W${String(utc.weekNumber).padStart(2, '0')}`;
    return span(week, monday, monday.plus({ weeks: 1 }), { week });
  }
  if (series.cadence === 'monthly') {
    const first = utc.startOf('month').minus({ months: 1 });
    const month = first.toFormat('yyyy-LL');
    return span(month, first, first.plus({ months: 1 }), { month });
  }
  const first = utc.startOf('quarter').minus({ quarters: 1 });
  const quarter = `${first.year}-Q${first.quarter}`;
  const ahead = day.setZone('UTC').startOf('quarter');
  return span(quarter, first, first.plus({ quarters: 1 }), {
    quarter,
    nextQuarter: `${ahead.year}-Q${ahead.quarter}`,
  });
}

function span<T extends object>(label: string, start: DateTime, end: DateTime, extra: T): ReviewPeriod & T {
  return {
    label,
    from: start.toISODate() as string,
    to: end.minus({ days: 1 }).toISODate() as string,
    start: start.toJSDate(),
    end: end.toJSDate(),
    ...extra,
  };
}

/** An action item is overdue when still open after its due day (in the organisation's zone). */
export function isOverdue(item: { status: string; dueOn: string }, today: string): boolean {
  return item.status === 'open' && item.dueOn < today;
}

/** One figure of an agenda item: a count, a share, a label or nothing known. */
export type Figure = number | string | null;

export interface AgendaItem {
  topic: Topic;
  title: string;
  /** The numbers the item is discussed with, by name (`mqls`, `mqlTarget`, ...). */
  figures: Record<string, Figure>;
  /** The item as the attendees read it. */
  lines: string[];
  table?: { headers: string[]; rows: string[][] } | undefined;
}

export interface CarriedActionItem {
  id: string;
  title: string;
  owner: string | null;
  dueOn: string;
  overdue: boolean;
  /** The meeting it was raised in. */
  meetingId: string;
  meetingTitle: string;
}

export interface Agenda {
  meetingId: string;
  kind: MeetingKind;
  title: string;
  date: string;
  startsAt: Date;
  durationMinutes: number;
  attendees: string[];
  output: string[];
  period: { label: string; from: string; to: string };
  generatedAt: Date;
  items: AgendaItem[];
  /** Open action items from earlier meetings of the series, and overdue ones from any meeting. */
  carriedOver: CarriedActionItem[];
}

export interface Meeting {
  id: string;
  kind: MeetingKind;
  date: string;
  startsAt: Date;
  title: string;
  notes: string | null;
  agendaGeneratedAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ACTION_STATUSES = ['open', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionItem {
  id: string;
  meetingId: string;
  title: string;
  ownerUserId: string | null;
  ownerName: string | null;
  teamId: string | null;
  teamName: string | null;
  dueOn: string;
  status: ActionStatus;
  completedAt: Date | null;
  completedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Computed on read against today in the organisation's zone. */
  overdue: boolean;
}

/** Which open items a meeting carries over: the series' own, plus every overdue one. */
export function carriedOver<T extends { kind: MeetingKind; dueOn: string; meetingDate: string }>(
  open: readonly T[],
  kind: MeetingKind,
  date: string,
): (T & { overdue: boolean })[] {
  return open
    .filter((item) => item.meetingDate < date && (item.kind === kind || item.dueOn < date))
    .map((item) => ({ ...item, overdue: item.dueOn < date }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.meetingDate.localeCompare(b.meetingDate));
}
