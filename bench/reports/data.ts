import { sql } from 'kysely';
import type { Db } from '../../src/store/index.js';
import { BACKFILL as STAGE_ENTRY_BACKFILL } from '../../src/store/migrations/0024_stage_entry_rollup.js';

/**
 * The volume of `bench:reports`, generated inside PostgreSQL (generate_series) so that the
 * fill is not what is measured: `people` people created over 2026, 10 touchpoints each, and
 * a funnel drawn from a fixed hash of the person's number (r = i x 7919 mod 1000):
 *
 *   r < 200 MQL (20%), r < 120 SQL (60% of MQLs), 120 <= r < 160 disqualified,
 *   r < 60 opportunity, r < 15 customer (won), 15 <= r < 35 lost, other opportunities open.
 *
 * Each MQL has a first-touch and a routing SLA clock and a score; each opportunity one sales
 * activity; 60 owners in 6 teams; 20 campaigns with costs over the year. Ids are zero-padded
 * so that they arrive in key order: appending to the primary-key and event-id B-trees instead
 * of inserting at random places is what keeps the 10,000,000 touchpoints to a couple of minutes.
 */

const STEP = 200_000;

/**
 * Runs `work` with the secondary indexes of `tables` dropped, then builds them again from their
 * own definitions (pg_indexes): one index build is far cheaper than a million index inserts.
 * Indexes that back a constraint (primary keys, unique) stay.
 */
