/**
 * `npm run bench:routing-floor`: the least database CPU a routed lead can cost on this schema,
 * to say whether `bench:routing`'s target (p99 < 50 ms at 200/s) is within reach of any
 * shape of write on the machine, or only of more cores. See bench/README.md, routing.
 *
 * pgbench (Debian's, beside the server's binaries) runs two transactions against a database
 * migrated to the latest schema, with its triggers, indexes and foreign keys, on as many
 * connections as `bench:routing` keeps requests in flight:
 *
 * - **routed lead, ideal shape**: the write `bench:routing` makes for a new MQL, three leads a
 *   transaction (what a coalesced write held there, on average), in the fewest round trips
 *   the work allows: one read (the pool's lock and counters through the server's own
 *   `lock_routing_pools`, the people by email, the accounts by domain) and one statement that writes everything (account, person already an owned MQL,
 *   visitor, two touchpoints, the lead and MQL entries, score and score history, the counter,
 *   the decision with every rule's check, the outbox row and its webhook delivery), then the
 *   commit. Payload sizes as stored by `bench:routing` (checks ~1 KB, the hand-off ~1.5 KB,
 *   the score's rules ~1 KB).
 * - **baseline**: `bench:routing`'s baseline write in the same shape (three anonymous page
 *   views a transaction: the visitor sighting and the touchpoint).
 *
 * Each in two protocol modes: `prepared` (plans cached: the floor) and `extended` (each
 * statement parsed and planned every time, as the server's unnamed statements are). The
 * figure is the database's CPU (the postmaster's process tree, from /proc) per lead; phases
 * alternate, `--rounds` times. The server's, the worker's and the client's CPU come on top:
 * bench:routing measures those.
 *
 *   --seconds S    a phase's duration (default 15)
 *   --clients C    pgbench connections (default 10, autocannon's connections in bench:routing)
 *   --rounds R     the phases, R times over (default 3)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { sql } from 'kysely';
import { migrateToLatest, openStore } from '../../src/store/index.js';
import { treeCpuMs } from '../support/cpu.js';
import { benchPostgres, createDatabase, dropDatabase, findPostgresBin } from '../support/postgres-server.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    clients: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const ROUNDS = Number(args.rounds);
/** Leads (or page views) a transaction: bench:routing's coalesced writes held ~3.2 requests. */
const PER_WRITE = 3;
const POOLS = ['roles=sdr;territory=North America', 'roles=sdr;territory=EMEA'];

/** A JSON text of about `bytes` bytes, shaped like a list of labelled checks. */
function payload(bytes: number): string {
  const items: { rule: string; matched: boolean; why: string }[] = [];
  for (let i = 0; JSON.stringify(items).length < bytes; i++)
    items.push({ rule: `rule ${i}`, matched: i % 3 === 0, why: `employees 120 within 50-499 (${i})` });
  return JSON.stringify(items);
}

const keys = Array.from({ length: PER_WRITE }, (_, i) => `:k${i}`);
const setKeys = keys.map((k) => `\\set ${k.slice(1)} random(1, 9000000000000000000)`).join('\n');
/** `select` of one row per key of the transaction, as `k(k)`. */
const keyRows = `(values ${keys.map((k) => `('l' || ${k}::text)`).join(', ')}) as k(k)`;

