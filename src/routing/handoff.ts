import type { Db, Trx } from '../store/index.js';
import { personaOf } from './model.js';

/**
 * The hand-off package: everything the new owner needs to make the first call without
 * opening another tool (seed 001, "Lead Handoff Process"): who, why they scored, what they
 * did and read, the account and its open deals, the persona, and when the first touch is due.
 */
export interface HandoffScore {
  total: number;
  fit: number;
  engagement: number;
  decay: number;
  qualifies: boolean;
  modelVersion: number;
  /** One line per rule that fired, with its evidence. */
  explanation: string[];
  scoredAt: Date;
}

export interface HandoffPackage {
  person: {
    id: string;
    name: string;
    email: string | null;
    title: string | null;
    phone: string | null;
    company: string | null;
    country: string | null;
    leadSource: string | null;
    stage: string;
    stageEnteredAt: Date;
  };
  owner: { id: string; name: string; email: string } | null;
  score: HandoffScore | null;
  timeline: {
    at: Date;
    type: string;
    url: string | null;
    contentId: string | null;
    campaignId: string | null;
  }[];
  contentConsumed: { content: string; type: string; times: number; lastAt: Date }[];
  firmographics: {
    accountId: string;
    name: string;
    domain: string | null;
    employees: number | null;
    industry: string | null;
    country: string | null;
    region: string | null;
    annualRevenueCents: number | null;
    namedAccount: boolean;
    customer: boolean;
    partner: boolean;
  } | null;
  openOpportunities: {
    id: string;
    name: string;
    stage: string;
    amountCents: number;
    currency: string;
    closeDate: string | null;
    ownerUserId: string | null;
  }[];
  persona: string | null;
  /** The agreed talking points for the persona (filled by the messaging capability). */
  talkingPoints: string[] | null;
  routing: { rule: string | null; step: string | null; reason: string; decidedAt: Date } | null;
  /** What the SDR wrote when passing the lead on. */
  passNotes: string | null;
  sla: { routedAt: Date | null; firstTouchDueAt: Date | null };
}

/** Touchpoint types that mean the person consumed content. */
const CONTENT_TYPES = new Set([
  'content_download',
  'webinar_attended',
  'email_click',
  'page_view',
  'pricing_page_view',
]);
const TIMELINE_LIMIT = 50;

/** Scores stored by scoring, as the package shows them when no live score is given. */
function storedScore(row: {
  total: number;
  fit: number;
  engagement: number;
  decay: number;
  qualifies: boolean;
  model_version: number;
  rules: unknown;
  scored_at: Date;
}): HandoffScore {
  const rules = (Array.isArray(row.rules) ? row.rules : []) as { points: number; label: string }[];
  return {
    total: row.total,
    fit: row.fit,
    engagement: row.engagement,
    decay: row.decay,
    qualifies: row.qualifies,
    modelVersion: row.model_version,
    explanation: [
      ...rules.map((r) => `${r.points >= 0 ? '+' : ''}${r.points} ${r.label}`),
      ...(row.decay !== 0 ? [`${row.decay} inactivity decay`] : []),
    ],
    scoredAt: row.scored_at,
  };
}

