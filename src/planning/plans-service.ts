import type { Principal } from '../access/index.js';
import { getActiveAgreement } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import {
  ConflictError,
  type FieldIssue,
  NotFoundError,
  type Page,
  type PageRequest,
  ValidationError,
} from '../core/index.js';
import { findTeam, findUser } from '../org/index.js';
import { type Db, recordAudit, type Trx } from '../store/index.js';
import { periodRevenueTarget, reverseFunnel } from './model.js';
import { findPersona } from './personas-store.js';
import {
  type CalendarGroup,
  calendarByPlay,
  checkGoals,
  defaultGoals,
  elapsedShare,
  type GoalProgress,
  goalProgress,
  PLAN_METRICS,
  PLAN_TEAMS,
  parseQuarter,
  progressOf,
  type Quarter,
  quarterTargets,
  type TargetProgress,
  type TeamGoal,
} from './plans-model.js';
import * as store from './plans-store.js';
import type { PlayFields, SalesPlay } from './plans-store.js';

export type { SalesPlay } from './plans-store.js';

// ---- sales plays

export interface PlayInput {
  name: string;
  personaId?: string | null | undefined;
  segment?: string | null | undefined;
  description?: string | null | undefined;
}

function playFields(input: Partial<PlayInput>): Partial<PlayFields> {
  const issues: FieldIssue[] = [];
  const out: Partial<PlayFields> = {};
  if (input.name !== undefined) {
    out.name = input.name.trim();
    if (out.name === '') issues.push({ path: '/name', message: 'must not be empty' });
  }
  for (const key of ['personaId', 'segment', 'description'] as const) {
    const v = input[key];
    if (v !== undefined) out[key] = v === null || v.trim() === '' ? null : v.trim();
  }
  if (issues.length > 0) throw new ValidationError('The sales play is invalid', issues);
  return out;
}

async function checkPersona(db: Db, personaId: string | null | undefined): Promise<void> {
  if (personaId && !(await findPersona(db, personaId)))
    throw ValidationError.field('/personaId', `no persona ${personaId}`);
}

function audit(
  trx: Trx,
  actor: Principal,
  at: Date,
  action: string,
  type: string,
  id: string,
  details: Record<string, unknown>,
) {
  return recordAudit(trx, {
    at,
    actorType: actor.kind,
    actorId: actor.id,
    action,
    subjectType: type,
    subjectId: id,
    details,
  });
}

export async function createPlay(ctx: Ctx, input: PlayInput, actor: Principal): Promise<SalesPlay> {
  const value = playFields(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await checkPersona(trx, value.personaId);
    const play = await store.insertPlay(trx, {
      name: value.name!,
      personaId: value.personaId ?? null,
      segment: value.segment ?? null,
      description: value.description ?? null,
      id: ctx.ids.next('play'),
      now,
    });
    await audit(trx, actor, now, 'play.created', 'sales_play', play.id, { name: play.name });
    return play;
  });
}

export async function updatePlay(
  ctx: Ctx,
  id: string,
  input: Partial<PlayInput>,
  actor: Principal,
): Promise<SalesPlay> {
  const value = playFields(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await store.lockPlay(trx, id))) throw new NotFoundError('Sales play', id);
    await checkPersona(trx, value.personaId);
    const play = await store.updatePlay(trx, id, value, now);
    await audit(trx, actor, now, 'play.updated', 'sales_play', id, { fields: Object.keys(value) });
    return play;
  });
}

/** A play campaigns name stays: point the campaigns at another play (or none) first. */
export async function deletePlay(ctx: Ctx, id: string, actor: Principal): Promise<SalesPlay> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const play = await store.lockPlay(trx, id);
    if (!play) throw new NotFoundError('Sales play', id);
    const campaigns = await store.countCampaignsForPlay(trx, id);
    if (campaigns > 0)
      throw new ConflictError(`Sales play ${id} is supported by ${campaigns} campaign(s)`, 'play_in_use', {
        campaigns,
      });
    await store.deletePlay(trx, id);
    await audit(trx, actor, now, 'play.deleted', 'sales_play', id, { name: play.name });
    return play;
  });
}

export function getPlay(ctx: Ctx, id: string): Promise<SalesPlay> {
  return store.getPlay(ctx.db, id);
}

export function listPlays(
  ctx: Ctx,
  filter: { personaId?: string | undefined },
  page: Partial<PageRequest>,
): Promise<Page<SalesPlay>> {
  return store.listPlays(ctx.db, filter, page);
}

// ---- the joint plan of a quarter

