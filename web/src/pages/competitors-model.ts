/**
 * The Competitors page's pure helpers and the API shapes it reads (`GET /v1/competitors`,
 * `GET /v1/competitors/:name`, `GET /v1/win-loss`). Unit-tested in competitors-model.test.ts.
 */
import { formatMoney, formatPercent } from '../format.ts';

export interface Money {
  cents: number;
  currency: string;
}

export interface Battlecard {
  id: string;
  title: string;
  version: number;
  reviewedOn: string | null;
  link: string;
}

export interface CompetitorSummary {
  key: string;
  name: string;
  lost: number;
  lostValue: Money[];
  won: number;
  wonValue: Money[];
  winRate: number | null;
  dq05: number;
  lastSeen: string;
  battlecard: Battlecard | null;
}

export interface CompetitorList {
  items: CompetitorSummary[];
  unattributedDq05: number;
}

export interface CompetitorDeal {
  opportunityId: string;
  name: string;
  outcome: 'won' | 'lost';
  amount: Money;
  closedAt: string;
  reasonLabel: string | null;
  reasonText: string | null;
  winningFactor: string | null;
}

export interface CompetitorDetail extends CompetitorSummary {
  lostDeals: CompetitorDeal[];
  wonDeals: CompetitorDeal[];
  dq05Leads: {
    personId: string;
    name: string | null;
    company: string | null;
    decidedAt: string;
    notes: string | null;
  }[];
  notes: { opportunityId: string; outcome: string; closedAt: string; notes: string }[];
  lossReasons: { reason: string; count: number }[];
}

export type WinLossStatus = 'on_time' | 'late' | 'pending' | 'overdue';

export interface WinLossItem {
  opportunityId: string;
  opportunityName: string;
  ownerName: string | null;
  amount: Money;
  outcome: 'won' | 'lost';
  closedAt: string;
  dueAt: string;
  reasonLabel: string | null;
  reasonText: string | null;
  competitor: string | null;
  winningFactor: string | null;
  complete: boolean;
  status: WinLossStatus;
  missing: string[];
}

export interface WinLossList {
  summary: Record<WinLossStatus, number> & { total: number; missing: number };
  items: WinLossItem[];
}

/** Sums per currency, joined: "$12,000 + €3,000"; a dash for none. */
export function moneyText(amounts: readonly Money[]): string {
  return amounts.length === 0 ? '–' : amounts.map((m) => formatMoney(m.cents, m.currency)).join(' + ');
}

/** Win rate against every competitor together: deals won against one over all deals where one competed. */
export function overallWinRate(items: readonly Pick<CompetitorSummary, 'won' | 'lost'>[]): number | null {
  const won = items.reduce((t, c) => t + c.won, 0);
  const lost = items.reduce((t, c) => t + c.lost, 0);
  return won + lost === 0 ? null : won / (won + lost);
}

/** Lost value across competitors, per currency, largest first. */
export function totalLost(items: readonly Pick<CompetitorSummary, 'lostValue'>[]): Money[] {
  const sums = new Map<string, number>();
  for (const item of items)
    for (const m of item.lostValue) sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.cents);
  return [...sums].map(([currency, cents]) => ({ cents, currency })).sort((a, b) => b.cents - a.cents);
}

export function winRateText(rate: number | null): string {
  return formatPercent(rate, 0);
}

const STATUS: Record<WinLossStatus, string> = {
  on_time: 'Recorded in time',
  late: 'Recorded late',
  pending: 'Missing (due ahead)',
  overdue: 'Missing (overdue)',
};

export function statusText(item: Pick<WinLossItem, 'status' | 'missing'>): string {
  const fields = item.missing.map((path) => path.replace(/^\//, '')).join(', ');
  return fields ? `${STATUS[item.status]}: ${fields}` : STATUS[item.status];
}

/** A row to look at: the feedback is missing, or came after the 48 hours. */
export function flagged(item: Pick<WinLossItem, 'status'>): boolean {
  return item.status !== 'on_time';
}

/** Missing first (overdue before pending), then late, then the rest; newest close first within. */
export function orderForReview<T extends Pick<WinLossItem, 'status' | 'closedAt'>>(items: readonly T[]): T[] {
  const rank: Record<WinLossStatus, number> = { overdue: 0, pending: 1, late: 2, on_time: 3 };
  return [...items].sort((a, b) => rank[a.status] - rank[b.status] || b.closedAt.localeCompare(a.closedAt));
}

export function reasonText(deal: Pick<CompetitorDeal, 'reasonLabel' | 'reasonText'>): string {
  if (deal.reasonLabel && deal.reasonText) return `${deal.reasonLabel}: ${deal.reasonText}`;
  return deal.reasonLabel ?? deal.reasonText ?? '–';
}
