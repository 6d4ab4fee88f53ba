import { handoffMessaging, type RecommendedAsset } from '../content/index.js';
import { sql } from 'kysely';
import type { Db, Trx } from '../store/index.js';
import { type LeadFacts, personaOf } from './model.js';
import { leadFactsOf } from './store.js';

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
  /** The agreed talking points for the persona and stage (content/ messaging); null: none agreed. */
  talkingPoints: string[] | null;
  /** Library assets for the persona and stage, not expired, the most specific first. */
  recommendedContent: RecommendedAsset[];
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

/** A touchpoint of the package's timeline as the read returns it (JSON: the time is text). */
interface TimelineJson {
  occurred_at: string;
  type: string;
  url: string | null;
  content_id: string | null;
  campaign_id: string | null;
}

/** An open deal of the person's account as the read returns it. */
interface DealJson {
  id: string;
  name: string;
  stage: string;
  amount_cents: number;
  currency: string;
  close_date: string | null;
  owner_user_id: string | null;
}

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

export interface HandoffOptions {
  timelineLimit?: number;
  withRouting?: boolean;
  now?: Date;
}

/**
 * The hand-off packages of many people with one read a part, whatever their number (the
 * routing of a batch of MQLs builds one for every lead): the people with their owner, account
 * and stored score; their latest touchpoints; their latest placement; the SDR's pass notes;
 * the accounts' open deals; the messaging once for each persona and stage. People not found
 * (or erased) are left out of the map.
 */
export async function buildHandoffs(
  db: Db | Trx,
  personIds: readonly string[],
  options: HandoffOptions = {},
): Promise<Map<string, HandoffPackage>> {
  const ids = [...new Set(personIds)].sort();
  if (ids.length === 0) return new Map();
  return packagesOf(db, await handoffRows(db, ids, options).execute(), options);
}

/** The people's rows with their owner, account, stored score, latest touchpoints and open deals. */
function handoffRows(db: Db | Trx, ids: readonly string[], options: HandoffOptions) {
  return (
    db
      .selectFrom('people as p')
      .leftJoin('users as u', 'u.id', 'p.owner_user_id')
      .leftJoin('accounts as a', 'a.id', 'p.account_id')
      .leftJoin('person_scores as s', 's.person_id', 'p.id')
      .selectAll('p')
      .select([
        'u.name as owner_name',
        'u.email as owner_email',
        'a.name as account_name',
        'a.domain as a_domain',
        'a.employees as account_employees',
        'a.industry as a_industry',
        'a.country as account_country',
        'a.region as region',
        'a.annual_revenue_cents as a_revenue',
        'a.is_named_account',
        'a.is_customer',
        'a.is_partner as a_partner',
        'a.owner_user_id as account_owner',
        's.total as s_total',
        's.fit as s_fit',
        's.engagement as s_engagement',
        's.decay as s_decay',
        's.qualifies as s_qualifies',
        's.model_version as s_version',
        's.rules as s_rules',
        's.scored_at as s_scored_at',
      ])
      // The latest touchpoints and the account's open deals come in the same row, as JSON: one
      // round trip for the package's reads, where three were (routing builds one for every lead
      // of a write, inside its transaction: bench/README.md, routing).
      .select(
        sql<TimelineJson[]>`(select coalesce(json_agg(json_build_object('occurred_at', t.occurred_at,
          'type', t.type, 'url', t.url, 'content_id', t.content_id, 'campaign_id', t.campaign_id)
          order by t.occurred_at desc), '[]')
        from (select occurred_at, type, url, content_id, campaign_id from touchpoints
               where person_id = p.id order by occurred_at desc
               limit ${options.timelineLimit ?? TIMELINE_LIMIT}) t)`.as('timeline_json'),
      )
      .select(
        sql<DealJson[]>`(select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name,
          'stage', o.stage, 'amount_cents', o.amount_cents, 'currency', o.currency,
          'close_date', o.close_date, 'owner_user_id', o.owner_user_id)
          order by o.created_at, o.id), '[]')
        from opportunities o where o.account_id = p.account_id and o.outcome is null)`.as('deals_json'),
      )
      .where('p.id', 'in', ids)
      .where('p.erased_at', 'is', null)
      .orderBy('p.id')
  );
}

type HandoffRow = Awaited<ReturnType<ReturnType<typeof handoffRows>['execute']>>[number];

