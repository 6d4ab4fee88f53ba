/**
 * The joint-plan page's data and pure helpers (issue 8: the quarter's plan, the campaign
 * calendar by sales play, personas and the buying-process map, maturity). Unit-tested in
 * joint-plan-model.test.ts.
 */
import { formatCount, formatMoney } from '../format.ts';

export type ProgressStatus = 'met' | 'on_track' | 'behind' | 'not_started';

export interface CalendarCampaign {
  id: string;
  name: string;
  channel: string;
  status: string;
  startsOn: string | null;
  endsOn: string | null;
  costCents: number;
  currency: string;
  playId: string | null;
}

export interface CalendarGroup {
  play: { id: string; name: string; personaId: string | null } | null;
  campaigns: CalendarCampaign[];
}

export interface JointPlan {
  quarter: { label: string; from: string; to: string };
  saved: boolean;
  agreementVersion: number;
  currency: string;
  elapsed: number;
  targets: { metric: string; target: number; actual: number; share: number; status: ProgressStatus }[];
  goals: {
    team: string;
    metric: string;
    target: number;
    ownerUserId: string | null;
    note: string | null;
    actual: number | null;
    share: number | null;
    status: ProgressStatus | null;
  }[];
  notes: string | null;
  calendar: CalendarGroup[];
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface Persona {
  id: string;
  key: string;
  name: string;
  role: string | null;
  titles: string[];
  segment: string | null;
  pains: string[];
  goals: string[];
  objections: string[];
  buyingRole: string | null;
  channels: string[];
}

export interface BuyingProcess {
  stages: {
    stage: string;
    description: string;
    points: { text: string; owner: 'marketing' | 'sales' | 'both'; metric: string | null }[];
  }[];
  customized: boolean;
}

export type Dimension = 'process' | 'staffing' | 'systems' | 'metrics';
export const DIMENSIONS: readonly Dimension[] = ['process', 'staffing', 'systems', 'metrics'];

export interface MaturityAssessment {
  quarter: string;
  dimensions: Record<Dimension, { level: number; note: string | null }>;
  overallLevel: number;
  overallName: string;
  assessedBy: string;
  assessedAt: string;
  nextLevel: number | null;
  gaps: { dimension: Dimension; level: number; toReach: number; cell: string[] }[];
  previous: {
    quarter: string;
    overallLevel: number;
    changes: { dimension: Dimension; delta: number }[];
  } | null;
}

export interface MaturityHistory {
  items: { quarter: string; overallLevel: number; dimensions: Record<Dimension, { level: number }> }[];
}

const METRIC_LABELS: Record<string, string> = {
  revenue: 'Revenue',
  won_deals: 'Deals won',
  opportunities: 'Opportunities',
  sqls: 'SQLs',
  mqls: 'MQLs',
};

export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric.replaceAll('_', ' ');
}

/** Revenue is cents in the plan's currency; every other figure a count or a plain number. */
export function planValue(metric: string, value: number | null, currency: string): string {
  if (value === null) return '–';
  return metric === 'revenue' ? formatMoney(value, currency) : formatCount(value);
}

export const STATUS_LABELS: Record<ProgressStatus, string> = {
  met: 'Met',
  on_track: 'On track',
  behind: 'Behind',
  not_started: 'Not started',
};

/** A quarter label the API takes. */
export function isQuarter(text: string): boolean {
  return /^\d{4}-Q[1-4]$/.test(text);
}

export function shiftQuarter(label: string, by: number): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!match) throw new Error(`not a quarter: ${label}`);
  const index = Number(match[1]) * 4 + Number(match[2]) - 1 + by;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

export interface TimelineRow {
  label: string;
  play: string;
  /** Days from the quarter's first day, clipped to the quarter; end inclusive. */
  startDay: number;
  endDay: number;
}

/**
 * The calendar as timeline rows, in the groups' order: each campaign's dates clipped to the
 * quarter (an open start is the first day, an open end the last).
 */
export function timelineRows(plan: Pick<JointPlan, 'quarter' | 'calendar'>): TimelineRow[] {
  const first = dayNumber(plan.quarter.from);
  const last = dayNumber(plan.quarter.to) - first;
  return plan.calendar.flatMap((group) =>
    group.campaigns.map((c) => ({
      label: c.name,
      play: group.play?.name ?? 'No play',
      startDay: c.startsOn === null ? 0 : Math.max(0, dayNumber(c.startsOn) - first),
      endDay: c.endsOn === null ? last : Math.min(last, dayNumber(c.endsOn) - first),
    })),
  );
}

/** Days in the quarter (90 to 92): the timeline's axis. */
export function quarterDays(quarter: JointPlan['quarter']): number {
  return dayNumber(quarter.to) - dayNumber(quarter.from) + 1;
}

/** The campaigns naming a play, of all the quarter's campaigns. */
export function playCoverage(calendar: readonly CalendarGroup[]): { withPlay: number; total: number } {
  const total = calendar.reduce((n, g) => n + g.campaigns.length, 0);
  const withPlay = calendar.filter((g) => g.play !== null).reduce((n, g) => n + g.campaigns.length, 0);
  return { withPlay, total };
}
