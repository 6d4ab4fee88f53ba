import { planTransitions, type Stage, stageChangeWrites, type TransitionFollow } from '../lifecycle/index.js';
import { type Db, type Trx, writeTogether } from '../store/index.js';
import { type CompiledModel, compileModel, type ScoreResult } from './compile.js';
import type { Account, Person } from '../people/index.js';
import { derivePersonFlags, emailDomainOf, type PersonFacts } from './facts.js';
import { selectReads } from './reads.js';
import type { ScoringModel } from './rules.js';
import {
  type EventRecord,
  listScoreHistory,
  loadEvents,
  loadPeople,
  loadScoringEvents,
  type PersonRecord,
  type StoredScore,
  scoreWrites,
} from './store.js';

/** A scoring model of one agreement version, compiled once. */
export interface ActiveModel {
  version: number;
  compiled: CompiledModel;
}

/**
 * Compiled once per model: keyed by the model object, which the agreement hands out frozen
 * and shared per content, so two databases in one process never mix their models.
 */
const compiledByModel = new WeakMap<ScoringModel, CompiledModel>();

export function activeModel(version: number, model: ScoringModel): ActiveModel {
  let compiled = compiledByModel.get(model);
  if (!compiled) {
    compiled = compileModel(model);
    compiledByModel.set(model, compiled);
  }
  return { version, compiled };
}

export function factsOf(person: PersonRecord): PersonFacts {
  const emailDomain = emailDomainOf(person.email);
  return {
    title: person.title,
    employees: person.employees,
    industry: person.industry,
    country: person.country,
    emailDomain,
    leadSource: person.leadSource,
    flags: derivePersonFlags({
      emailDomain,
      title: person.title,
      competitor: person.competitor,
      unsubscribed: person.unsubscribed,
    }),
  };
}

export function scoreOne(
  model: ActiveModel,
  person: PersonRecord,
  events: readonly EventRecord[],
  now: Date,
): ScoreResult {
  return model.compiled.score(factsOf(person), events, now);
}

/**
 * A person the caller's own transaction created, as stored, with the account it placed them at
 * and every touchpoint they have: all of their history, so scoring need not read them.
 */
export interface CreatedPerson {
  person: Person;
  account: Account | null;
  events: readonly EventRecord[];
}

/** What `loadPeople` reads for a person, from the row the caller wrote (never recycled yet). */
export function recordOfCreated({ person, account }: CreatedPerson): PersonRecord {
  return {
    id: person.id,
    stage: person.stage,
    email: person.email,
    title: person.title,
    employees: person.employees ?? account?.employees ?? null,
    industry: person.industry ?? account?.industry ?? null,
    country: person.country ?? account?.country ?? null,
    leadSource: person.leadSource,
    unsubscribed: person.unsubscribed,
    competitor: account?.isCompetitor ?? false,
    requalifyAbove: null,
  };
}

/** Stages from which a qualifying score moves a person to MQL (seed 001: Lead to MQL; re-queue: nurture re-enters the MQL queue). */
const QUALIFY_FROM = ['lead', 'nurture'] as const;

/** Seed 001, Re-Queue Conditions: a recycled lead "re-enters the MQL queue if score rises again". */
function requalifies(person: PersonRecord, total: number): boolean {
  if (person.stage === 'lead') return true;
  return person.stage === 'nurture' && (person.requalifyAbove === null || total > person.requalifyAbove);
}

export interface ScoringOutcome {
  scored: number;
  /** Scores that changed (total, fit or model version): a history row each. */
  changed: number;
  /** People this scoring moved to MQL. */
  qualified: string[];
}

/**
 * Re-scores these people from their facts and touchpoints at `now`, inside the caller's
 * transaction (ingestion calls it with the batch it just stored), keeps the history of
 * changed scores, and moves those who cross the threshold to MQL, recording the version.
 * Falling below the threshold never un-MQLs anyone.
 *
 * `created`: people this transaction created, with their whole history, scored from what the
 * caller holds (no other transaction can see them, let alone add to them, before the commit):
 * a write of new leads skips both reads.
 */
export async function scorePeople(
  trx: Trx,
  model: ActiveModel,
  personIds: readonly string[],
  now: Date,
  cause: string,
  created: ReadonlyMap<string, CreatedPerson> = new Map(),
): Promise<ScoringOutcome> {
  const ids = [...new Set(personIds)];
  const outcome: ScoringOutcome = { scored: 0, changed: 0, qualified: [] };
  if (ids.length === 0) return outcome;
  const stored = ids.filter((id) => !created.has(id));
  // The people locked to the commit before their histories are read: two transactions
  // scoring one person then run one after the other, and the second reads the first's
  // touchpoints (without it each read only its own, and two events that qualify together
  // qualified neither way).
  const people = await loadPeople(trx, stored, { lock: true });
  // Only the touchpoints that can change a score: the same score as from the whole history (reads.ts).
  const events = await loadScoringEvents(trx, stored, now, model.compiled.reads);
  for (const id of ids) {
    const person = created.get(id);
    if (!person) continue;
    people.push(recordOfCreated(person));
    events.set(id, selectReads(model.compiled.reads, person.events, now));
  }
  // In id order, as the locked read returns them: the writes then lock score rows in one global order.
  people.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const scores: StoredScore[] = [];
  const qualifying: TransitionFollow[] = [];
  for (const person of people) {
    const result = scoreOne(model, person, events.get(person.id) ?? [], now);
    const stored: StoredScore = {
      personId: person.id,
      modelVersion: model.version,
      fit: result.fit,
      engagement: result.engagement,
      decay: result.decay,
      total: result.total,
      qualifies: result.qualifies,
      rules: result.rules,
      lastEngagementAt: result.lastEngagementAt,
      scoredAt: now,
    };
    scores.push(stored);
    if (result.qualifies && requalifies(person, result.total)) {
      qualifying.push({
        personId: person.id,
        to: 'mql',
        reason: `score ${result.total} reached the threshold of ${result.threshold}`,
        agreementVersion: model.version,
      });
    }
  }
  // Every MQL of the batch moved from the stages read under the lock, and the scores stored
  // with their history: one statement (the score history last, its rows are the changed count).
  const locked = new Map(people.map((p) => [p.id, p.stage as Stage]));
  const moves = planTransitions(now, qualifying, QUALIFY_FROM, locked);
  outcome.changed = await writeTogether(trx, [
    ...stageChangeWrites(moves, now),
    ...scoreWrites(scores, cause),
  ]);
  outcome.qualified = moves.map((m) => m.personId);
  outcome.scored = scores.length;
  return outcome;
}

/**
 * The score at `now`, computed from the stored facts and events (exact decay for any
 * instant), with the rules that fired and their evidence, and the stored history.
 */
export async function readScore(db: Db, model: ActiveModel, personId: string, now: Date) {
  const [person] = await loadPeople(db, [personId]);
  if (!person) return undefined;
  const events = (await loadEvents(db, [personId], now)).get(personId) ?? [];
  const result = scoreOne(model, person, events, now);
  const history = await listScoreHistory(db, personId, 100);
  return { personId, modelVersion: model.version, at: now, ...result, history };
}