/** The packages of rows `handoffRows` read: the latest placements, pass notes and messaging read for them. */
async function packagesOf(
  db: Db | Trx,
  rows: readonly HandoffRow[],
  options: HandoffOptions,
): Promise<Map<string, HandoffPackage>> {
  const packages = new Map<string, HandoffPackage>();
  if (rows.length === 0) return packages;
  const found = rows.map((r) => r.id);
  const decisions =
    options.withRouting === false
      ? new Map()
      : new Map(
          (
            await db
              .selectFrom('routing_decisions')
              .select(['person_id', 'rule_name', 'step', 'reason', 'decided_at'])
              .distinctOn('person_id')
              .where('person_id', 'in', found)
              .where('outcome', '!=', 'unassigned')
              .orderBy('person_id')
              .orderBy('decided_at', 'desc')
              .orderBy('id', 'desc')
              .execute()
          ).map((d) => [d.person_id, d]),
        );
  // Only a telequalified lead has pass notes.
  const passed = rows.filter((r) => r.stage !== 'mql' && r.stage !== 'lead').map((r) => r.id);
  const passes = new Map(
    passed.length === 0
      ? []
      : (
          await db
            .selectFrom('dispositions')
            .select(['person_id', 'notes'])
            .distinctOn('person_id')
            .where('person_id', 'in', passed)
            .where('outcome', '=', 'passed')
            .orderBy('person_id')
            .orderBy('decided_at', 'desc')
            .execute()
        ).map((d) => [d.person_id, d.notes]),
  );
  // One messaging read per persona and stage (and instant), not per person.
  const messaging = new Map<string, Awaited<ReturnType<typeof handoffMessaging>>>();

  for (const row of rows) {
    const person = row;
    const owner =
      row.owner_user_id && row.owner_name
        ? { id: row.owner_user_id, name: row.owner_name, email: row.owner_email ?? '' }
        : undefined;
    const account = row.account_id
      ? {
          id: row.account_id,
          name: row.account_name!,
          domain: row.a_domain,
          employees: row.account_employees,
          industry: row.a_industry,
          country: row.account_country,
          region: row.region,
          annual_revenue_cents: row.a_revenue,
          is_named_account: row.is_named_account === true,
          is_customer: row.is_customer === true,
          is_partner: row.a_partner === true,
        }
      : undefined;
    const scoreRow =
      row.s_total !== null
        ? {
            total: row.s_total,
            fit: row.s_fit!,
            engagement: row.s_engagement!,
            decay: row.s_decay!,
            qualifies: row.s_qualifies === true,
            model_version: row.s_version!,
            rules: row.s_rules,
            scored_at: row.s_scored_at!,
          }
        : undefined;
    const timeline = row.timeline_json.map((t) => ({ ...t, occurred_at: new Date(t.occurred_at) }));
    const decision = decisions.get(person.id);
    const consumed = new Map<string, { content: string; type: string; times: number; lastAt: Date }>();
    for (const t of timeline) {
      if (!CONTENT_TYPES.has(t.type)) continue;
      const content = t.content_id ?? t.url;
      if (!content) continue;
      const key = `${t.type} ${content}`;
      const seen = consumed.get(key);
      if (seen) seen.times++;
      else consumed.set(key, { content, type: t.type, times: 1, lastAt: t.occurred_at });
    }
    const name = [person.first_name, person.last_name].filter(Boolean).join(' ') || person.email || person.id;
    const persona = personaOf(person.title);
    // Without `now` (tools and tests) expiry is judged as of the person's last change.
    const at = options.now ?? person.updated_at;
    const audienceKey = `${persona ?? ''}\u0000${person.stage}\u0000${at.toISOString()}`;
    let message = messaging.get(audienceKey);
    if (!message) {
      message = await handoffMessaging(db, { persona, stage: person.stage }, at);
      messaging.set(audienceKey, message);
    }
    packages.set(person.id, {
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
      score: scoreRow ? storedScore(scoreRow) : null,
      timeline: timeline.map((t) => ({
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
      openOpportunities: row.deals_json.map((o) => ({
        id: o.id,
        name: o.name,
        stage: o.stage,
        amountCents: o.amount_cents,
        currency: o.currency,
        closeDate: o.close_date,
        ownerUserId: o.owner_user_id,
      })),
      persona,
      // Each package its own arrays: a caller may change one package without touching another.
      talkingPoints: message.talkingPoints ? [...message.talkingPoints] : null,
      recommendedContent: message.recommendedContent.map((c) => ({ ...c })),
      routing: decision
        ? {
            rule: decision.rule_name,
            step: decision.step,
            reason: decision.reason,
            decidedAt: decision.decided_at,
          }
        : null,
      passNotes: passes.get(person.id) ?? null,
      sla: { routedAt: person.routed_at, firstTouchDueAt: person.first_touch_due_at },
    });
  }
  return packages;
}

/** One person's package; `score` replaces the stored score (the API computes it live). */
export async function buildHandoff(
  db: Db | Trx,
  personId: string,
  options: HandoffOptions & { score?: HandoffScore | null } = {},
): Promise<HandoffPackage | undefined> {
  const { score, ...rest } = options;
  const pkg = (await buildHandoffs(db, [personId], rest)).get(personId);
  if (pkg && score !== undefined) pkg.score = score;
  return pkg;
}

/** The packages as the routing webhook carries them: the stored score, the last ten touchpoints. */
const ROUTED: Omit<HandoffOptions, 'now'> = { timelineLimit: 10, withRouting: false };

/** What routing reads of its leads in one statement: their facts, and their packages on demand. */
export interface LockedLeads {
  leads: LeadFacts[];
  /** The packages of these leads (some of `leads`), as the routing webhook carries them. */
  summarize(personIds: readonly string[]): Promise<Map<string, HandoffPackage>>;
}

/**
 * The leads' rows locked to the commit, in id order (two routings of one lead never run side
 * by side), read with everything their hand-off packages need: one round trip where the facts
 * and the packages were two. What the row's sub-queries read (touchpoints, deals) is as of the
 * statement's start, as a read just before the lock would have been; the person's own row is
 * the current one.
 */
export async function lockLeads(trx: Trx, personIds: readonly string[], now: Date): Promise<LockedLeads> {
  const ids = [...new Set(personIds)].sort();
  const rows = ids.length === 0 ? [] : await handoffRows(trx, ids, ROUTED).forUpdate('p').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    leads: rows.map(leadFactsOf),
    async summarize(wanted) {
      const picked = wanted.map((id) => {
        const row = byId.get(id);
        // The routing decision being made fills `routing` (the caller sets it).
        if (!row) throw new Error(`person ${id} vanished inside the routing transaction`);
        return row;
      });
      return packagesOf(trx, picked, { ...ROUTED, now });
    },
  };
}