async function withoutIndexes(db: Db, tables: string[], work: () => Promise<void>): Promise<void> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
     where schemaname = current_schema() and tablename = any(${tables})
       and indexname not in (select conname from pg_constraint)`.execute(db);
  for (const row of rows) await sql.raw(`drop index ${row.indexname}`).execute(db);
  await work();
  for (const row of rows) await sql.raw(row.indexdef).execute(db);
}

export async function fillReports(
  db: Db,
  people: number,
  touchpointsPerPerson: number,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    seconds[name] = (performance.now() - started) / 1000;
    log(`  ${name}: ${seconds[name]!.toFixed(1)} s`);
  };
  const T = sql.raw(`timestamptz '2026-01-01 00:00:00+00'`);

  await timed('org and campaigns', async () => {
    await sql`insert into teams (id, name, function, created_at, updated_at)
      select 'tm_' || t, 'Team ' || t, 'ae', ${T}, ${T} from generate_series(0, 5) t`.execute(db);
    await sql`insert into users (id, email, name, role, team_id, time_zone, created_at, updated_at)
      select 'usr_' || u, 'rep' || u || '@bench.test', 'Rep ' || u, 'ae', 'tm_' || (u % 6), 'UTC', ${T}, ${T}
        from generate_series(0, 59) u`.execute(db);
    await sql`insert into campaigns (id, name, channel, status, cost_cents, currency, starts_on, ends_on, created_at, updated_at)
      select 'cmp_' || c, 'Campaign ' || c,
             (array['webinar','paid_search','paid_social','events','content','email'])[1 + c % 6],
             'active', 1000000 + c * 250000, 'USD',
             date '2026-01-01' + (c * 17), date '2026-01-01' + (c * 17) + 120, ${T}, ${T}
        from generate_series(1, 20) c`.execute(db);
  });

  // Instants of person i, as SQL over `i` and `r`.
  const lead = `(timestamptz '2026-01-01 00:00:00+00' + ((i::int8 * 104729) % 31536000) * interval '1 second')`;
  const mql = `(${lead} + (1 + r % 5) * interval '1 day')`;
  const sqlText = `(${mql} + (1 + r % 4) * interval '1 day')`;
  const opp = `(${sqlText} + (2 + r % 7) * interval '1 day')`;
  const close = `(${opp} + (20 + r % 40) * interval '1 day')`;
  const [leadAt, mqlAt, sqlAt, oppAt, closeAt] = [lead, mql, sqlText, opp, close].map((text) =>
    sql.raw(text),
  );
  const series = (from: number, to: number) =>
    sql`(select i, (i::int8 * 7919) % 1000 as r from generate_series(${from}::int, ${to}::int) i) g`;
  const chunks = async (name: string, per: (from: number, to: number) => Promise<unknown>) =>
    timed(name, async () => {
      for (let from = 1; from <= people; from += STEP) await per(from, Math.min(people, from + STEP - 1));
    });

  // The secondary indexes are dropped during the load and built once after it (timed apart);
  // the period funnel's rollup (migration 0024) is written once after them too: its triggers
  // would probe the stage history per entry without its indexes.
  await sql`alter table stage_history disable trigger user`.execute(db);
  let rebuilt = 0;
  await withoutIndexes(
    db,
    ['people', 'stage_history', 'sla_clocks', 'opportunities', 'activities', 'touchpoints', 'person_scores'],
    async () => {
      await chunks('people', (from, to) =>
        sql`insert into people (id, email, stage, stage_entered_at, owner_user_id, lead_source, employees, attributes, created_at, updated_at)
      select 'per_' || lpad(i::text, 7, '0'), null,
             case when r < 15 then 'customer' when r < 60 then 'opportunity' when r < 120 then 'sql'
                  when r < 160 then 'disqualified' when r < 200 then 'mql' else 'lead' end,
             ${leadAt}, 'usr_' || (i % 60),
             (array['webinar','paid_search','paid_social','events','content','email'])[1 + i % 6],
             (i * 37) % 1000, '{}'::jsonb, ${leadAt}, ${leadAt}
        from ${series(from, to)}`.execute(db),
      );

      await chunks('stage history', (from, to) =>
        sql`insert into stage_history (person_id, from_stage, to_stage, at, actor_type, reason_code, sla_seen)
      select 'per_' || lpad(i::text, 7, '0'), s.from_stage, s.to_stage, s.at, 'system', s.code, true
        from ${series(from, to)}
        cross join lateral (values
          (null, 'lead', ${leadAt}, null, true),
          ('lead', 'mql', ${mqlAt}, null, r < 200),
          ('mql', 'sql', ${sqlAt}, null, r < 120),
          ('mql', 'disqualified', ${mqlAt} + interval '3 days', 'DQ-0' || (1 + r % 7), r >= 120 and r < 160),
          ('sql', 'opportunity', ${oppAt}, null, r < 60),
          ('opportunity', 'customer', ${closeAt}, null, r < 15)
        ) s(from_stage, to_stage, at, code, keep)
       where s.keep`.execute(db),
      );

      await timed('scores, clocks, opportunities, activities', async () => {
        await sql`insert into person_scores (person_id, model_version, fit, engagement, decay, total, qualifies, rules, scored_at)
      select 'per_' || lpad(i::text, 7, '0'), 1, 30, 20 + r % 50, 0, 50 + r % 50, true, '[]'::jsonb, ${mqlAt}
        from ${series(1, people)} where r < 200`.execute(db);
        await sql`insert into sla_clocks (id, policy, person_id, agreement_version, started_at, due_at, stopped_at, status, breached_at, accountable_user_id, created_at)
      select 'clk_' || p.policy || '_' || i, p.policy, 'per_' || lpad(i::text, 7, '0'), 1, ${mqlAt}, ${mqlAt} + p.within,
             ${mqlAt} + p.took, case when p.took <= p.within then 'met' else 'breached' end,
             case when p.took > p.within then ${mqlAt} + p.within end, 'usr_' || (i % 60), ${mqlAt}
        from ${series(1, people)}
        cross join lateral (values
          ('mql_first_touch', interval '4 hours', ((r * 37) % 3000) * interval '1 minute'),
          ('mql_routed', interval '1 hour', (r % 90) * interval '1 minute')
        ) p(policy, within, took)
       where r < 200`.execute(db);
        await sql`insert into opportunities (id, name, person_id, owner_user_id, stage, amount_cents, currency, close_date, next_step, outcome, closed_at, close_reason, created_at, updated_at)
      select 'opp_' || i, 'Deal ' || i, 'per_' || lpad(i::text, 7, '0'), 'usr_' || (i % 60),
             case when r < 15 then 'closed_won' when r < 35 then 'closed_lost' else 'proposal' end,
             500000 + (i::int8 * 12345) % 5000000, 'USD',
             (case when r < 35 then ${closeAt} else ${oppAt} + interval '45 days' end)::date,
             case when r % 3 = 0 then null else 'Follow up' end,
             case when r < 15 then 'won' when r < 35 then 'lost' end,
             case when r < 35 then ${closeAt} end,
             case when r < 35 then 'reason' end,
             ${oppAt}, ${oppAt}
        from ${series(1, people)} where r < 60`.execute(db);
        await sql`insert into activities (id, type, direction, outcome, occurred_at, person_id, opportunity_id, user_id, created_at, sla_seen)
      select 'act_' || i, 'call', 'outbound', 'connected', ${oppAt} + interval '1 day', 'per_' || lpad(i::text, 7, '0'), 'opp_' || i,
             'usr_' || (i % 60), ${oppAt} + interval '1 day', true
        from ${series(1, people)} where r < 60`.execute(db);
      });

      await chunks(`touchpoints (${touchpointsPerPerson} a person)`, (from, to) =>
        sql`insert into touchpoints (event_id, type, occurred_at, received_at, person_id, campaign_id, channel)
      select 'e' || lpad(i::text, 7, '0') || '_' || k, 'page_view', ${leadAt} - k * interval '7 hours', ${leadAt} - k * interval '7 hours',
             'per_' || lpad(i::text, 7, '0'),
             case when k % 3 = 0 then 'cmp_' || (1 + (i * 3 + k) % 20) end,
             case when k % 2 = 0 then (array['webinar','paid_search','paid_social','events','content','email'])[1 + (i + k) % 6] end
        from ${series(from, to)} cross join generate_series(0, ${touchpointsPerPerson - 1}::int) k`.execute(
          db,
        ),
      );
      rebuilt = performance.now();
    },
  );
  seconds['secondary indexes'] = (performance.now() - rebuilt) / 1000;
  log(`  secondary indexes: ${seconds['secondary indexes']!.toFixed(1)} s`);
  await sql`alter table stage_history enable trigger user`.execute(db);
  await timed('period funnel rollup', () => sql.raw(STAGE_ENTRY_BACKFILL).execute(db));
  await timed('analyze', () => sql`analyze`.execute(db));
  return seconds;
}
