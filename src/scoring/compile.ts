import { ValidationError } from '../core/index.js';
import type { PersonFacts, ScoringEvent } from './facts.js';
import { checkModel } from './model-check.js';
import {
  compileEventCondition,
  compileField,
  compileFlags,
  DAY_MS,
  type EventCondCode,
  type PersonPredicate,
} from './conditions.js';
import { type EventReads, planReads } from './reads.js';
import type { FieldCondition, Flag, ScoringModel } from './rules.js';

/**
 * The scoring model compiled once per version into closures and lookup tables: regular
 * expressions built once, `in` lists as lowercased sets, one map from touchpoint type to the
 * conditions that count it. No source text is generated, so no agreement value (user input)
 * can ever become code. `score()` is one pass over the events plus a pass over the rules.
 */

export { DAY_MS };
export const WEEK_MS = 7 * DAY_MS;
/** The web-analytics session: page views separated by 30 minutes or more of inactivity start a new one. */
export const SESSION_GAP_MS = 30 * 60_000;

export interface RuleEvidence {
  /** The person field the rule read (`flags` for a flag rule) and its value. */
  field?: string;
  value?: string | number;
  /** The touchpoints counted, oldest first. */
  eventIds?: string[];
  /** What the rule counted: events, or sessions when `unit` is `session`. */
  count?: number;
  unit?: 'event' | 'session';
}

export interface RuleResult {
  id: string;
  label: string;
  kind: 'fit' | 'engagement';
  /** Points given, after the cap. */
  points: number;
  /** The points before the cap, when the cap bit. */
  uncapped?: number;
  evidence: RuleEvidence;
}

export interface Inactivity {
  /** Full weeks elapsed since `afterDays` days after the last engagement (0 without one). */
  weeks: number;
  pointsPerWeek: number;
  afterDays: number;
  lastEngagementEventId: string | null;
}

export interface ScoreResult {
  fit: number;
  /** Engagement rules plus `decay`. */
  engagement: number;
  /** Inactivity decay (<= 0), already included in `engagement`. */
  decay: number;
  total: number;
  threshold: number;
  qualifies: boolean;
  lastEngagementAt: Date | null;
  /** Every rule that fired, in the model's order. */
  rules: RuleResult[];
  /** How `decay` was computed; null when the model has no decay. */
  inactivity: Inactivity | null;
}

export interface CompiledModel {
  readonly threshold: number;
  /** The touchpoints that can change a score: re-scoring need read no others (`reads.ts`). */
  readonly reads: EventReads;
  score(person: PersonFacts, events: readonly ScoringEvent[], now: Date): ScoreResult;
}

type FieldName = FieldCondition['field'];

interface CompiledRule {
  id: string;
  label: string;
  kind: 'fit' | 'engagement';
  points: number;
  each: boolean;
  cap: number;
  person: PersonPredicate[];
  /** Indices into the compiled event conditions; `each` counts the first. */
  events: number[];
  evidenceField: FieldName | null;
  evidenceFlags: readonly Flag[] | null;
}

interface TypeEntry {
  /** Conditions that count this touchpoint type. */
  conds: number[];
  /** The type resets the inactivity decay. */
  engages: boolean;
}

