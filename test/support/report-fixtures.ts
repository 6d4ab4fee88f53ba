import type { Ctx } from '../../src/app.js';
import { newTeam, newUser, rawPerson } from './factories.js';

/**
 * The small fixed dataset of the report tests (src/reports/*.test.ts, test/e2e/reports.test.ts):
 * October 2026 against September 2026, every figure chosen to be checked by hand. The
 * arithmetic each test expects is commented where it is asserted.
 *
 * October: leads P1..P10 (P_n enters Lead on Oct n at 09:00); P1..P6 become MQLs a day later;
 * P1..P4 SQLs two days after that; P1, P2 opportunities three days after that; P1 a customer
 * ten days after that; P5, P6 are disqualified (DQ-07) two days after their MQL.
 * September: leads P11..P14 on Sep 10; P11..P13 MQLs on Sep 11; P11 an SQL on Sep 13.
 *
 * Speed-to-lead (`mql_first_touch` clocks started at each October MQL): P1 3 min, P2 20 min,
 * P3 45 min, P4 2 h, P5 30 h (breached), P6 never answered (running, long past due).
 *
 * Deals: P1's deal ($30,000) won Oct 17; "Direct deal" ($20,000, no contact, created Oct 1)
 * won Oct 21; "Lost deal" ($10,000) lost Oct 20; P2's deal ($50,000, open, closes Oct 30,
 * next step "Demo", an activity on P2 on Oct 9); "Old deal" ($40,000, created Sep 1, open,
 * closes Oct 20, no next step, no activity).
 *
 * Campaigns: "Webinar Oct" (webinar, $3,100, Oct 1-31) is the first touch of P1..P4; "Social
 * Sep-Oct" (paid_social, $600, Sep 16 - Oct 15) of P5, P6. Scores: P1..P4 80, P5, P6 55.
 */

export const REPORT_NOW = '2026-11-02T12:00:00.000Z';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface ReportDataset {
  people: string[];
  userId: string;
  teamId: string;
  campaigns: { webinar: string; social: string };
  opportunities: { p2: string; old: string };
}

const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);
const oct = (n: number) => `2026-10-${String(n).padStart(2, '0')}`;