export interface JointPlan {
  quarter: { label: string; from: string; to: string };
  /** False while nobody has saved the quarter's plan: the goals are the defaults. */
  saved: boolean;
  agreementVersion: number;
  currency: string;
  /** Share of the quarter gone at the clock's now. */
  elapsed: number;
  /** The agreement's quarter revenue target walked back through the reverse funnel, against live data. */
  targets: TargetProgress[];
  goals: GoalProgress[];
  notes: string | null;
  calendar: CalendarGroup[];
  updatedBy: string | null;
  updatedAt: Date | null;
}

async function quarterFigures(ctx: Ctx, q: Quarter) {
  const active = await getActiveAgreement(ctx.db, ctx.clock);
  const t = active.document.targets;
  const revenue = periodRevenueTarget(t, 3);
  const funnel = reverseFunnel({ ...t, revenuePerPeriod: revenue, monthsPerPeriod: 3 });
  const targets = quarterTargets(revenue.cents, funnel);
  const actuals = await store.quarterActuals(ctx.db, q, ctx.clock.now(), revenue.currency);
  return { version: active.version, currency: revenue.currency, targets, actuals };
}

/** The quarter's campaigns (dates overlapping it) grouped by the sales play they support. */
export async function planCalendar(
  ctx: Ctx,
  quarter: string,
): Promise<{ quarter: string; groups: CalendarGroup[] }> {
  const q = parseQuarter(quarter);
  const [campaigns, plays] = await Promise.all([
    store.listCampaignsOverlapping(ctx.db, q),
    store.listAllPlays(ctx.db),
  ]);
  return { quarter: q.label, groups: calendarByPlay(campaigns, plays, q) };
}

export async function getPlan(ctx: Ctx, quarter: string): Promise<JointPlan> {
  const q = parseQuarter(quarter);
  const [figures, stored, calendar] = await Promise.all([
    quarterFigures(ctx, q),
    store.findPlan(ctx.db, q.label),
    planCalendar(ctx, q.label),
  ]);
  const elapsed = elapsedShare(q, ctx.clock.now());
  const goals: TeamGoal[] = stored?.goals ?? defaultGoals(figures.targets);
  return {
    quarter: { label: q.label, from: q.from, to: q.to },
    saved: stored !== undefined,
    agreementVersion: figures.version,
    currency: figures.currency,
    elapsed,
    targets: PLAN_METRICS.map((m) => progressOf(m, figures.targets[m], figures.actuals[m], elapsed)),
    goals: goals.map((g) => goalProgress(g, figures.actuals, elapsed)),
    notes: stored?.notes ?? null,
    calendar: calendar.groups,
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt ?? null,
  };
}

export interface PlanInput {
  goals:
    | TeamGoal[]
    | { team: string; metric: string; target: number; ownerUserId?: string | null; note?: string | null }[];
  notes?: string | null | undefined;
}

/** Goals name marketing, sales, both or a team of the organisation, and an existing active owner. */
async function checkGoalReferences(db: Db, goals: TeamGoal[]): Promise<void> {
  const issues: FieldIssue[] = [];
  for (const [i, goal] of goals.entries()) {
    if (!(PLAN_TEAMS as readonly string[]).includes(goal.team) && !(await findTeam(db, goal.team)))
      issues.push({
        path: `/goals/${i}/team`,
        message: `must be ${PLAN_TEAMS.join(', ')} or a team id; no team ${goal.team}`,
      });
    if (goal.ownerUserId !== null) {
      const owner = await findUser(db, goal.ownerUserId);
      if (!owner) issues.push({ path: `/goals/${i}/ownerUserId`, message: `no user ${goal.ownerUserId}` });
      else if (!owner.active)
        issues.push({ path: `/goals/${i}/ownerUserId`, message: `user ${owner.id} is deactivated` });
    }
  }
  if (issues.length > 0) throw new ValidationError('The plan names unknown teams or owners', issues);
}

/** Saves the quarter's goals and notes (targets, calendar and progress stay derived). */
export async function putPlan(
  ctx: Ctx,
  quarter: string,
  input: PlanInput,
  actor: Principal,
): Promise<JointPlan> {
  const q = parseQuarter(quarter);
  const { value: goals, issues } = checkGoals(
    input.goals.map((g) => ({ ...g, ownerUserId: g.ownerUserId ?? null, note: g.note ?? null })),
  );
  if (issues.length > 0) throw new ValidationError('The plan is invalid', issues);
  const notes = input.notes?.trim() ? input.notes.trim() : null;
  const now = ctx.clock.now();
  const active = await getActiveAgreement(ctx.db, ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await checkGoalReferences(trx, goals);
    await store.savePlan(trx, {
      quarter: q.label,
      goals,
      notes,
      agreementVersion: active.version,
      updatedBy: actor.name,
      now,
    });
    await audit(trx, actor, now, 'plan.saved', 'joint_plan', q.label, { goals: goals.length });
  });
  return getPlan(ctx, q.label);
}
