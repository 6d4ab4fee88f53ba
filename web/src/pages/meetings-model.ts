import type { Me } from '../types.ts';

/** The meetings API's answers (src/meetings/schema.ts), as the page reads them. */
export interface Occurrence {
  date: string;
  startsAt: string;
}

export interface Series {
  kind: string;
  name: string;
  cadence: string;
  durationMinutes: number;
  attendees: string[];
  agenda: { title: string; topic: string }[];
  output: string[];
  next: Occurrence[];
}

export interface CadenceView {
  timeZone: string;
  series: Series[];
}

export interface Meeting {
  id: string;
  kind: string;
  date: string;
  startsAt: string;
  title: string;
  notes: string | null;
  agendaGeneratedAt: string | null;
}

export interface AgendaItem {
  topic: string;
  title: string;
  figures: Record<string, number | string | null>;
  lines: string[];
  table?: { headers: string[]; rows: string[][] };
}

export interface Agenda {
  meetingId: string;
  title: string;
  date: string;
  startsAt: string;
  durationMinutes: number;
  attendees: string[];
  output: string[];
  period: { label: string; from: string; to: string };
  generatedAt: string;
  items: AgendaItem[];
  carriedOver: {
    id: string;
    title: string;
    owner: string | null;
    dueOn: string;
    overdue: boolean;
    meetingTitle: string;
  }[];
}

export interface ActionItem {
  id: string;
  meetingId: string;
  title: string;
  ownerUserId: string | null;
  ownerName: string | null;
  teamId: string | null;
  teamName: string | null;
  dueOn: string;
  status: 'open' | 'done';
  completedAt: string | null;
  overdue: boolean;
}

export interface UpcomingRow {
  kind: string;
  name: string;
  cadence: string;
  date: string;
  startsAt: string;
  duration: string;
  attendees: string;
}

/** "15 minutes", or the seed's "Half-day" (as src/meetings/model.ts words it). */
export function durationLabel(minutes: number): string {
  return minutes === 240 ? 'Half-day' : `${minutes} minutes`;
}

/** The next meeting of every series, soonest first. */
export function upcoming(cadence: CadenceView): UpcomingRow[] {
  return cadence.series
    .filter((s) => s.next.length > 0)
    .map((s) => ({
      kind: s.kind,
      name: s.name,
      cadence: s.cadence,
      date: s.next[0]!.date,
      startsAt: s.next[0]!.startsAt,
      duration: durationLabel(s.durationMinutes),
      attendees: s.attendees.join(', '),
    }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.name.localeCompare(b.name));
}

/** Open and overdue counts of a list of action items. */
export function actionCounts(items: readonly ActionItem[]): { open: number; overdue: number } {
  return {
    open: items.filter((i) => i.status === 'open').length,
    overdue: items.filter((i) => i.status === 'open' && i.overdue).length,
  };
}

/** As the API decides: the cadence's managers complete any open item, anyone else only their own. */
export function canComplete(me: Pick<Me, 'permissions' | 'userId'>, item: ActionItem): boolean {
  if (item.status !== 'open') return false;
  return me.permissions.includes('meetings:write') || (me.userId !== null && me.userId === item.ownerUserId);
}

/** A figure as a person reads it: shares as percentages, missing as a dash. */
export function figureText(name: string, value: number | string | null): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (/acceptance|share|rate/i.test(name) && value <= 1) return `${Math.round(value * 1000) / 10}%`;
  if (/Cents$/.test(name)) return `$${Math.round(value / 100).toLocaleString('en-US')}`;
  return value.toLocaleString('en-US');
}

/** A figure's name as a label: `atRiskClocks` -> "at risk clocks", `mqlTarget` -> "MQL target". */
export function figureLabel(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(
      /\b(mql|sql|sla|dq)(s?)\b/g,
      (_m, word: string, plural: string) => `${word.toUpperCase()}${plural}`,
    )
    .replace(/\bdq(\d+)\b/g, 'DQ-$1');
}
