import type { EventCondCode } from './conditions.js';
import type { ScoringEvent } from './facts.js';

/**
 * Which of a person's touchpoints a compiled model can tell apart from none at all, so that
 * re-scoring on ingestion reads only those (the full history grows with every batch).
 *
 * A touchpoint changes a score in two ways only (`compile.ts`, `score()`): a condition counts
 * it, which needs it inside that condition's window, or it is the latest engagement, which
 * sets the decay however old it is. So a type is read back as far as its widest window (all
 * of it when one condition has none), and of the types that always engage only the latest
 * touchpoint is needed, with every touchpoint tied at that instant (the tie goes to the
 * smallest id). A type whose engaging depends on a `where` (a positive engagement rule's
 * condition with a filter, on a type outside `decay.engagementEvents`) is read in full.
 * `reads.property.test.ts` checks that a score from `selectReads` equals the score
 * from every touchpoint.
 */
export interface EventReads {
  /** Per type that a condition counts: how far back before `now` it is read (ms; Infinity: all). */
  readonly lookbackMs: ReadonlyMap<string, number>;
  /** Types of which every touchpoint is an engagement (resets the decay). */
  readonly engaging: readonly string[];
  /** Types whose url and properties a condition reads; the others are read without them. */
  readonly detailed: readonly string[];
}

interface TypeEntry {
  conds: number[];
  engages: boolean;
}

export function planReads(
  byType: ReadonlyMap<string, TypeEntry>,
  conds: readonly EventCondCode[],
): EventReads {
  const lookbackMs = new Map<string, number>();
  const engaging: string[] = [];
  const detailed: string[] = [];
  for (const [type, entry] of byType) {
    const always = entry.engages || entry.conds.some((c) => conds[c]!.engages && conds[c]!.where === null);
    if (always) engaging.push(type);
    if (entry.conds.some((c) => conds[c]!.where !== null)) detailed.push(type);
    if (entry.conds.length === 0) continue;
    let lookback = 0;
    for (const c of entry.conds) {
      const cond = conds[c]!;
      lookback = Math.max(
        lookback,
        cond.engages && cond.where !== null && !always ? Infinity : cond.windowMs,
      );
    }
    lookbackMs.set(type, lookback);
  }
  return { lookbackMs, engaging, detailed };
}

/**
 * The touchpoints `reads` keeps, in memory, the way `loadScoringEvents` selects them in SQL:
 * those at or before `now` within their type's lookback, plus the latest engaging ones; url
 * and properties only for detailed types. For tests and as the specification of the query.
 */
export function selectReads<E extends ScoringEvent>(reads: EventReads, events: readonly E[], now: Date): E[] {
  const nowMs = now.getTime();
  const engaging = new Set(reads.engaging);
  const detailed = new Set(reads.detailed);
  const at = (e: ScoringEvent) => (typeof e.occurredAt === 'number' ? e.occurredAt : e.occurredAt.getTime());
  let latest = Number.NEGATIVE_INFINITY;
  for (const e of events) if (engaging.has(e.type) && at(e) <= nowMs && at(e) > latest) latest = at(e);
  const kept: E[] = [];
  for (const e of events) {
    const t = at(e);
    if (!(t <= nowMs)) continue;
    const lookback = reads.lookbackMs.get(e.type);
    const inLookback = lookback !== undefined && t >= nowMs - lookback;
    if (!inLookback && !(engaging.has(e.type) && t === latest)) continue;
    kept.push(detailed.has(e.type) ? e : { ...e, url: null, properties: null });
  }
  return kept;
}