const LEAD = `${setKeys}
\\set pool random(1, ${POOLS.length})
begin;
select (select array_agg(l.user_id || ':' || l.assigned)
    from lock_routing_pools(array[(array['${POOLS.join("','")}'])[:pool]]) l),
  (select count(*) from people p join ${keyRows} on p.email = k.k || '@' || k.k || '.example'),
  (select count(*) from accounts a join ${keyRows} on a.domain = k.k || '.example');
with k as materialized (select k.k, (select c.user_id from routing_counters c
    where c.pool_key = (array['${POOLS.join("','")}'])[:pool] order by c.assigned, c.user_id limit 1) as owner
  from ${keyRows}),
acc as (insert into accounts (id, name, domain, employees, industry, country, created_at, updated_at)
  select 'acc_' || k, 'Company ' || k, k || '.example', 120, 'Software', 'US', now(), now() from k),
ppl as (insert into people (id, email, first_name, last_name, title, company, account_id, stage,
    stage_entered_at, owner_user_id, country, industry, employees, created_at, updated_at, routed_at,
    first_touch_due_at)
  select 'per_' || k, k || '@' || k || '.example', 'Ann', 'Lee', 'VP Marketing', 'Company ' || k,
    'acc_' || k, 'mql', now(), owner, 'US', 'Software', 120, now(), now(), now(), now() + interval '1 hour'
  from k),
vis as (insert into visitors (visitor_id, person_id, first_seen_at, last_seen_at, identified_at)
  select 'vis_' || k, 'per_' || k, now(), now(), now() from k),
tp as (insert into touchpoints (event_id, type, occurred_at, received_at, person_id, visitor_id,
    account_id, channel, url, properties)
  select 'evt_' || k || t, t, now(), now(), 'per_' || k, 'vis_' || k, 'acc_' || k, 'direct',
    'https://servio.example/' || t, '{}'::jsonb
  from k, unnest(array['pricing_page_view', 'demo_request']) t),
sh as (insert into stage_history (person_id, from_stage, to_stage, at, actor_type, agreement_version)
  select 'per_' || k, s.f, s.t, now(), 'system', 1 from k, (values (null, 'lead'), ('lead', 'mql')) s(f, t)),
ps as (insert into person_scores (person_id, model_version, fit, engagement, decay, total, qualifies,
    rules, last_engagement_at, scored_at)
  select 'per_' || k, 1, 50, 40, 0, 90, true, (select body from floor_payloads where name = 'rules'), now(), now() from k),
hs as (insert into score_history (person_id, at, model_version, fit, engagement, total, cause)
  select 'per_' || k, now(), 1, 50, 40, 90, 'event' from k),
cnt as (update routing_counters c set assigned = c.assigned + ${PER_WRITE}, last_assigned_at = now()
  where c.pool_key = (array['${POOLS.join("','")}'])[:pool] and c.user_id = (select owner from k limit 1)),
rd as (insert into routing_decisions (id, person_id, decided_at, trigger, agreement_version, outcome,
    rule_index, rule_name, step, pool, owner_user_id, checks, reason, actor_type)
  select 'rtd_' || k, 'per_' || k, now(), 'mql', 1, 'assigned', 4, 'Mid-market', 'qualification',
    (array['${POOLS.join("','")}'])[:pool], owner, (select body from floor_payloads where name = 'checks'), 'round robin', 'system' from k),
ob as (insert into outbox (id, type, text, subject_person_id, data, created_at)
  select 'obx_' || k, 'lead.routed', 'Ann Lee (Company) was routed to you', 'per_' || k,
    (select body from floor_payloads where name = 'handoff'), now() from k)
insert into webhook_deliveries (id, outbox_id, subscription_id, status, next_attempt_at, created_at)
  select 'dlv_' || k, 'obx_' || k, 'whk_floor', 'pending', now(), now() from k;
commit;
`;

const BASELINE = `${setKeys}
begin;
insert into visitors as v (visitor_id, first_seen_at, last_seen_at)
  select 'vis_' || k, now(), now() from ${keyRows}
  on conflict (visitor_id) do update set last_seen_at = greatest(v.last_seen_at, excluded.last_seen_at);
insert into touchpoints (event_id, type, occurred_at, received_at, visitor_id, channel, url, properties)
  select 'evt_' || k, 'page_view', now(), now(), 'vis_' || k, 'direct', 'https://servio.example/', '{}'::jsonb
  from ${keyRows} on conflict (event_id) do nothing;
commit;
`;

type Phase = 'baseline' | 'routed lead';
const MODES = ['prepared', 'extended'] as const;
type Mode = (typeof MODES)[number];

interface Figures {
  units: number;
  dbMsPerUnit: number;
  latencyMs: number;
}

