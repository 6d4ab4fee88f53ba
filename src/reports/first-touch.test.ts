import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { CLI_PRINCIPAL } from '../access/index.js';
import { acceptEvents, ingestEvents, processInbox } from '../activity/index.js';
import { erasePerson, findPeople } from '../people/index.js';
import { newCampaign, rawPerson } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { firstTouchDrift } from './first-touch-store.js';

/**
 * The first-touch rollup of migration 0019 (`person_first_touches`, kept by triggers on
 * touchpoints) equals its definition recomputed from the touchpoints after every kind of
 * write: synchronous and asynchronous ingestion, visitor identification attaching anonymous
 * history, direct inserts (imports, fixtures), updates, deletes and erasure.
 */
forEachStore('first-touch rollup', (fx) => {
  const stored = async (personId: string) =>
    fx.ctx.db
      .selectFrom('person_first_touches')
      .select(['channel', 'campaign_id'])
      .where('person_id', '=', personId)
      .executeTakeFirst();
  const touch = (
    personId: string | null,
    n: string,
    occurredAt: string,
    channel: string | null,
    campaignId: string | null = null,
  ) => ({
    event_id: `ft-${n}`,
    type: 'page_view',
    occurred_at: new Date(occurredAt),
    received_at: new Date(occurredAt),
    person_id: personId,
    channel,
    campaign_id: campaignId,
  });

  it('follows ingestion, identification, imports, updates, deletes and erasure', async () => {
    fx.clock.set('2026-10-20T12:00:00Z');
    const webinar = await newCampaign(fx.ctx, { name: 'FT webinar', channel: 'webinar' });
    const social = await newCampaign(fx.ctx, { name: 'FT social', channel: 'paid_social' });

    // An anonymous visit with a channel, then the visitor identifies with a later campaign touch.
    await ingestEvents(
      fx.ctx,
      [
        { eventId: 'ft-a1', type: 'page_view', occurredAt: '2026-10-01T10:00:00Z', visitorId: 'v-ft' },
        {
          eventId: 'ft-a2',
          type: 'page_view',
          occurredAt: '2026-10-02T10:00:00Z',
          visitorId: 'v-ft',
          channel: 'paid_search',
        },
      ],
      CLI_PRINCIPAL,
    );
    await ingestEvents(
      fx.ctx,
      [
        {
          eventId: 'ft-a3',
          type: 'form_submit',
          occurredAt: '2026-10-05T10:00:00Z',
          visitorId: 'v-ft',
          email: 'first@touch.test',
          channel: 'webinar',
          campaignId: webinar.id,
        },
      ],
      CLI_PRINCIPAL,
    );
    const ada = (await findPeople(fx.ctx, { email: 'first@touch.test' }, { limit: 1 }, CLI_PRINCIPAL))
      .items[0]!;
    // The stitched anonymous visit of Oct 2 is the first touch with a channel.
    expect(await stored(ada.id)).toEqual({ channel: 'paid_search', campaign_id: webinar.id });

    // Asynchronous ingestion, the later event first: the earlier one then takes over.
    await acceptEvents(
      fx.ctx,
      [
        {
          eventId: 'ft-b1',
          type: 'email_click',
          occurredAt: '2026-10-09T10:00:00Z',
          personId: ada.id,
          channel: 'email',
          campaignId: social.id,
        },
        {
          eventId: 'ft-b2',
          type: 'email_click',
          occurredAt: '2026-09-30T10:00:00Z',
          personId: ada.id,
          campaignId: social.id,
        },
      ],
      CLI_PRINCIPAL,
    );
    while ((await processInbox(fx.ctx)) > 0);
    expect(await stored(ada.id)).toEqual({ channel: 'paid_search', campaign_id: social.id });

    // Direct inserts of several people in one statement, with a tie on time (id decides).
    const bo = (await rawPerson(fx.ctx)).id;
    const cy = (await rawPerson(fx.ctx)).id;
    await fx.ctx.db
      .insertInto('touchpoints')
      .values([
        touch(bo, 'c1', '2026-10-03T09:00:00Z', 'events'),
        touch(bo, 'c2', '2026-10-03T09:00:00Z', 'content', webinar.id),
        touch(cy, 'c3', '2026-10-04T09:00:00Z', null),
        touch(null, 'c4', '2026-10-01T09:00:00Z', 'email'),
      ])
      .execute();
    expect(await stored(bo)).toEqual({ channel: 'events', campaign_id: webinar.id });
    expect(await stored(cy)).toBeUndefined();
    expect(await firstTouchDrift(fx.ctx.db)).toEqual([]);

    // Updates: the first touch loses its channel; a touchpoint moves to another person.
    await fx.ctx.db
      .updateTable('touchpoints')
      .set({ channel: null })
      .where('event_id', '=', 'ft-c1')
      .execute();
    expect(await stored(bo)).toEqual({ channel: 'content', campaign_id: webinar.id });
    await fx.ctx.db
      .updateTable('touchpoints')
      .set({ person_id: cy })
      .where('event_id', 'in', ['ft-c2', 'ft-c4'])
      .execute();
    expect(await stored(bo)).toEqual({ channel: null, campaign_id: null });
    expect(await stored(cy)).toEqual({ channel: 'email', campaign_id: webinar.id });
    await fx.ctx.db
      .updateTable('touchpoints')
      .set({ occurred_at: new Date('2026-10-10T09:00:00Z') })
      .where('event_id', '=', 'ft-c4')
      .execute();
    expect(await stored(cy)).toEqual({ channel: 'content', campaign_id: webinar.id });

    // Deletes: the first touch goes, the next one is the first.
    await fx.ctx.db.deleteFrom('touchpoints').where('event_id', '=', 'ft-c2').execute();
    expect(await stored(cy)).toEqual({ channel: 'email', campaign_id: null });

    // Erasure keeps the touchpoints, and so the first touch.
    await erasePerson(fx.ctx, ada.id, CLI_PRINCIPAL);
    expect(await stored(ada.id)).toEqual({ channel: 'paid_search', campaign_id: social.id });
    expect(await firstTouchDrift(fx.ctx.db)).toEqual([]);
  });

  it('equals the recomputed first touch after any sequence of inserts, updates and deletes', async () => {
    const people = [(await rawPerson(fx.ctx)).id, (await rawPerson(fx.ctx)).id, (await rawPerson(fx.ctx)).id];
    const campaign = (await newCampaign(fx.ctx, { name: 'FT property', channel: 'email' })).id;
    let seq = 0;
    const person = fc.option(fc.constantFrom(...people), { nil: null, freq: 4 });
    const row = fc.record({
      person,
      // Few distinct instants, so that ties on time are common and the id decides.
      minute: fc.integer({ min: 0, max: 5 }),
      channel: fc.option(fc.constantFrom('email', 'events', 'webinar'), { nil: null }),
      campaign: fc.boolean(),
    });
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        rows: fc.array(row, { minLength: 1, maxLength: 4 }),
      }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        set: fc.record({ person, minute: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) }),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('channels' as const), pick: fc.nat() }),
    );
    const at = (minute: number) => new Date(Date.UTC(2026, 9, 1, 9, minute));
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        await sql`delete from touchpoints where event_id like 'fp-%'`.execute(fx.ctx.db);
        for (const o of ops) {
          const ids = (
            await fx.ctx.db
              .selectFrom('touchpoints')
              .select('id')
              .where('event_id', 'like', 'fp-%')
              .orderBy('id')
              .execute()
          ).map((r) => r.id);
          const target = 'pick' in o && ids.length > 0 ? ids[o.pick % ids.length]! : null;
          if (o.kind === 'insert') {
            await fx.ctx.db
              .insertInto('touchpoints')
              .values(
                o.rows.map((r, i) => ({
                  event_id: `fp-${seq + i}`,
                  type: 'page_view',
                  occurred_at: at(r.minute),
                  received_at: at(r.minute),
                  person_id: r.person,
                  channel: r.channel,
                  campaign_id: r.campaign ? campaign : null,
                })),
              )
              .execute();
            seq += o.rows.length;
          } else if (target !== null && o.kind === 'update') {
            await fx.ctx.db
              .updateTable('touchpoints')
              .set({
                person_id: o.set.person,
                ...(o.set.minute === undefined ? {} : { occurred_at: at(o.set.minute) }),
              })
              .where('id', '=', target)
              .execute();
          } else if (target !== null && o.kind === 'delete') {
            await fx.ctx.db.deleteFrom('touchpoints').where('id', '=', target).execute();
          } else if (target !== null) {
            // Several rows at once: every other touchpoint from the picked one loses its channel.
            await sql`update touchpoints set channel = null, campaign_id = null
              where event_id like 'fp-%' and id >= ${target} and id % 2 = ${target} % 2`.execute(fx.ctx.db);
          }
        }
        expect(await firstTouchDrift(fx.ctx.db)).toEqual([]);
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
