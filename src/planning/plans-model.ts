import { type FieldIssue, ValidationError } from '../core/index.js';
import type { FunnelCounts } from './model.js';

/**
 * The joint plan of a quarter (issue 8; seed 001's quarterly strategic planning: "Revenue
 * target review ... campaign planning"; output "next-quarter campaign calendar"): targets
 * from the agreement, goals per team, the campaign calendar by sales play, and progress from
 * live data. Pure values and `now`; the service reads and stores them.
 */

export interface Quarter {
  /** `2026-Q4`. */
  label: string;
  year: number;
  q: 1 | 2 | 3 | 4;
  /** First and last calendar day, inclusive. */
  from: string;
  to: string;
  /** Instants bounding it in UTC: [start, end). */
  start: Date;
  end: Date;
}

/** `2026-Q4` (case-insensitive `q`); a `ValidationError` at `path` for anything else. */
export function parseQuarter(text: string, path = '/quarter'): Quarter {
  const match = /^(\d{4})-[Qq]([1-4])$/.exec(text.trim());
  if (!match) throw ValidationError.field(path, `must be a quarter such as 2026-Q4, got "${text}"`);
  return quarter(Number(match[1]), Number(match[2]) as Quarter['q']);
}

function quarter(year: number, q: Quarter['q']): Quarter {
  const firstMonth = (q - 1) * 3;
  const start = new Date(Date.UTC(year, firstMonth, 1));
  const end = new Date(Date.UTC(year, firstMonth + 3, 1));
  const last = new Date(end.getTime() - 86_400_000);
  return {
    label: `${String(year).padStart(4, '0')}-Q${q}`,
    year,
    q,
    from: start.toISOString().slice(0, 10),
    to: last.toISOString().slice(0, 10),
    start,
    end,
  };
}

export function previousQuarter(of: Quarter): Quarter {
  return of.q === 1 ? quarter(of.year - 1, 4) : quarter(of.year, (of.q - 1) as Quarter['q']);
}

export function nextQuarter(of: Quarter): Quarter {
  return of.q === 4 ? quarter(of.year + 1, 1) : quarter(of.year, (of.q + 1) as Quarter['q']);
}

/** The quarter `at` falls in (UTC). */
export function quarterAt(at: Date): Quarter {
  return quarter(at.getUTCFullYear(), (Math.floor(at.getUTCMonth() / 3) + 1) as Quarter['q']);
}

/** How much of the quarter has passed at `now`: 0 before it, 1 after it. */
export function elapsedShare(of: Quarter, now: Date): number {
  const total = of.end.getTime() - of.start.getTime();
  const share = (now.getTime() - of.start.getTime()) / total;
  return Math.round(Math.min(1, Math.max(0, share)) * 10_000) / 10_000;
}

// ---- targets and progress

/** The figures the plan tracks from live data; goals on them get an actual too. */
export const PLAN_METRICS = ['revenue', 'won_deals', 'opportunities', 'sqls', 'mqls'] as const;
export type PlanMetric = (typeof PLAN_METRICS)[number];

export function isPlanMetric(value: string): value is PlanMetric {
  return (PLAN_METRICS as readonly string[]).includes(value);
}

/** What happened in the quarter so far: revenue in cents of the target currency, counts. */
export type PlanActuals = Record<PlanMetric, number>;

export type ProgressStatus = 'met' | 'on_track' | 'behind' | 'not_started';

export interface TargetProgress {
  metric: PlanMetric;
  target: number;
  actual: number;
  /** actual / target (4 decimals). */
  share: number;
  status: ProgressStatus;
}

/** The quarter's targets: the reverse funnel of the quarter's revenue target. */
export function quarterTargets(revenueCents: number, funnel: FunnelCounts): PlanActuals {
  return {
    revenue: revenueCents,
    won_deals: funnel.deals,
    opportunities: funnel.opportunities,
    sqls: funnel.sqls,
    mqls: funnel.mqls,
  };
}

/**
 * Met once the actual reaches the target; otherwise on track while the actual keeps pace
 * with the share of the quarter gone (a quarter not begun has not started).
 */
export function progressStatus(target: number, actual: number, elapsed: number): ProgressStatus {
  if (actual >= target) return 'met';
  if (elapsed <= 0) return 'not_started';
  return actual >= target * elapsed ? 'on_track' : 'behind';
}

export function progressOf(
  metric: PlanMetric,
  target: number,
  actual: number,
  elapsed: number,
): TargetProgress {
  return {
    metric,
    target,
    actual,
    share: target > 0 ? Math.round((actual / target) * 10_000) / 10_000 : 0,
    status: progressStatus(target, actual, elapsed),
  };
}

// ---- goals per team

