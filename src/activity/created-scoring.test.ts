import { expect, it } from 'vitest';
import { newSalesOrg } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { getActiveAgreement } from '../agreement/index.js';
import { activeModel, readScore } from '../scoring/index.js';
import { ingestEvents } from './service.js';

/**
 * A write scores the people it created from the touchpoints it stored for them, without reading
 * them back (activity/service.ts, `scorePeople`'s `created`). Each score here must equal the
 * one computed from what the database holds, and each person is built so that a fact or a
 * touchpoint the write did not hold would change it: the account's size and competitor flag,
 * an unsubscribe in the same write, a visitor's earlier anonymous touchpoints.
 */
forEachStore('scoring the people a write created', (fx) => {
  it('scores them as a read of the stored person, account and touchpoints would', async () => {
    const { ctx, clock } = fx;
    await newSalesOrg(ctx);
    const at = clock.now().toISOString();
    // A competitor of 300 people: its employees fill the person's gap (+15), its flag costs 50.
    await ctx.db
      .insertInto('accounts')
      .values({
        id: ctx.ids.next('acc'),
        name: 'Rival',
        domain: 'rival.example',
        employees: 300,
        is_competitor: true,
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .execute();
    // Before the form: the visitor's anonymous pricing view and demo request (stored, nobody's yet).
    const anonymous = await ingestEvents(
      ctx,
      [
        { eventId: 'anon-1', type: 'pricing_page_view', occurredAt: at, visitorId: 'v-anon' },
        { eventId: 'anon-2', type: 'demo_request', occurredAt: at, visitorId: 'v-anon' },
      ],
      CLI_PRINCIPAL,
    );
    expect(anonymous).toMatchObject({ stored: 2, rejected: 0 });

    const vp = { title: 'VP Marketing', country: 'United States' };
    const answer = await ingestEvents(
      ctx,
      [
        // At a new account: the person's own 120 employees.
        {
          eventId: 'ada-1',
          type: 'pricing_page_view',
          occurredAt: at,
          email: 'ada@icp.example',
          person: { ...vp, employees: 120 },
        },
        { eventId: 'ada-2', type: 'demo_request', occurredAt: at, email: 'ada@icp.example' },
        // Read with its url and properties.
        {
          eventId: 'ada-3',
          type: 'content_download',
          occurredAt: at,
          email: 'ada@icp.example',
          url: 'https://icp.example/case-study/acme',
          properties: { intent: 'high' },
        },
        // At the competitor: its size and its flag.
        { eventId: 'bo-1', type: 'pricing_page_view', occurredAt: at, email: 'bo@rival.example', person: vp },
        { eventId: 'bo-2', type: 'demo_request', occurredAt: at, email: 'bo@rival.example' },
        // Unsubscribes in the same write.
        {
          eventId: 'cy-1',
          type: 'demo_request',
          occurredAt: at,
          email: 'cy@quit.example',
          person: { ...vp, employees: 80 },
        },
        { eventId: 'cy-2', type: 'unsubscribe', occurredAt: at, email: 'cy@quit.example' },
        // The anonymous visitor fills in a form: only a content download of their own in this write.
        {
          eventId: 'di-1',
          type: 'content_download',
          occurredAt: at,
          email: 'di@anon.example',
          visitorId: 'v-anon',
          person: { ...vp, employees: 200 },
        },
      ],
      CLI_PRINCIPAL,
    );
    expect(answer).toMatchObject({ stored: 8, rejected: 0 });

    const agreement = await getActiveAgreement(ctx.db, ctx.clock);
    const model = activeModel(agreement.version, agreement.document.scoring);
    const people = await ctx.db
      .selectFrom('people')
      .innerJoin('person_scores as s', 's.person_id', 'people.id')
      .select(['people.id', 'people.email', 'people.stage', 's.total', 's.fit', 's.engagement', 's.rules'])
      .execute();
    const byEmail = new Map(people.map((p) => [p.email, p]));
    const ruleIds = (rules: unknown) => (rules as { id: string }[]).map((r) => r.id).sort();
    for (const email of ['ada@icp.example', 'bo@rival.example', 'cy@quit.example', 'di@anon.example']) {
      const stored = byEmail.get(email);
      expect(stored, email).toBeDefined();
      const read = await readScore(ctx.db, model, stored!.id, clock.now());
      expect({ email, total: stored!.total, fit: stored!.fit, engagement: stored!.engagement }).toEqual({
        email,
        total: read!.total,
        fit: read!.fit,
        engagement: read!.engagement,
      });
      expect(ruleIds(stored!.rules)).toEqual(ruleIds(read!.rules));
    }
    expect(ruleIds(byEmail.get('bo@rival.example')!.rules)).toEqual(
      expect.arrayContaining(['competitor_employee', 'company_size_matches_icp']),
    );
    expect(ruleIds(byEmail.get('cy@quit.example')!.rules)).toContain('unsubscribed');
    // The anonymous pricing view and demo request count toward the new person's first score.
    expect(ruleIds(byEmail.get('di@anon.example')!.rules)).toEqual(
      expect.arrayContaining(['pricing_page_visit', 'demo_request']),
    );
    expect(ruleIds(byEmail.get('ada@icp.example')!.rules)).toContain('content_high_intent');
    expect(byEmail.get('ada@icp.example')!.stage).toBe('mql');
  });
});