async function run(
  pgbench: string,
  url: string,
  script: string,
  mode: Mode,
  postmaster: number,
): Promise<Figures> {
  const before = treeCpuMs(postmaster)!;
  const { stdout } = await promisify(execFile)(pgbench, [
    '--no-vacuum',
    `--client=${CLIENTS}`,
    '--jobs=2',
    `--time=${SECONDS}`,
    `--protocol=${mode}`,
    `--file=${script}`,
    url,
  ]);
  // Exited backends' time reaches the postmaster once it reaps them.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const spent = treeCpuMs(postmaster)! - before;
  const field = (label: RegExp) => {
    const match = stdout.match(label);
    if (!match) throw new Error(`pgbench printed no ${label}:\n${stdout}`);
    return Number(match[1]);
  };
  const failed = stdout.match(/number of failed transactions: (\d+)/);
  if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: failed transactions\n${stdout}`);
  const units = field(/number of transactions actually processed: (\d+)/) * PER_WRITE;
  return { units, dbMsPerUnit: spent / units, latencyMs: field(/latency average = ([\d.]+) ms/) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const cleanups: (() => Promise<void>)[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'servio-floor-'));
cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
try {
  const bin = findPostgresBin();
  if (!bin) throw new Error('pgbench not found: no PostgreSQL binaries under /usr/lib/postgresql');
  const { server, version, postmaster } = await benchPostgres(cleanups);
  if (postmaster === undefined) throw new Error('the database runs elsewhere: its CPU cannot be read here');
  const name = `servio_bench_routing_floor_${process.pid}`;
  const url = await createDatabase(server.adminUrl, name);
  cleanups.unshift(() => dropDatabase(server.adminUrl, name));
  const store = await openStore({ databaseUrl: url, poolSize: 1 });
  try {
    await migrateToLatest(store.db);
    // What the writes refer to: the pools' users and counters, the webhook subscription.
    await sql`insert into users (id, email, name, role, time_zone, created_at, updated_at)
      select 'usr_' || g, 'sdr' || g || '@servio.example', 'SDR ' || g, 'sales_rep', 'UTC', now(), now()
        from generate_series(1, 7) g`.execute(store.db);
    await sql`insert into routing_pools (pool_key) values (${POOLS[0]}), (${POOLS[1]})`.execute(store.db);
    await sql`insert into routing_counters (pool_key, user_id, assigned)
      select (array[${sql.join(POOLS)}])[1 + (g > 4)::int], 'usr_' || g, 0 from generate_series(1, 7) g`.execute(
      store.db,
    );
    // The payloads from a table: pgbench would read the JSON's colons as its variables.
    await sql`create table floor_payloads (name text primary key, body jsonb not null)`.execute(store.db);
    await sql`insert into floor_payloads values ('rules', ${payload(1000)}), ('checks', ${payload(950)}),
      ('handoff', ${payload(1500)})`.execute(store.db);
    await sql`insert into webhook_subscriptions (id, url, secret, events, format, created_at, updated_at)
      values ('whk_floor', 'http://127.0.0.1:9/', 'secret', '["lead.*"]', 'json', now(), now())`.execute(
      store.db,
    );
  } finally {
    await store.close();
  }
  const scripts: Record<Phase, string> = {
    baseline: path.join(dir, 'baseline.sql'),
    'routed lead': path.join(dir, 'lead.sql'),
  };
  writeFileSync(scripts.baseline, BASELINE);
  writeFileSync(scripts['routed lead'], LEAD);
  console.log(
    `PostgreSQL ${version} (${server.description}); ${CLIENTS} connections, ${PER_WRITE} a transaction, ` +
      `${SECONDS} s a phase`,
  );
  console.log('round  mode      phase          a second   db CPU ms each   latency ms (a transaction)');
  const results = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round++)
    for (const mode of MODES)
      for (const phase of ['baseline', 'routed lead'] as Phase[]) {
        const f = await run(path.join(bin, 'pgbench'), url, scripts[phase], mode, postmaster);
        const key = `${mode} ${phase}`;
        results.set(key, [...(results.get(key) ?? []), f.dbMsPerUnit]);
        console.log(
          `${String(round).padStart(5)}  ${mode.padEnd(9)} ${phase.padEnd(14)}${String(Math.round(f.units / SECONDS)).padStart(9)}` +
            `${f.dbMsPerUnit.toFixed(2).padStart(17)}${f.latencyMs.toFixed(1).padStart(15)}`,
        );
      }
  console.log('\nDatabase CPU ms per lead (per page view for the baseline), median over the rounds:');
  for (const mode of MODES) {
    const lead = median(results.get(`${mode} routed lead`)!);
    const base = median(results.get(`${mode} baseline`)!);
    console.log(
      `  ${mode.padEnd(9)} routed lead ${lead.toFixed(2)} ms, baseline ${base.toFixed(2)} ms: ${(lead / base).toFixed(2)}x`,
    );
  }
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error(error));
}