export const PLAN_TEAMS = ['marketing', 'sales', 'both'] as const;

export interface TeamGoal {
  /** `marketing`, `sales`, `both`, or the id of a team of the organisation. */
  team: string;
  /** A plan metric (tracked live) or any other measure the teams agree on. */
  metric: string;
  target: number;
  /** The user answerable for it. */
  ownerUserId: string | null;
  note: string | null;
}

export interface GoalProgress extends TeamGoal {
  /** From live data when the metric is a plan metric; null otherwise. */
  actual: number | null;
  share: number | null;
  status: ProgressStatus | null;
}

/** Trims and checks each goal; every broken rule names its path (`/goals/2/target`). */
export function checkGoals(goals: readonly TeamGoal[]): { value: TeamGoal[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const value = goals.map((goal, i) => {
    const team = goal.team.trim();
    const metric = goal.metric.trim();
    if (team === '') issues.push({ path: `/goals/${i}/team`, message: 'must not be empty' });
    if (metric === '') issues.push({ path: `/goals/${i}/metric`, message: 'must not be empty' });
    if (!Number.isFinite(goal.target) || goal.target < 0)
      issues.push({ path: `/goals/${i}/target`, message: 'must be a number, 0 or more' });
    if (metric === 'revenue' && !Number.isSafeInteger(goal.target))
      issues.push({ path: `/goals/${i}/target`, message: 'revenue is whole cents' });
    const note = goal.note?.trim();
    return {
      team,
      metric,
      target: goal.target,
      ownerUserId: goal.ownerUserId ?? null,
      note: note ? note : null,
    };
  });
  const seen = new Set<string>();
  value.forEach((goal, i) => {
    const key = `${goal.team}\u0000${goal.metric}`;
    if (seen.has(key))
      issues.push({ path: `/goals/${i}`, message: `${goal.team} already has a goal on ${goal.metric}` });
    seen.add(key);
  });
  return { value, issues };
}

/**
 * Goals a quarter starts from before anyone saves one: marketing owes the MQLs, sales the
 * opportunities and the revenue, both the won deals (seed 001: "Marketing commitments: MQL
 * volume"; "Sales commitments"; shared revenue goal).
 */
export function defaultGoals(targets: PlanActuals): TeamGoal[] {
  const goal = (team: string, metric: PlanMetric): TeamGoal => ({
    team,
    metric,
    target: targets[metric],
    ownerUserId: null,
    note: null,
  });
  return [
    goal('marketing', 'mqls'),
    goal('sales', 'sqls'),
    goal('sales', 'opportunities'),
    goal('sales', 'revenue'),
    goal('both', 'won_deals'),
  ];
}

export function goalProgress(goal: TeamGoal, actuals: PlanActuals, elapsed: number): GoalProgress {
  if (!isPlanMetric(goal.metric)) return { ...goal, actual: null, share: null, status: null };
  const p = progressOf(goal.metric, goal.target, actuals[goal.metric], elapsed);
  return { ...goal, actual: p.actual, share: p.share, status: p.status };
}

// ---- the campaign calendar

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

export interface CalendarPlay {
  id: string;
  name: string;
  personaId: string | null;
}

export interface CalendarGroup {
  /** null: campaigns that name no play. */
  play: CalendarPlay | null;
  campaigns: CalendarCampaign[];
}

/** A campaign runs in the quarter when its dates overlap it; open ends overlap everything. */
export function overlapsQuarter(c: Pick<CalendarCampaign, 'startsOn' | 'endsOn'>, of: Quarter): boolean {
  return (c.startsOn === null || c.startsOn <= of.to) && (c.endsOn === null || c.endsOn >= of.from);
}

/**
 * The quarter's campaigns grouped by the play they support: plays by name (plays without a
 * campaign in the quarter are left out), campaigns by start date then name, and the
 * campaigns naming no play last.
 */
export function calendarByPlay(
  campaigns: readonly CalendarCampaign[],
  plays: readonly CalendarPlay[],
  of: Quarter,
): CalendarGroup[] {
  const inQuarter = campaigns.filter((c) => overlapsQuarter(c, of));
  const order = (a: CalendarCampaign, b: CalendarCampaign) =>
    (a.startsOn ?? '').localeCompare(b.startsOn ?? '') ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id);
  const groups: CalendarGroup[] = [...plays]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((play) => ({ play, campaigns: inQuarter.filter((c) => c.playId === play.id).sort(order) }))
    .filter((g) => g.campaigns.length > 0);
  const known = new Set(plays.map((p) => p.id));
  const none = inQuarter.filter((c) => c.playId === null || !known.has(c.playId)).sort(order);
  if (none.length > 0) groups.push({ play: null, campaigns: none });
  return groups;
}
