/**
 * What the routing phases must have left in the database, read directly after the server has
 * stopped: every person the benchmark created (email `mql-...`) has an owner, a routing
 * decision and a `lead.routed` outbox row about them.
 */
export interface Verification {
  people: number;
  withoutOwner: number;
  withoutDecision: number;
  withoutOutbox: number;
  /** Decisions by outcome and step, e.g. `assigned/qualification`. */
  decisions: Record<string, number>;
  /** People by owner: how evenly round-robin spread them. */
  perOwner: { owners: number; min: number; max: number };
  /** lead.routed outbox rows' deliveries to the sink by status. */
  deliveries: Record<string, number>;
  touchpoints: number;
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

const BENCH_PEOPLE = "p.email like 'mql-%'";

export async function verify(query: Query): Promise<Verification> {
  const one = async (sql: string) => Number((await query(sql))[0]!.n);
  const people = await one(`select count(*)::int as n from people p where ${BENCH_PEOPLE}`);
  const withoutOwner = await one(
    `select count(*)::int as n from people p where ${BENCH_PEOPLE} and p.owner_user_id is null`,
  );
  const withoutDecision = await one(
    `select count(*)::int as n from people p where ${BENCH_PEOPLE}
       and not exists (select 1 from routing_decisions d where d.person_id = p.id)`,
  );
  const withoutOutbox = await one(
    `select count(*)::int as n from people p where ${BENCH_PEOPLE}
       and not exists (select 1 from outbox o where o.subject_person_id = p.id and o.type = 'lead.routed')`,
  );
  const decisions: Record<string, number> = {};
  for (const row of await query(
    `select d.outcome || '/' || coalesce(d.step, '-') as k, count(*)::int as n
       from routing_decisions d join people p on p.id = d.person_id
      where ${BENCH_PEOPLE} group by 1 order by 1`,
  ))
    decisions[String(row.k)] = Number(row.n);
  const owners = await query(
    `select count(*)::int as n from people p where ${BENCH_PEOPLE} and p.owner_user_id is not null
      group by p.owner_user_id`,
  );
  const counts = owners.map((r) => Number(r.n));
  const deliveries: Record<string, number> = {};
  for (const row of await query(
    `select w.status as k, count(*)::int as n from webhook_deliveries w join outbox o on o.id = w.outbox_id
      where o.type = 'lead.routed' group by 1 order by 1`,
  ))
    deliveries[String(row.k)] = Number(row.n);
  return {
    people,
    withoutOwner,
    withoutDecision,
    withoutOutbox,
    decisions,
    perOwner: {
      owners: counts.length,
      min: counts.length ? Math.min(...counts) : 0,
      max: counts.length ? Math.max(...counts) : 0,
    },
    deliveries,
    touchpoints: await one('select count(*)::int as n from touchpoints'),
  };
}
