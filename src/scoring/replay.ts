import type { CompiledModel } from './compile.js';
import type { PersonFacts, ScoringEvent } from './facts.js';

/** A person as replay sees them: facts, touchpoints in time order, and what sales did. */
export interface ReplayPerson {
  id: string;
  facts: PersonFacts;
  events: readonly ScoringEvent[];
  /** Furthest funnel outcome reached: sql, opportunity, customer; or rejected by sales (DQ/recycled from MQL). */
  reached: { sql: boolean; opportunity: boolean; customer: boolean; rejectedBySales: boolean };
}

const WEEK = 7 * 86_400_000;

/**
 * The first instant in [from, to] at which the person's score reaches the model's threshold,
 * scoring after each of their touchpoints (scores only change when a touchpoint arrives or
 * decay ticks, and decay only lowers them). Undefined when it never does.
 */
export function firstQualification(
  model: CompiledModel,
  person: ReplayPerson,
  from: Date,
  to: Date,
): Date | undefined {
  const events = person.events;
  for (let i = 0; i < events.length; i++) {
    const at = new Date(events[i]!.occurredAt);
    if (at > to) break;
    if (i + 1 < events.length && new Date(events[i + 1]!.occurredAt).getTime() === at.getTime()) continue;
    const result = model.score(person.facts, events.slice(0, i + 1), at);
    if (result.qualifies) return at >= from ? at : undefined;
  }
  return undefined;
}

export interface ModelReplay {
  mqlsByWeek: { weekStarting: string; mqls: number }[];
  totalMqls: number;
  /** Of the people sales accepted (SQL), reached opportunity, or won: how many this model passes. */
  passes: { sql: number; opportunity: number; customer: number; rejectedBySales: number };
}

export interface ReplayReport {
  from: string;
  to: string;
  people: number;
  outcomes: { sql: number; opportunity: number; customer: number; rejectedBySales: number };
  current: ModelReplay;
  proposed: ModelReplay;
}

function replayOne(model: CompiledModel, people: readonly ReplayPerson[], from: Date, to: Date): ModelReplay {
  const weeks = new Map<number, number>();
  const passes = { sql: 0, opportunity: 0, customer: 0, rejectedBySales: 0 };
  let totalMqls = 0;
  for (let start = from.getTime(); start <= to.getTime(); start += WEEK) weeks.set(start, 0);
  for (const person of people) {
    const at = firstQualification(model, person, from, to);
    if (!at) continue;
    totalMqls++;
    const week = from.getTime() + Math.floor((at.getTime() - from.getTime()) / WEEK) * WEEK;
    weeks.set(week, (weeks.get(week) ?? 0) + 1);
    if (person.reached.sql) passes.sql++;
    if (person.reached.opportunity) passes.opportunity++;
    if (person.reached.customer) passes.customer++;
    if (person.reached.rejectedBySales) passes.rejectedBySales++;
  }
  return {
    mqlsByWeek: [...weeks].map(([start, mqls]) => ({
      weekStarting: new Date(start).toISOString().slice(0, 10),
      mqls,
    })),
    totalMqls,
    passes,
  };
}

/**
 * Replays history under the current and a proposed model side by side: weekly MQL volume,
 * how many of the people sales accepted or won each model would have passed, and how many
 * leads sales rejected each would still pass.
 */
export function replay(
  current: CompiledModel,
  proposed: CompiledModel,
  people: readonly ReplayPerson[],
  from: Date,
  to: Date,
): ReplayReport {
  const outcomes = { sql: 0, opportunity: 0, customer: 0, rejectedBySales: 0 };
  for (const p of people) {
    if (p.reached.sql) outcomes.sql++;
    if (p.reached.opportunity) outcomes.opportunity++;
    if (p.reached.customer) outcomes.customer++;
    if (p.reached.rejectedBySales) outcomes.rejectedBySales++;
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    people: people.length,
    outcomes,
    current: replayOne(current, people, from, to),
    proposed: replayOne(proposed, people, from, to),
  };
}
