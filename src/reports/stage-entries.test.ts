import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { CLI_PRINCIPAL } from '../access/index.js';
import { transitionPerson } from '../lifecycle/index.js';
import type { Db, Trx } from '../store/index.js';
import { newLead, rawPerson } from '../../test/support/factories.js';
import { forEachStore, type StoreFixture } from '../../test/support/stores.js';
import { periodFunnel } from './funnel-store.js';
import { stageEntryDrift } from './stage-entry-store.js';

/**
 * The period funnel's rollup of migration 0024 (`funnel_stage_entries`, kept by triggers on
 * stage_history) equals its definition recomputed from the stage history after every kind of
 * write: the lifecycle's moves (a move back to an earlier stage included), direct inserts of
 * many people at once (imports, fixtures), backdated entries, updates of time, stage or person,
 * updates of nothing it keeps, deletes, and two transactions writing one person's history.
 */
const at = (text: string) => new Date(`2026-${text}Z`);

async function insertEntries(
  db: Db | Trx,
  rows: readonly { personId: string; to: string; at: Date }[],
): Promise<void> {
  await db
    .insertInto('stage_history')
    .values(
      rows.map((r) => ({
        person_id: r.personId,
        from_stage: null,
        to_stage: r.to,
        at: r.at,
        actor_type: 'system',
        sla_seen: true,
      })),
    )
    .execute();
}

