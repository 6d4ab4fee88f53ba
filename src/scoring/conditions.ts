import type { PersonFacts, ScoringEvent } from './facts.js';
import type { EventCondition, FieldCondition, FlagCondition } from './rules.js';

/**
 * One condition of a scoring rule compiled to a closure over prepared values (regular
 * expressions built once, lowercased sets). Values from the agreement stay data: nothing
 * here builds source text.
 */

export const DAY_MS = 86_400_000;

export type PersonPredicate = (person: PersonFacts) => boolean;
export type EventPredicate = (event: ScoringEvent) => boolean;

export interface EventCondCode {
  windowMs: number;
  /** A touchpoint it matches (in its window or not) is engagement: it resets the decay. */
  engages: boolean;
  where: EventPredicate | null;
  sessions: boolean;
  atLeast: number;
}

export function compileField(condition: FieldCondition): PersonPredicate {
  const field = condition.field;
  const tests: ((value: string | number) => boolean)[] = [];
  if (condition.matchesAny) {
    const patterns = condition.matchesAny.map((source) => new RegExp(source, 'i'));
    tests.push((value) => {
      const text = typeof value === 'string' ? value : String(value);
      for (const pattern of patterns) if (pattern.test(text)) return true;
      return false;
    });
  }
  if (condition.in) {
    const values = new Set(condition.in.map((value) => value.trim().toLowerCase()));
    tests.push((value) => {
      const text = typeof value === 'string' ? value.trim() : String(value);
      return values.has(text) || values.has(text.toLowerCase());
    });
  }
  const { min, max } = condition;
  if (min !== undefined || max !== undefined) {
    const low = min ?? Number.NEGATIVE_INFINITY;
    const high = max ?? Number.POSITIVE_INFINITY;
    tests.push((value) => {
      const number = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
      return number >= low && number <= high; // inclusive; NaN fails both
    });
  }
  return (person) => {
    const value = person[field];
    if (value === null || value === undefined || value === '') return false;
    for (const test of tests) if (!test(value)) return false;
    return true;
  };
}

export function compileFlags(condition: FlagCondition): PersonPredicate {
  const flags = [...condition.flags];
  return (person) => {
    for (const flag of flags) if (person.flags[flag]) return true;
    return false;
  };
}

export function compileEventCondition(condition: EventCondition): EventCondCode {
  return {
    windowMs: condition.withinDays === undefined ? Number.POSITIVE_INFINITY : condition.withinDays * DAY_MS,
    engages: false,
    where: condition.where ? compileWhere(condition.where) : null,
    sessions: condition.sessions === true,
    atLeast: condition.atLeast ?? 1,
  };
}

/**
 * `where`: when the touchpoint carries the property, it decides (one of `in`,
 * case-insensitive); only without it does the URL decide. So a download tagged
 * `intent: high` at a `/blog/` URL is high-intent, not both high and low.
 */
function compileWhere(where: NonNullable<EventCondition['where']>): EventPredicate | null {
  const property = where.property;
  const values = where.in ? new Set(where.in.map((value) => value.trim().toLowerCase())) : null;
  const urls = where.urlMatchesAny ? where.urlMatchesAny.map((source) => new RegExp(source, 'i')) : null;
  if (property === undefined && urls === null) return null;
  return (event) => {
    const properties = event.properties;
    if (property !== undefined && properties && Object.hasOwn(properties, property)) {
      const value = properties[property];
      if (values === null) {
        if (value !== null && value !== undefined && value !== '') return true;
      } else if (typeof value === 'string') {
        if (values.has(value) || values.has(value.trim().toLowerCase())) return true;
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        if (values.has(String(value))) return true;
      }
      return false;
    }
    const url = event.url;
    if (urls !== null && url) for (const pattern of urls) if (pattern.test(url)) return true;
    return false;
  };
}