export async function buildReportDataset(ctx: Ctx): Promise<ReportDataset> {
  const db = ctx.db;
  const team = await newTeam(ctx, { name: 'Report AEs' });
  const user = await newUser(ctx, { teamId: team.id, name: 'Ada Report' });
  const people: string[] = [];
  for (let i = 0; i < 14; i += 1) people.push((await rawPerson(ctx)).id);
  const p = (n: number) => people[n - 1]!;
  await db
    .updateTable('people')
    .set({ owner_user_id: user.id })
    .where('id', 'in', people.slice(0, 4))
    .execute();

  const enter = (person: string, to: string, when: Date, reasonCode: string | null = null) =>
    db
      .insertInto('stage_history')
      .values({
        person_id: person,
        from_stage: null,
        to_stage: to,
        at: when,
        actor_type: 'system',
        actor_id: null,
        reason: null,
        reason_code: reasonCode,
        agreement_version: 1,
      })
      .execute();

  const mqlAt: Date[] = [];
  for (let n = 1; n <= 10; n += 1) {
    const lead = at(oct(n));
    await enter(p(n), 'lead', lead);
    if (n > 6) continue;
    const mql = plus(lead, DAY);
    mqlAt[n] = mql;
    await enter(p(n), 'mql', mql);
    if (n >= 5) {
      await enter(p(n), 'disqualified', plus(mql, 2 * DAY), 'DQ-07');
      continue;
    }
    const sql = plus(mql, 2 * DAY);
    await enter(p(n), 'sql', sql);
    if (n > 2) continue;
    const opp = plus(sql, 3 * DAY);
    await enter(p(n), 'opportunity', opp);
    if (n === 1) await enter(p(n), 'customer', plus(opp, 10 * DAY));
  }
  for (let n = 11; n <= 14; n += 1) {
    await enter(p(n), 'lead', at('2026-09-10'));
    if (n <= 13) await enter(p(n), 'mql', at('2026-09-11'));
    if (n === 11) await enter(p(n), 'sql', at('2026-09-13'));
  }

  // Speed-to-lead clocks: answered after 3 min, 20 min, 45 min, 2 h, 30 h; P6 never.
  const answers: (number | null)[] = [3 * MIN, 20 * MIN, 45 * MIN, 2 * HOUR, 30 * HOUR, null];
  for (let n = 1; n <= 6; n += 1) {
    const started = mqlAt[n]!;
    const due = plus(started, 4 * HOUR);
    const answer = answers[n - 1]!;
    const stopped = answer === null ? null : plus(started, answer);
    await db
      .insertInto('sla_clocks')
      .values({
        id: `clk_report_${n}_${people[0]}`,
        policy: 'mql_first_touch',
        person_id: p(n),
        agreement_version: 1,
        started_at: started,
        due_at: due,
        stopped_at: stopped,
        status: stopped === null ? 'running' : stopped <= due ? 'met' : 'breached',
        breached_at: stopped !== null && stopped > due ? due : null,
        accountable_user_id: user.id,
        created_at: started,
      })
      .execute();
  }

  const now = at('2026-09-01');
  const campaign = async (name: string, channel: string, cents: number, from: string, to: string) => {
    const id = ctx.ids.next('cmp');
    await db
      .insertInto('campaigns')
      .values({
        id,
        name,
        channel,
        status: 'active',
        cost_cents: cents,
        currency: 'USD',
        starts_on: from,
        ends_on: to,
        owner_user_id: null,
        external_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  };
  const webinar = await campaign('Webinar Oct', 'webinar', 310_000, '2026-10-01', '2026-10-31');
  const social = await campaign('Social Sep-Oct', 'paid_social', 60_000, '2026-09-16', '2026-10-15');
  for (let n = 1; n <= 6; n += 1) {
    const cmp = n <= 4 ? webinar : social;
    // A page view without channel first: the first touch that carries one is what counts.
    for (const [i, channel, campaignId] of [
      [0, null, null],
      [1, n <= 4 ? 'webinar' : 'paid_social', cmp],
    ] as const)
      await db
        .insertInto('touchpoints')
        .values({
          event_id: `evt_report_${people[0]}_${n}_${i}`,
          type: i === 0 ? 'page_view' : 'form_fill',
          occurred_at: plus(at(oct(n), 8), i * MIN),
          received_at: plus(at(oct(n), 8), i * MIN),
          person_id: p(n),
          campaign_id: campaignId,
          channel,
        })
        .execute();
    await db
      .insertInto('person_scores')
      .values({
        person_id: p(n),
        model_version: 1,
        fit: 40,
        engagement: n <= 4 ? 40 : 15,
        decay: 0,
        total: n <= 4 ? 80 : 55,
        qualifies: true,
        rules: '[]',
        last_engagement_at: null,
        scored_at: mqlAt[n]!,
      })
      .execute();
  }

  const opportunity = async (o: {
    name: string;
    person?: string;
    cents: number;
    created: Date;
    closeDate: string;
    outcome?: 'won' | 'lost';
    closedAt?: Date;
    nextStep?: string | null;
  }) => {
    const id = ctx.ids.next('opp');
    await db
      .insertInto('opportunities')
      .values({
        id,
        name: o.name,
        account_id: null,
        person_id: o.person ?? null,
        owner_user_id: null,
        campaign_id: null,
        source: null,
        stage: o.outcome === 'won' ? 'closed_won' : o.outcome === 'lost' ? 'closed_lost' : 'proposal',
        amount_cents: o.cents,
        currency: 'USD',
        close_date: o.closeDate,
        next_step: o.nextStep ?? null,
        outcome: o.outcome ?? null,
        closed_at: o.closedAt ?? null,
        close_reason: o.outcome ? 'reason' : null,
        competitor: null,
        winning_factor: null,
        external_id: null,
        created_at: o.created,
        updated_at: o.closedAt ?? o.created,
      })
      .execute();
    return id;
  };
  await opportunity({
    name: 'P1 deal',
    person: p(1),
    cents: 3_000_000,
    created: at(oct(7)),
    closeDate: oct(17),
    outcome: 'won',
    closedAt: at(oct(17)),
  });
  await opportunity({
    name: 'Direct deal',
    cents: 2_000_000,
    created: at(oct(1)),
    closeDate: oct(21),
    outcome: 'won',
    closedAt: at(oct(21)),
  });
  await opportunity({
    name: 'Lost deal',
    cents: 1_000_000,
    created: at(oct(2)),
    closeDate: oct(20),
    outcome: 'lost',
    closedAt: at(oct(20)),
  });
  const p2 = await opportunity({
    name: 'P2 deal',
    person: p(2),
    cents: 5_000_000,
    created: at(oct(8)),
    closeDate: oct(30),
    nextStep: 'Demo',
  });
  const old = await opportunity({
    name: 'Old deal',
    cents: 4_000_000,
    created: at('2026-09-01'),
    closeDate: oct(20),
  });
  await db
    .insertInto('activities')
    .values({
      id: ctx.ids.next('act'),
      type: 'call',
      direction: 'outbound',
      outcome: 'connected',
      occurred_at: at(oct(9)),
      person_id: p(2),
      account_id: null,
      opportunity_id: null,
      user_id: user.id,
      subject: null,
      notes: null,
      duration_seconds: null,
      external_id: null,
      created_at: at(oct(9)),
      sla_seen: true,
    })
    .execute();
  return {
    people,
    userId: user.id,
    teamId: team.id,
    campaigns: { webinar, social },
    opportunities: { p2, old },
  };
}
