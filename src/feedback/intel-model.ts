import type { Money } from '../core/index.js';
import { competitorName, reasonLabel, type WinLossOutcome } from './winloss-model.js';

/**
 * Competitive intelligence as pure rules (issue 8: "gathering DQ-05 disqualifications,
 * lost-to-competitor deals and notes per competitor"; seed 001, DQ-05 "Competitor chosen:
 * feed to competitive intelligence; review positioning"). Competitors are one by their
 * normalised name, so "Acme " and "acme" count together.
 */

/** A closed deal whose win/loss record names a competitor. */
export interface CompetitorDeal {
  opportunityId: string;
  name: string;
  competitor: string;
  outcome: WinLossOutcome;
  amount: Money;
  closedAt: Date;
  ownerUserId: string | null;
  reasonCode: string | null;
  reasonText: string | null;
  winningFactor: string | null;
  notes: string | null;
}

/** A lead disqualified with DQ-05, and what the rep wrote. */
export interface Dq05Lead {
  personId: string;
  name: string | null;
  company: string | null;
  decidedAt: Date;
  notes: string | null;
  ownerUserId: string | null;
}

export interface Battlecard {
  id: string;
  competitor: string;
  title: string;
  version: number;
  reviewedOn: string | null;
  updatedAt: Date;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Which known competitor a DQ-05 note names: the longest known name found as whole words (any
 * case, any spacing), so "lost to Acme Cloud" is Acme Cloud and not Acme. Null when it names
 * none (the lead still counts as an unattributed DQ-05).
 */
export function competitorInNotes(notes: string | null, knownKeys: readonly string[]): string | null {
  if (!notes) return null;
  const text = notes.toLowerCase().replace(/\s+/g, ' ');
  const sorted = [...knownKeys].sort((a, b) => b.length - a.length);
  for (const key of sorted) {
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(key)}($|[^\\p{L}\\p{N}])`, 'u');
    if (pattern.test(text)) return key;
  }
  return null;
}

/**
 * A competitor a DQ-05 note names in the words reps use for it ("Chose Acme", "went with
 * Chili Piper", "lost to ACME Cloud", "competitor: Globex"): the capitalised words after the
 * phrase, up to three. For a note that names no competitor already known.
 */
export function namedInNotes(notes: string | null): { name: string; key: string } | null {
  if (!notes) return null;
  const match =
    /\b(?:chose|went with|signed with|lost to|switched to|competitor:?)\s+((?:[\p{Lu}\p{N}][\p{L}\p{N}&.'-]*)(?:\s+[\p{Lu}\p{N}][\p{L}\p{N}&.'-]*){0,2})/iu.exec(
      notes,
    );
  if (!match) return null;
  // The `i` flag lets the phrase match in any case; the name itself must start capitalised.
  const words = match[1]!.split(/\s+/).filter((w) => /^[\p{Lu}\p{N}]/u.test(w));
  const first = match[1]!.split(/\s+/)[0]!;
  if (!/^[\p{Lu}\p{N}]/u.test(first)) return null;
  return competitorName(words.join(' ').replace(/[.'-]+$/, ''));
}

/** Sums per currency, largest first: deals in several currencies are never added together. */
export function sumMoney(amounts: readonly Money[]): Money[] {
  const totals = new Map<string, number>();
  for (const a of amounts) totals.set(a.currency, (totals.get(a.currency) ?? 0) + a.cents);
  return [...totals]
    .map(([currency, cents]) => ({ cents, currency }))
    .sort((a, b) => b.cents - a.cents || a.currency.localeCompare(b.currency));
}

export interface CompetitorSummary {
  key: string;
  /** The spelling of the most recent deal (else the battlecard's). */
  name: string;
  lost: number;
  lostValue: Money[];
  won: number;
  wonValue: Money[];
  /** Won / (won + lost) of the deals where they competed; null without such deals. */
  winRate: number | null;
  dq05: number;
  lastSeen: Date;
  battlecard: Battlecard | null;
}

interface Group {
  deals: CompetitorDeal[];
  dq05: Dq05Lead[];
  /** When it was seen; deals carry the spelling, DQ-05 notes only the date. */
  sightings: { at: Date; name: string | null }[];
  battlecard: Battlecard | null;
}

/** Groups deals, DQ-05 leads and battlecards by competitor; DQ-05 notes are matched to the names seen. */
export function groupByCompetitor(
  deals: readonly CompetitorDeal[],
  dq05: readonly Dq05Lead[],
  battlecards: readonly Battlecard[],
): { groups: Map<string, Group>; unattributedDq05: Dq05Lead[] } {
  const groups = new Map<string, Group>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) {
      g = { deals: [], dq05: [], sightings: [], battlecard: null };
      groups.set(key, g);
    }
    return g;
  };
  for (const deal of deals) {
    const c = competitorName(deal.competitor);
    if (!c) continue;
    const g = group(c.key);
    g.deals.push(deal);
    g.sightings.push({ at: deal.closedAt, name: c.name });
  }
  const cards = new Map<string, Battlecard>();
  for (const card of battlecards) {
    const c = competitorName(card.competitor);
    if (!c) continue;
    const seen = cards.get(c.key);
    if (!seen || seen.updatedAt < card.updatedAt) cards.set(c.key, { ...card, competitor: c.name });
  }
  const known = [...new Set([...groups.keys(), ...cards.keys()])];
  const unattributedDq05: Dq05Lead[] = [];
  for (const lead of dq05) {
    const key = competitorInNotes(lead.notes, known);
    const named = key === null ? namedInNotes(lead.notes) : null;
    if (key === null && named === null) {
      unattributedDq05.push(lead);
      continue;
    }
    const g = group(key ?? named!.key);
    g.dq05.push(lead);
    g.sightings.push({ at: lead.decidedAt, name: named?.name ?? null });
  }
  for (const [key, g] of groups) g.battlecard = cards.get(key) ?? null;
  return { groups, unattributedDq05 };
}

export function summarise(key: string, g: Group): CompetitorSummary {
  const lost = g.deals.filter((d) => d.outcome === 'lost');
  const won = g.deals.filter((d) => d.outcome === 'won');
  const latest = g.sightings.reduce((a, b) => (b.at > a.at ? b : a));
  const named = g.sightings
    .filter((x) => x.name !== null)
    .reduce<(typeof g.sightings)[number] | null>((a, b) => (a === null || b.at > a.at ? b : a), null);
  return {
    key,
    name: named?.name ?? g.battlecard?.competitor ?? key,
    lost: lost.length,
    lostValue: sumMoney(lost.map((d) => d.amount)),
    won: won.length,
    wonValue: sumMoney(won.map((d) => d.amount)),
    winRate: g.deals.length === 0 ? null : won.length / g.deals.length,
    dq05: g.dq05.length,
    lastSeen: latest.at,
    battlecard: g.battlecard,
  };
}

/** Most lost value first, then most deals lost, then DQ-05s, then the name. */
export function rankCompetitors(summaries: CompetitorSummary[]): CompetitorSummary[] {
  const value = (s: CompetitorSummary) => s.lostValue[0]?.cents ?? 0;
  return [...summaries].sort(
    (a, b) => value(b) - value(a) || b.lost - a.lost || b.dq05 - a.dq05 || a.name.localeCompare(b.name),
  );
}

/** The loss reasons of the deals lost to a competitor, most common first (free text beside counts as its own). */
export function lossReasons(deals: readonly CompetitorDeal[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const d of deals) {
    if (d.outcome !== 'lost') continue;
    // "Chose competitor" says nothing new on a competitor's page: the text beside it says why.
    const label =
      (d.reasonCode === 'competitor' && d.reasonText) ||
      (reasonLabel('lost', d.reasonCode) ?? d.reasonText ?? 'not recorded');
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
