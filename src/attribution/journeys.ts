import type { Journey, StageMarker, Touch } from './model.js';

/**
 * Journeys from store rows (pure): each conversion (or journey without one) with the touches
 * of its person, or of every contact of its account, up to the moment it ended; stage
 * markers on the last touch before the person (or the account's first contact) became a
 * lead, an opportunity and a customer; the value of opportunity and won conversions from
 * the opportunity's amount.
 */

export const CONVERSION_STAGES = {
  mql: 'mql',
  sql: 'sql',
  opportunity: 'opportunity',
  won: 'customer',
} as const;
export type ConversionKind = keyof typeof CONVERSION_STAGES;
export type Level = 'person' | 'account';

export interface Ending {
  personId: string;
  accountId: string | null;
  at: Date;
}

export interface JourneyRows {
  level: Level;
  kind: ConversionKind;
  converted: readonly Ending[];
  unconverted: readonly Ending[];
  touches: readonly {
    id: string;
    personId: string | null;
    accountId: string | null;
    channel: string | null;
    campaignId: string | null;
    at: Date;
  }[];
  /** Account level: the account of each contact. */
  contacts: ReadonlyMap<string, string>;
  moments: readonly { personId: string; stage: string; at: Date }[];
  opportunities: readonly {
    personId: string;
    amountCents: number;
    createdAt: Date;
    outcome: string | null;
    closedAt: Date | null;
  }[];
}

/** The key of the journey an ending belongs to: the person, or the person's account. */
export function journeyKey(level: Level, ending: { personId: string; accountId: string | null }): string {
  return level === 'account' && ending.accountId
    ? `account:${ending.accountId}`
    : `person:${ending.personId}`;
}

/** At account level, one journey per account: its earliest ending; converted accounts have no null journey. */
export function endingsByJourney(level: Level, converted: readonly Ending[], unconverted: readonly Ending[]) {
  const earliest = (endings: readonly Ending[]) => {
    const byKey = new Map<string, Ending>();
    for (const e of endings) {
      const key = journeyKey(level, e);
      const seen = byKey.get(key);
      if (!seen || e.at < seen.at) byKey.set(key, e);
    }
    return byKey;
  };
  const conversions = earliest(converted);
  const nulls = earliest(unconverted);
  for (const key of conversions.keys()) nulls.delete(key);
  return { conversions, nulls };
}

const MARKERS: Record<string, StageMarker> = {
  lead: 'lead_creation',
  opportunity: 'opportunity_creation',
  customer: 'closed_won',
};

function conversionValue(rows: JourneyRows, ending: Ending): number {
  if (rows.kind !== 'opportunity' && rows.kind !== 'won') return 0;
  let best: { amountCents: number; at: number } | undefined;
  for (const o of rows.opportunities) {
    if (o.personId !== ending.personId) continue;
    const at =
      rows.kind === 'won' ? (o.outcome === 'won' ? o.closedAt?.getTime() : undefined) : o.createdAt.getTime();
    if (at === undefined || at > ending.at.getTime()) continue;
    if (!best || at > best.at) best = { amountCents: o.amountCents, at };
  }
  return best ? best.amountCents / 100 : 0;
}

export function assembleJourneys(rows: JourneyRows): Journey[] {
  const { conversions, nulls } = endingsByJourney(rows.level, rows.converted, rows.unconverted);
  const keyOfTouch = (t: JourneyRows['touches'][number]): string | undefined => {
    if (rows.level === 'person') return t.personId ? `person:${t.personId}` : undefined;
    const account = t.accountId ?? (t.personId ? rows.contacts.get(t.personId) : undefined);
    return account ? `account:${account}` : t.personId ? `person:${t.personId}` : undefined;
  };
  const touchesByKey = new Map<string, JourneyRows['touches'][number][]>();
  const seen = new Set<string>();
  for (const t of rows.touches) {
    const key = keyOfTouch(t);
    if (!key || seen.has(t.id)) continue;
    seen.add(t.id);
    let list = touchesByKey.get(key);
    if (!list) {
      list = [];
      touchesByKey.set(key, list);
    }
    list.push(t);
  }
  const momentsByKey = new Map<string, Map<string, number>>();
  for (const m of rows.moments) {
    const key = journeyKey(rows.level, {
      personId: m.personId,
      accountId: rows.contacts.get(m.personId) ?? null,
    });
    let moments = momentsByKey.get(key);
    if (!moments) {
      moments = new Map();
      momentsByKey.set(key, moments);
    }
    const at = m.at.getTime();
    if (at < (moments.get(m.stage) ?? Number.POSITIVE_INFINITY)) moments.set(m.stage, at);
  }

  const journeys: Journey[] = [];
  const add = (key: string, ending: Ending, converted: boolean) => {
    const own = (touchesByKey.get(key) ?? [])
      .filter((t) => t.at.getTime() <= ending.at.getTime())
      .sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id));
    if (own.length === 0) return;
    const touches: Touch[] = own.map((t) => ({ channel: t.channel ?? '', campaign: t.campaignId, at: t.at }));
    for (const [stage, at] of momentsByKey.get(key) ?? []) {
      const marker = MARKERS[stage];
      if (!marker || at > ending.at.getTime()) continue;
      let index = -1;
      for (let i = 0; i < touches.length && touches[i]!.at.getTime() <= at; i++) index = i;
      if (index >= 0)
        touches[index] = { ...touches[index]!, stages: [...(touches[index]!.stages ?? []), marker] };
    }
    journeys.push({
      touches,
      conversions: converted ? 1 : 0,
      value: converted ? conversionValue(rows, ending) : 0,
      nulls: converted ? 0 : 1,
      endedAt: converted ? ending.at : touches[touches.length - 1]!.at,
    });
  };
  for (const [key, ending] of [...conversions].sort(([a], [b]) => a.localeCompare(b))) add(key, ending, true);
  for (const [key, ending] of [...nulls].sort(([a], [b]) => a.localeCompare(b))) add(key, ending, false);
  return journeys;
}
