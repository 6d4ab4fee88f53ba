import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachStore, type StoreFixture } from '../../test/support/stores.js';
import { getActiveAgreement } from '../agreement/index.js';
import { SYSTEM_MOVE } from '../lifecycle/index.js';
import type { EventOutcome } from './model.js';
import { appendToInbox, claimInbox, type InboxRow } from './inbox-store.js';
import { apartFrom, sightingsOf, validateBatch, writeEvents } from './service.js';
import { upsertVisitors } from './store.js';

/** Resolves once `done` settled or a backend of this database waits on a lock. */
async function blockedOrDone(db: import('../store/index.js').Db, done: Promise<unknown>): Promise<void> {
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    if (settled) return;
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'
    `.execute(db);
    if (Number(rows[0]!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Four visitors' three page views each, appended to the inbox: how many were. */
async function appendVisits({ ctx, clock }: StoreFixture): Promise<number> {
  const now = clock.now();
  const raw = ['v-s1', 'v-s2', 'v-s3', 'v-s4'].flatMap((visitorId, v) =>
    [0, 1, 2].map((i) => ({
      eventId: `shard-${v}-${i}`,
      type: 'page_view',
      visitorId,
      occurredAt: new Date(now.getTime() - (10 - i) * 60_000).toISOString(),
    })),
  );
  const appended = await appendToInbox(
    ctx.db,
    validateBatch(raw, now).valid.map((v) => v.event),
    SYSTEM_MOVE,
    now,
  );
  return appended.size;
}

forEachStore('the event inbox in shards', (fx) => {
  it("keeps a visitor's events in one shard; one pass (PGlite) claims across them, oldest first", async () => {
    expect(await appendVisits(fx)).toBe(12);
    const { rows } = await sql<{ visitor: string; shards: number }>`
      select event ->> 'visitorId' as visitor, count(distinct shard)::int as shards
      from event_inbox where event_id like 'shard-%' group by 1 order by 1
    `.execute(fx.ctx.db);
    expect(rows).toEqual(['v-s1', 'v-s2', 'v-s3', 'v-s4'].map((visitor) => ({ visitor, shards: 1 })));
    const claimed = await fx.ctx.db.transaction().execute((trx) => claimInbox(trx, 100, 'any'));
    expect(claimed.map((r) => r.event.eventId)).toEqual(
      [0, 1, 2, 3].flatMap((v) => [0, 1, 2].map((i) => `shard-${v}-${i}`)),
    );
  });
});

/** Writes `batch` in a transaction of its own; with `hold`, says `written` and keeps it open until then. */
function writeHeld(
  { ctx }: StoreFixture,
  { agreement, now }: { agreement: Awaited<ReturnType<typeof getActiveAgreement>>; now: Date },
  batch: ReturnType<typeof validateBatch> | undefined,
  hold?: Promise<void>,
  written?: () => void,
): Promise<EventOutcome[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const results: EventOutcome[] = [];
    await writeEvents(
      trx,
      ctx,
      { agreement, now, move: SYSTEM_MOVE, apart: apartFrom(ctx, trx) },
      batch!.valid,
      results,
    );
    written?.();
    await hold;
    return results;
  });
}

// Two connections at once need a server; PGlite's one connection runs transactions one after another.
forEachStore(
  'ingestion in concurrent transactions',
  (fx) => {
    it('scores the person on both batches: the second waits for the first and reads its touchpoint', async () => {
      const { ctx, clock } = fx;
      const now = clock.now();
      const agreement = await getActiveAgreement(ctx.db, ctx.clock);
      const person = { email: 'ana@orbit-freight.example', person: { title: 'VP Marketing' } };
      // Title 20: with the pricing page 35, with the demo request 45, with both 60 (threshold 50).
      const [first, second] = (['pricing_page_view', 'demo_request'] as const).map((type, i) =>
        validateBatch([{ eventId: `race-${i}`, type, occurredAt: now.toISOString(), ...person }], now),
      );
      const write = (
        batch: ReturnType<typeof validateBatch> | undefined,
        hold?: Promise<void>,
        written?: () => void,
      ) => writeHeld(fx, { agreement, now }, batch, hold, written);

      // A known person (title 20, one email open: 20), as most events of a busy day are about.
      await write(
        validateBatch(
          [{ eventId: 'race-known', type: 'email_open', occurredAt: now.toISOString(), ...person }],
          now,
        ),
      );

      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let firstWritten!: () => void;
      const written = new Promise<void>((resolve) => (firstWritten = resolve));
      const one = write(first, held, firstWritten);
      // The first batch has written (and holds its transaction open) before the second starts.
      await written;
      const two = write(second);
      await blockedOrDone(ctx.db, two);
      release();
      const [r1, r2] = await Promise.all([one, two]);
      expect([r1[0]!.status, r2[0]!.status]).toEqual(['stored', 'stored']);

      const row = await ctx.db
        .selectFrom('people as p')
        .innerJoin('person_scores as s', 's.person_id', 'p.id')
        .select(['p.stage', 's.total'])
        .where('p.email', '=', person.email)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ stage: 'mql', total: 60 });
    });

    it('creates one person, with one first stage entry, for a new email two batches name at once', async () => {
      const { ctx, clock } = fx;
      const now = clock.now();
      const agreement = await getActiveAgreement(ctx.db, ctx.clock);
      const email = 'nova@twin-batches.example';
      const [first, second] = [0, 1].map((i) =>
        validateBatch(
          [{ eventId: `twin-${i}`, type: 'email_open', occurredAt: now.toISOString(), email }],
          now,
        ),
      );
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let firstWritten!: () => void;
      const written = new Promise<void>((resolve) => (firstWritten = resolve));
      const one = writeHeld(fx, { agreement, now }, first, held, firstWritten);
      await written;
      // The second inserts the same email: it waits on the first's row, then takes it.
      const two = writeHeld(fx, { agreement, now }, second);
      await blockedOrDone(ctx.db, two);
      release();
      const [r1, r2] = await Promise.all([one, two]);
      expect([r1[0]!.status, r2[0]!.status]).toEqual(['stored', 'stored']);
      const people = await ctx.db.selectFrom('people').select('id').where('email', '=', email).execute();
      expect(people).toHaveLength(1);
      const entries = await ctx.db
        .selectFrom('stage_history')
        .select(['from_stage', 'to_stage', 'reason'])
        .where('person_id', '=', people[0]!.id)
        .execute();
      expect(entries).toEqual([{ from_stage: null, to_stage: 'lead', reason: 'created' }]);
    });

    it('gives a new lead the account a concurrent transaction is creating for its company domain', async () => {
      const { ctx, clock } = fx;
      const now = clock.now();
      const agreement = await getActiveAgreement(ctx.db, ctx.clock);
      // Another writer creates the company's account and has not committed yet.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
      const other = ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('accounts')
          .values({
            id: 'acc_racing',
            name: 'Racing Co',
            domain: 'racing.example',
            created_at: now,
            updated_at: now,
          })
          .execute();
        inserted();
        await held;
      });
      await insertedNow;
      const batch = validateBatch(
        [
          {
            eventId: 'domain-race-1',
            type: 'email_open',
            occurredAt: now.toISOString(),
            email: 'ana@racing.example',
          },
        ],
        now,
      );
      // The batch's insert of the domain waits on the other's row, then skips it and reads it.
      const written = writeHeld(fx, { agreement, now }, batch);
      await blockedOrDone(ctx.db, written);
      release();
      await other;
      expect((await written)[0]!.status).toBe('stored');
      const person = await ctx.db
        .selectFrom('people')
        .select('account_id')
        .where('email', '=', 'ana@racing.example')
        .executeTakeFirstOrThrow();
      expect(person.account_id).toBe('acc_racing');
      const accounts = await ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('domain', '=', 'racing.example')
        .execute();
      expect(accounts).toEqual([{ id: 'acc_racing' }]);
    });

    it("attaches a visitor's page view to the person a concurrent batch identifies them as", async () => {
      const { ctx, clock } = fx;
      const now = clock.now();
      const agreement = await getActiveAgreement(ctx.db, ctx.clock);
      const at = now.toISOString();
      const event = (eventId: string, fields: object) =>
        validateBatch([{ eventId, type: 'page_view', visitorId: 'v-link', occurredAt: at, ...fields }], now);
      await writeBatch(event('link-0', {}));
      // A page view's batch has read who the visitor is (nobody yet) and not committed...
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let read!: () => void;
      const written = new Promise<void>((resolve) => (read = resolve));
      const view = writeBatch(event('link-1', {}), held, read);
      await written;
      // ...when a form fill identifies the visitor.
      const form = writeBatch(event('link-2', { type: 'form_submit', email: 'bo@quay-labs.example' }));
      await blockedOrDone(ctx.db, form);
      release();
      await Promise.all([view, form]);
      const rows = await ctx.db
        .selectFrom('touchpoints as t')
        .leftJoin('people as p', 'p.id', 't.person_id')
        .select(['t.event_id', 'p.email'])
        .where('t.visitor_id', '=', 'v-link')
        .orderBy('t.event_id')
        .execute();
      expect(rows).toEqual(
        ['link-0', 'link-1', 'link-2'].map((event_id) => ({ event_id, email: 'bo@quay-labs.example' })),
      );

      /** As synchronous ingestion does: visitors sighted (committed), then the batch in its transaction. */
      async function writeBatch(
        batch: ReturnType<typeof validateBatch>,
        hold?: Promise<void>,
        written?: () => void,
      ) {
        await upsertVisitors(ctx.db, sightingsOf(batch.valid.map((v) => v.event)));
        return writeHeld(fx, { agreement, now }, batch, hold, written);
      }
    });

    it('lets passes at once take different shards: by their limit under a backlog, up to their share else', async () => {
      const { ctx } = fx;
      await appendVisits(fx);
      // Each pass holds its claim (its transaction open) until all have claimed.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const open: Promise<void>[] = [];
      const hold = (limit: number, shards?: number) =>
        new Promise<InboxRow[]>((claimedThem) => {
          open.push(
            ctx.db.transaction().execute(async (trx) => {
              claimedThem(await claimInbox(trx, limit, shards));
              await held;
            }),
          );
        });
      // A pass whose limit one shard fills takes that shard only, the one waiting longest.
      const a = await hold(3);
      const b = await hold(100, 2);
      const c = await hold(100);
      release();
      await Promise.all(open);
      const shardsOf = async (claimed: InboxRow[]) => {
        const ids = claimed.map((r) => r.id);
        const { rows } = await sql<{ shard: number }>`
        select distinct shard from event_inbox where id = any(${ids}::bigint[])
      `.execute(ctx.db);
        return rows.map((r) => r.shard);
      };
      const [sa, sb, sc] = [await shardsOf(a), await shardsOf(b), await shardsOf(c)];
      const { rows: all } = await sql<{ shard: number }>`select distinct shard from event_inbox`.execute(
        ctx.db,
      );
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(a.map((r) => r.event.eventId)).toEqual(['shard-0-0', 'shard-0-1', 'shard-0-2']);
      expect(sa).toHaveLength(1);
      expect(sb).toHaveLength(2);
      expect(sc).toHaveLength(all.length - 3);
      expect(new Set([...sa, ...sb, ...sc]).size).toBe(all.length);
      // Every event of a claimed visitor came with it.
      for (const claimed of [a, b, c]) {
        const visitors = new Set(claimed.map((r) => r.event.visitorId));
        expect(claimed.length).toBe(visitors.size * 3);
      }
    });
  },
  ['postgres'],
);