export async function buildHandoff(
  db: Db | Trx,
  personId: string,
  options: { score?: HandoffScore | null; timelineLimit?: number } = {},
): Promise<HandoffPackage | undefined> {
  const person = await db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  if (!person) return undefined;
  // One query at a time: a transaction is one connection.
  const owner = await (person.owner_user_id
    ? db
        .selectFrom('users')
        .select(['id', 'name', 'email'])
        .where('id', '=', person.owner_user_id)
        .executeTakeFirst()
    : undefined);
  const account = await (person.account_id
    ? db.selectFrom('accounts').selectAll().where('id', '=', person.account_id).executeTakeFirst()
    : undefined);
  const scoreRow = await (options.score === undefined
    ? db.selectFrom('person_scores').selectAll().where('person_id', '=', personId).executeTakeFirst()
    : undefined);
  const touchpoints = await db
    .selectFrom('touchpoints')
    .select(['occurred_at', 'type', 'url', 'content_id', 'campaign_id'])
    .where('person_id', '=', personId)
    .orderBy('occurred_at', 'desc')
    .limit(options.timelineLimit ?? TIMELINE_LIMIT)
    .execute();
  const decision = await db
    .selectFrom('routing_decisions')
    .select(['rule_name', 'step', 'reason', 'decided_at'])
    .where('person_id', '=', personId)
    .where('outcome', '!=', 'unassigned')
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const pass = await db
    .selectFrom('dispositions')
    .select('notes')
    .where('person_id', '=', personId)
    .where('outcome', '=', 'passed')
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const opportunities = person.account_id
    ? await db
        .selectFrom('opportunities')
        .select(['id', 'name', 'stage', 'amount_cents', 'currency', 'close_date', 'owner_user_id'])
        .where('account_id', '=', person.account_id)
        .where('outcome', 'is', null)
        .orderBy('created_at')
        .execute()
    : [];

  const consumed = new Map<string, { content: string; type: string; times: number; lastAt: Date }>();
  for (const t of touchpoints) {
    if (!CONTENT_TYPES.has(t.type)) continue;
    const content = t.content_id ?? t.url;
    if (!content) continue;
    const key = `${t.type} ${content}`;
    const seen = consumed.get(key);
    if (seen) seen.times++;
    else consumed.set(key, { content, type: t.type, times: 1, lastAt: t.occurred_at });
  }
  const name = [person.first_name, person.last_name].filter(Boolean).join(' ') || person.email || person.id;
  return {
    person: {
      id: person.id,
      name,
      email: person.email,
      title: person.title,
      phone: person.phone,
      company: person.company ?? account?.name ?? null,
      country: person.country ?? account?.country ?? null,
      leadSource: person.lead_source,
      stage: person.stage,
      stageEnteredAt: person.stage_entered_at,
    },
    owner: owner ?? null,
    score: options.score !== undefined ? options.score : scoreRow ? storedScore(scoreRow) : null,
    timeline: touchpoints.map((t) => ({
      at: t.occurred_at,
      type: t.type,
      url: t.url,
      contentId: t.content_id,
      campaignId: t.campaign_id,
    })),
    contentConsumed: [...consumed.values()].filter((c) => c.type !== 'page_view' || c.times > 1),
    firmographics: account
      ? {
          accountId: account.id,
          name: account.name,
          domain: account.domain,
          employees: account.employees,
          industry: account.industry,
          country: account.country,
          region: account.region,
          annualRevenueCents: account.annual_revenue_cents,
          namedAccount: account.is_named_account,
          customer: account.is_customer,
          partner: account.is_partner,
        }
      : null,
    openOpportunities: opportunities.map((o) => ({
      id: o.id,
      name: o.name,
      stage: o.stage,
      amountCents: o.amount_cents,
      currency: o.currency,
      closeDate: o.close_date,
      ownerUserId: o.owner_user_id,
    })),
    persona: personaOf(person.title),
    talkingPoints: null,
    routing: decision
      ? {
          rule: decision.rule_name,
          step: decision.step,
          reason: decision.reason,
          decidedAt: decision.decided_at,
        }
      : null,
    passNotes: pass?.notes ?? null,
    sla: { routedAt: person.routed_at, firstTouchDueAt: person.first_touch_due_at },
  };
}

/** The package as the routing webhook carries it (the stored score, the last ten touchpoints). */
export async function summarizeHandoff(trx: Trx, personId: string): Promise<HandoffPackage> {
  const pkg = await buildHandoff(trx, personId, { timelineLimit: 10 });
  if (!pkg) throw new Error(`person ${personId} vanished inside the routing transaction`);
  return pkg;
}