export function compileModel(model: ScoringModel): CompiledModel {
  const issues = checkModel(model);
  if (issues.length > 0) throw new ValidationError('the scoring model is not valid', issues);

  const decay = model.decay ?? null;
  const conds: EventCondCode[] = [];
  const byType = new Map<string, TypeEntry>();
  const entry = (type: string): TypeEntry => {
    const found = byType.get(type);
    if (found) return found;
    const created: TypeEntry = { conds: [], engages: false };
    byType.set(type, created);
    return created;
  };
  const rules: CompiledRule[] = model.rules.map((rule) => {
    const person: PersonPredicate[] = [];
    const events: number[] = [];
    let evidenceField: FieldName | null = null;
    let evidenceFlags: readonly Flag[] | null = null;
    for (const condition of rule.when) {
      if ('field' in condition) {
        person.push(compileField(condition));
        evidenceField ??= condition.field;
      } else if ('flags' in condition) {
        person.push(compileFlags(condition));
        evidenceFlags ??= [...condition.flags];
      } else {
        const code = compileEventCondition(condition);
        // Seed 001 lists blog visits and social engagement among the behavioural signals:
        // whatever earns engagement points is engagement, even when its type is not in
        // `decay.engagementEvents` (e.g. `social_engagement` in the default model).
        code.engages = decay !== null && rule.kind === 'engagement' && rule.points > 0;
        const index = conds.push(code) - 1;
        for (const type of new Set(condition.events)) entry(type).conds.push(index);
        events.push(index);
      }
    }
    return {
      id: rule.id,
      label: rule.label,
      kind: rule.kind,
      points: rule.points,
      each: rule.count === 'each' && events.length > 0,
      cap: rule.cap ?? Number.POSITIVE_INFINITY,
      person,
      events,
      evidenceField,
      evidenceFlags,
    };
  });
  if (decay) for (const type of decay.engagementEvents) entry(type).engages = true;
  const reads = planReads(byType, conds);

  // Scratch space reused by every call (score() is synchronous and calls no user code):
  // per condition, the indices of the events it counted and, for sessions, their instants.
  const counts = new Int32Array(conds.length);
  const windowStart = new Float64Array(conds.length);
  let capacity = 0;
  let matched: Int32Array[] = [];
  let instants: Float64Array[] = [];
  const grow = (n: number): void => {
    capacity = Math.max(64, 2 ** Math.ceil(Math.log2(n)));
    matched = conds.map(() => new Int32Array(capacity));
    instants = conds.map((c) => new Float64Array(c.sessions ? capacity : 0));
  };
  const threshold = model.threshold;

  function score(person: PersonFacts, events: readonly ScoringEvent[], now: Date): ScoreResult {
    const nowMs = now.getTime();
    if (!Number.isFinite(nowMs)) throw new RangeError('score: now is not a valid instant');
    const n = events.length;
    if (n > capacity) grow(n);
    counts.fill(0);
    for (let c = 0; c < conds.length; c++) windowStart[c] = nowMs - conds[c]!.windowMs;

    // One pass: each touchpoint at or before `now` goes to the conditions of its type.
    let lastEngagement = Number.NEGATIVE_INFINITY;
    let lastEngagementIndex = -1;
    for (let i = 0; i < n; i++) {
      const event = events[i]!;
      const typed = byType.get(event.type);
      if (typed === undefined) continue;
      const t = instant(event);
      if (!(t <= nowMs)) continue; // later than `now` (a replay at a past instant), or no instant
      // Could this touchpoint be the latest engagement? (ties go to the smallest id, whatever the order)
      const later =
        t > lastEngagement || (t === lastEngagement && event.id < events[lastEngagementIndex]!.id);
      let engages = typed.engages && later;
      const list = typed.conds;
      for (let k = 0; k < list.length; k++) {
        const c = list[k]!;
        const cond = conds[c]!;
        const inWindow = t >= windowStart[c]!;
        if (!inWindow && !(cond.engages && later && !engages)) continue;
        if (cond.where !== null && !cond.where(event)) continue;
        if (cond.engages && later) engages = true;
        if (!inWindow) continue;
        const m = counts[c]!;
        matched[c]![m] = i;
        if (cond.sessions) instants[c]![m] = t;
        counts[c] = m + 1;
      }
      if (engages) {
        lastEngagement = t;
        lastEngagementIndex = i;
      }
    }

    let fit = 0;
    let engagement = 0;
    const fired: RuleResult[] = [];
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      let multiplier = 1;
      let unit: 'event' | 'session' = 'event';
      let holds = true;
      for (let j = 0; j < rule.events.length; j++) {
        const c = rule.events[j]!;
        const cond = conds[c]!;
        const counted = cond.sessions ? countSessions(instants[c]!, counts[c]!) : counts[c]!;
        if (counted < cond.atLeast) {
          holds = false;
          break;
        }
        if (j === 0) {
          multiplier = counted;
          if (cond.sessions) unit = 'session';
        }
      }
      for (let j = 0; holds && j < rule.person.length; j++) holds = rule.person[j]!(person);
      if (!holds) continue;

      const raw = rule.each ? rule.points * multiplier : rule.points;
      const points = Math.abs(raw) > rule.cap ? Math.sign(raw) * rule.cap : raw;
      if (rule.kind === 'fit') fit += points;
      else engagement += points;
      const evidence: RuleEvidence = {};
      if (rule.evidenceField !== null) {
        const value = person[rule.evidenceField];
        if (value !== null && value !== undefined) {
          evidence.field = rule.evidenceField;
          evidence.value = value;
        }
      } else if (rule.evidenceFlags !== null) {
        evidence.field = 'flags';
        evidence.value = rule.evidenceFlags.filter((flag) => person.flags[flag]).join(', ');
      }
      if (rule.events.length > 0) {
        evidence.eventIds = evidenceIds(events, rule.events, matched, counts);
        evidence.count = multiplier;
        evidence.unit = unit;
      }
      const result: RuleResult = { id: rule.id, label: rule.label, kind: rule.kind, points, evidence };
      if (points !== raw) result.uncapped = raw;
      fired.push(result);
    }

    // Seed 001: "-5 per week" once there has been no engagement for 30 days. Counted in full
    // weeks from the last engaging touchpoint at or before `now` (a type of
    // `decay.engagementEvents`, or one that a positive engagement rule matched), so it is a
    // function of (events, now) only: a nightly sweep and a lazy read agree to the point.
    // Without any engaging touchpoint there is nothing to decay from: no decay.
    let decayPoints = 0;
    let inactivity: Inactivity | null = null;
    if (decay !== null) {
      let weeks = 0;
      if (lastEngagementIndex >= 0) {
        const idle = nowMs - lastEngagement - decay.afterDays * DAY_MS;
        if (idle >= WEEK_MS) weeks = Math.floor(idle / WEEK_MS);
      }
      // Decay takes back engagement, never more: a lead gone cold is worth its fit, and a
      // long silence must not outweigh a good fit (nor push a negative engagement further down).
      if (weeks > 0 && engagement > 0 && decay.pointsPerWeek < 0)
        decayPoints = Math.max(decay.pointsPerWeek * weeks, -engagement);
      inactivity = {
        weeks,
        pointsPerWeek: decay.pointsPerWeek,
        afterDays: decay.afterDays,
        lastEngagementEventId: lastEngagementIndex >= 0 ? events[lastEngagementIndex]!.id : null,
      };
    }
    engagement += decayPoints;
    const total = fit + engagement;
    return {
      fit,
      engagement,
      decay: decayPoints,
      total,
      threshold,
      qualifies: total >= threshold,
      lastEngagementAt: lastEngagementIndex >= 0 ? new Date(lastEngagement) : null,
      rules: fired,
      inactivity,
    };
  }

  return { threshold, reads, score };
}