async function priorsOf(fx: StoreFixture, personId: string): Promise<string[]> {
  const rows = await fx.ctx.db
    .selectFrom('funnel_stage_entries')
    .select(['to_stage', 'at', 'prev_at'])
    .where('person_id', '=', personId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map(
    (r) =>
      `${r.to_stage} ${r.at.toISOString().slice(5, 10)} <- ${r.prev_at?.toISOString().slice(5, 10) ?? '-'}`,
  );
}

forEachStore('period funnel rollup', (fx) => {
  it('follows the lifecycle, imports, backdated entries, updates and deletes', async () => {
    fx.clock.set('2026-10-01T09:00:00Z');
    // The lifecycle: lead -> MQL -> SQL, back to nurture, MQL again, SQL again.
    const lead = await newLead(fx.ctx, { stage: 'lead' });
    const moves = ['mql', 'sql', 'nurture', 'mql', 'sql'];
    for (const [i, to] of moves.entries()) {
      fx.clock.set(`2026-10-0${2 + i}T09:00:00Z`);
      await transitionPerson(
        fx.ctx,
        { personId: lead.id, to, reason: to === 'nurture' ? 'timing' : undefined },
        CLI_PRINCIPAL,
      );
    }
    // Each SQL entry's stage before is the MQL entry before it; the MQLs have no lead entry
    // (the factory's person starts as a lead without one) until one is backdated below.
    expect(await priorsOf(fx, lead.id)).toEqual([
      'mql 10-02 <- -',
      'sql 10-03 <- 10-02',
      'mql 10-05 <- -',
      'sql 10-06 <- 10-05',
    ]);
    await insertEntries(fx.ctx.db, [{ personId: lead.id, to: 'lead', at: at('10-01T08:00:00') }]);
    expect(await priorsOf(fx, lead.id)).toEqual([
      'mql 10-02 <- 10-01',
      'sql 10-03 <- 10-02',
      'mql 10-05 <- 10-01',
      'sql 10-06 <- 10-05',
    ]);

    // An import: many people's whole histories in one statement, out of time order.
    const [a, b] = [(await rawPerson(fx.ctx)).id, (await rawPerson(fx.ctx)).id];
    await insertEntries(fx.ctx.db, [
      { personId: a, to: 'customer', at: at('10-20T00:00:00') },
      { personId: a, to: 'opportunity', at: at('10-10T00:00:00') },
      { personId: b, to: 'mql', at: at('10-04T00:00:00') },
      { personId: a, to: 'sql', at: at('10-08T00:00:00') },
      { personId: a, to: 'opportunity', at: at('10-25T00:00:00') },
      { personId: b, to: 'lead', at: at('10-04T00:00:00') },
    ]);
    expect(await priorsOf(fx, a)).toEqual([
      'sql 10-08 <- -',
      'opportunity 10-10 <- 10-08',
      'customer 10-20 <- 10-10',
      'opportunity 10-25 <- 10-08',
    ]);
    // An entry at the same instant as the stage before it counts it.
    expect(await priorsOf(fx, b)).toEqual(['mql 10-04 <- 10-04']);
    expect(await stageEntryDrift(fx.ctx.db)).toEqual([]);

    // Updates: a time, a stage, a person; and a column the rollup does not keep.
    const idOf = async (personId: string, to: string, when: string) =>
      (
        await fx.ctx.db
          .selectFrom('stage_history')
          .select('id')
          .where('person_id', '=', personId)
          .where('to_stage', '=', to)
          .where('at', '=', at(when))
          .executeTakeFirstOrThrow()
      ).id;
    const sqlA = await idOf(a, 'sql', '10-08T00:00:00');
    await fx.ctx.db
      .updateTable('stage_history')
      .set({ at: at('10-12T00:00:00') })
      .where('id', '=', sqlA)
      .execute();
    expect(await priorsOf(fx, a)).toEqual([
      'opportunity 10-10 <- -',
      'sql 10-12 <- -',
      'customer 10-20 <- 10-10',
      'opportunity 10-25 <- 10-12',
    ]);
    const custA = await idOf(a, 'customer', '10-20T00:00:00');
    await fx.ctx.db
      .updateTable('stage_history')
      .set({ to_stage: 'nurture' })
      .where('id', '=', custA)
      .execute();
    const leadB = await idOf(b, 'lead', '10-04T00:00:00');
    await fx.ctx.db.updateTable('stage_history').set({ person_id: a }).where('id', '=', leadB).execute();
    expect(await priorsOf(fx, b)).toEqual(['mql 10-04 <- -']);
    await fx.ctx.db
      .updateTable('stage_history')
      .set({ sla_seen: false })
      .where('person_id', '=', a)
      .execute();
    expect(await stageEntryDrift(fx.ctx.db)).toEqual([]);

    // Deletes: the entry goes, and the later entries it was the stage before of follow.
    await fx.ctx.db.deleteFrom('stage_history').where('id', '=', sqlA).execute();
    expect(await priorsOf(fx, a)).toEqual(['opportunity 10-10 <- -', 'opportunity 10-25 <- -']);
    await fx.ctx.db
      .deleteFrom('stage_history')
      .where('person_id', '=', lead.id)
      .where('to_stage', '=', 'lead')
      .execute();
    expect(await priorsOf(fx, lead.id)).toEqual([
      'mql 10-02 <- -',
      'sql 10-03 <- 10-02',
      'mql 10-05 <- -',
      'sql 10-06 <- 10-05',
    ]);
    expect(await stageEntryDrift(fx.ctx.db)).toEqual([]);
  });

  it("gives the period funnel each person's first entry in the range and its stage before", async () => {
    // c: an MQL with no lead before it, then a lead and a second MQL, both in November; d: a
    // lead and an MQL 2 days later. The November funnel counts c's first MQL (no stage before:
    // not in the median) and d's (2 days).
    const [c, d] = [(await rawPerson(fx.ctx)).id, (await rawPerson(fx.ctx)).id];
    await insertEntries(fx.ctx.db, [
      { personId: c, to: 'mql', at: at('11-02T00:00:00') },
      { personId: c, to: 'lead', at: at('11-03T00:00:00') },
      { personId: c, to: 'mql', at: at('11-05T00:00:00') },
      { personId: d, to: 'lead', at: at('11-10T00:00:00') },
      { personId: d, to: 'mql', at: at('11-12T00:00:00') },
    ]);
    const [total] = await periodFunnel(
      fx.ctx.db,
      { start: at('11-01T00:00:00'), end: at('12-01T00:00:00') },
      'total',
    );
    expect(total!.volumes).toMatchObject({ lead: 2, mql: 2 });
    expect(total!.medianDays.mql).toBe(2);
  });

  it('stays equal to its definition over random sequences of inserts, updates and deletes', async () => {
    const people = [(await rawPerson(fx.ctx)).id, (await rawPerson(fx.ctx)).id, (await rawPerson(fx.ctx)).id];
    const stage = fc.constantFrom('lead', 'mql', 'sql', 'opportunity', 'customer', 'nurture');
    // Few instants, so that entries tie and cross each other.
    const instant = fc.integer({ min: 1, max: 6 }).map((d) => at(`10-0${d}T00:00:00`));
    const person = fc.constantFrom(...people);
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        rows: fc.array(fc.record({ personId: person, to: stage, at: instant }), {
          minLength: 1,
          maxLength: 4,
        }),
      }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        set: fc.oneof(
          fc.record({ at: instant }),
          fc.record({ to_stage: stage }),
          fc.record({ person_id: person }),
        ),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        await sql`delete from stage_history where person_id = any(${people}::text[])`.execute(fx.ctx.db);
        for (const o of ops) {
          if (o.kind === 'insert') {
            await insertEntries(fx.ctx.db, o.rows);
            continue;
          }
          const ids = await fx.ctx.db
            .selectFrom('stage_history')
            .select('id')
            .where('person_id', 'in', people)
            .orderBy('id')
            .execute();
          if (ids.length === 0) continue;
          const id = ids[o.pick % ids.length]!.id;
          if (o.kind === 'update')
            await fx.ctx.db.updateTable('stage_history').set(o.set).where('id', '=', id).execute();
          else await fx.ctx.db.deleteFrom('stage_history').where('id', '=', id).execute();
        }
        expect(await stageEntryDrift(fx.ctx.db)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it("reads only the written persons' history, however long the others' is", async () => {
    // 3,000 other people, analyzed while they were leads, then all MQLs: the statistics say
    // funnel entries are rare. Migration 0024's recomputation then walked every funnel entry
    // (the stage index) and kept the person's: 3,000 entries read for one person's move.
    await sql`insert into people (id, email, stage, stage_entered_at, created_at, updated_at)
      select 'other' || g, 'other' || g || '@people.test', 'mql', ${at('10-02T00:00:00')},
             ${at('10-01T00:00:00')}, ${at('10-02T00:00:00')}
        from generate_series(1, 3000) g`.execute(fx.ctx.db);
    const entriesOfOthers = (to: string, from: string | null, when: Date) =>
      sql`insert into stage_history (person_id, from_stage, to_stage, at, actor_type)
        select 'other' || g, ${from}, ${to}, ${when}, 'system' from generate_series(1, 3000) g`.execute(
        fx.ctx.db,
      );
    await entriesOfOthers('lead', null, at('10-01T00:00:00'));
    await sql`analyze stage_history`.execute(fx.ctx.db);
    await entriesOfOthers('mql', 'lead', at('10-02T00:00:00'));
    const p = (await rawPerson(fx.ctx)).id;
    await insertEntries(fx.ctx.db, [{ personId: p, to: 'lead', at: at('10-01T00:00:00') }]);
    const read = await fx.ctx.db.transaction().execute(async (trx) => {
      // The reads of stage_history (index entries and sequential rows) this backend has counted
      // and not yet reported: a backend reports them when idle, never inside a transaction.
      const counted = async () => {
        const { rows } = await sql<{ n: number }>`
          select (coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)
                  + pg_stat_get_xact_tuples_returned('stage_history'::regclass))::int as n
            from pg_index i where i.indrelid = 'stage_history'::regclass`.execute(trx);
        return rows[0]!.n;
      };
      const before = await counted();
      await insertEntries(trx, [{ personId: p, to: 'mql', at: at('10-03T00:00:00') }]);
      return (await counted()) - before;
    });
    expect(await priorsOf(fx, p)).toEqual(['mql 10-03 <- 10-01']);
    // The person's two entries and the lead entry before the MQL, each read at most twice.
    expect(read).toBeLessThanOrEqual(6);
  });
});

forEachStore(
  'period funnel rollup, two transactions at once',
  (fx) => {
    type Rows = { personId: string; to: string; at: Date }[];
    /** Writes `first` and holds its transaction open until `second`'s waits on a lock, then commits both. */
    async function overlapped(first: Rows, second: Rows) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let wrote!: () => void;
      const written = new Promise<void>((resolve) => (wrote = resolve));
      const one = fx.ctx.db.transaction().execute(async (trx) => {
        await insertEntries(trx, first);
        wrote();
        await held;
      });
      await written;
      const two = fx.ctx.db.transaction().execute((trx) => insertEntries(trx, second));
      // The second transaction's trigger waits for the first's lock on the person (without the
      // lock it would not wait, and would not see the first's entries: the checks below fail).
      for (let i = 0; i < 200; i += 1) {
        const { rows } = await sql<{ n: string }>`
          select count(*) as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock'`.execute(fx.ctx.db);
        if (Number(rows[0]?.n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      release();
      await Promise.all([one, two]);
    }

    it("sees the other transaction's entries of the same person once it commits", async () => {
      // The stage before first, then the entry after it; and the other way round.
      const p = (await rawPerson(fx.ctx)).id;
      await overlapped(
        [{ personId: p, to: 'lead', at: at('10-01T00:00:00') }],
        [{ personId: p, to: 'mql', at: at('10-02T00:00:00') }],
      );
      expect(await priorsOf(fx, p)).toEqual(['mql 10-02 <- 10-01']);
      const q = (await rawPerson(fx.ctx)).id;
      await overlapped(
        [{ personId: q, to: 'sql', at: at('10-03T00:00:00') }],
        [{ personId: q, to: 'mql', at: at('10-02T00:00:00') }],
      );
      expect(await priorsOf(fx, q)).toEqual(['mql 10-02 <- -', 'sql 10-03 <- 10-02']);
      expect(await stageEntryDrift(fx.ctx.db)).toEqual([]);
    });
  },
  ['postgres'],
);

forEachStore(
  'period funnel rollup plans',
  (fx) => {
    /** New people with a lead and an MQL entry each, inserted in one statement a kind. */
    async function newMqls(db: Db, from: number, count: number): Promise<void> {
      await sql`insert into people (id, email, stage, stage_entered_at, created_at, updated_at)
        select 'plan' || g, 'plan' || g || '@plans.test', 'mql', now(), now(), now()
          from generate_series(${from}::int, ${from + count - 1}::int) g`.execute(db);
      await sql`insert into stage_history (person_id, from_stage, to_stage, at, actor_type)
        select 'plan' || g, s.f, s.t, now(), 'system'
          from generate_series(${from}::int, ${from + count - 1}::int) g, (values (null, 'lead'), ('lead', 'mql')) s(f, t)`.execute(
        db,
      );
    }

    it('reads a person’s rollup rows by index on a connection that planned them when the rollup was small', async () => {
      // The table's statistics stay those of a young organisation: analyzed at a few entries.
      await sql`alter table funnel_stage_entries set (autovacuum_enabled = false)`.execute(fx.ctx.db);
      await fx.store.db.connection().execute(async (db) => {
        await newMqls(db, 1, 20);
        await sql`analyze funnel_stage_entries`.execute(db);
        // This connection plans the recomputation now, for a one-page rollup, and keeps the plans.
        await newMqls(db, 21, 1);
        await newMqls(db, 22, 5_000);
        const scans = await db.transaction().execute(async (trx) => {
          await newMqls(trx, 5_022, 1);
          const { rows } = await sql<{ seq_scan: string }>`select seq_scan from pg_stat_xact_user_tables
            where relname = 'funnel_stage_entries'`.execute(trx);
          return Number(rows[0]?.seq_scan);
        });
        expect(scans).toBe(0);
      });
      expect(await stageEntryDrift(fx.ctx.db)).toEqual([]);
    });
  },
  ['postgres'],
);