function instant(event: ScoringEvent): number {
  const at = event.occurredAt;
  return typeof at === 'number' ? at : at.getTime();
}

/** Sessions among `n` page-view instants (sorted here, in place). */
function countSessions(instants: Float64Array, n: number): number {
  if (n <= 1) return n;
  const sorted = instants.subarray(0, n).sort();
  let sessions = 1;
  for (let i = 1; i < n; i++) if (sorted[i]! - sorted[i - 1]! >= SESSION_GAP_MS) sessions++;
  return sessions;
}

/** The ids of the events a rule counted, oldest first (ties by id), whatever the input order. */
function evidenceIds(
  events: readonly ScoringEvent[],
  condIndices: readonly number[],
  matched: readonly Int32Array[],
  counts: Int32Array,
): string[] {
  if (condIndices.length === 1) {
    // The common case: one condition, events already oldest first (as stores return them).
    const c = condIndices[0]!;
    const n = counts[c]!;
    const list = matched[c]!;
    const ids = new Array<string>(n);
    let previous: ScoringEvent | null = null;
    for (let m = 0; m < n; m++) {
      const event = events[list[m]!]!;
      if (previous !== null && compareEvents(previous, event) > 0)
        return sortedIds(events, condIndices, matched, counts);
      ids[m] = event.id;
      previous = event;
    }
    return ids;
  }
  return sortedIds(events, condIndices, matched, counts);
}

function sortedIds(
  events: readonly ScoringEvent[],
  condIndices: readonly number[],
  matched: readonly Int32Array[],
  counts: Int32Array,
): string[] {
  let indices: number[] = [];
  for (const c of condIndices) for (let m = 0; m < counts[c]!; m++) indices.push(matched[c]![m]!);
  if (condIndices.length > 1) indices = [...new Set(indices)];
  let ordered = true;
  for (let k = 1; ordered && k < indices.length; k++)
    ordered = compareEvents(events[indices[k - 1]!]!, events[indices[k]!]!) <= 0;
  if (!ordered) indices.sort((a, b) => compareEvents(events[a]!, events[b]!));
  const ids = new Array<string>(indices.length);
  for (let k = 0; k < indices.length; k++) ids[k] = events[indices[k]!]!.id;
  return ids;
}

function compareEvents(a: ScoringEvent, b: ScoringEvent): number {
  return instant(a) - instant(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
