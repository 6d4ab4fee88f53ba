import { expect, it } from 'vitest';
import { listPeriodMqls, parsePeriod, slaCompliance } from '../sla/index.js';
import { newCampaign, rawPerson, rawStageEntry } from '../../test/support/factories.js';
import { forEachStore, type StoreFixture } from '../../test/support/stores.js';
import { campaignsOfMqls, scoresOfMqls } from './mql-model.js';
import { campaignsOfRange } from './review-store.js';
import { mqlScores } from './store.js';

/**
 * The monthly report reads its month's MQLs once (`listPeriodMqls(..., true)`) for its
 * compliance tables, its campaigns and its diagnostics' score averages. Each must equal what
 * the statement it replaces counts: `slaCompliance` alone, `campaignsOfRange`, `mqlScores`.
 * October 2026, hand-made MQLs at each edge, the figures worked out by hand.
 */
const at = (text: string) => new Date(`2026-${text}Z`);

forEachStore('the month MQLs read once', (fx) => {
  async function person(opts: { campaignId?: string; score?: number; erased?: boolean } = {}) {
    const { id } = await rawPerson(fx.ctx);
    if (opts.campaignId)
      await fx.ctx.db
        .insertInto('touchpoints')
        .values({
          event_id: `mm-${id}`,
          type: 'page_view',
          occurred_at: at('09-01T10:00:00'),
          received_at: at('09-01T10:00:00'),
          person_id: id,
          channel: null,
          campaign_id: opts.campaignId,
        })
        .execute();
    if (opts.score !== undefined)
      await fx.ctx.db
        .insertInto('person_scores')
        .values({
          person_id: id,
          model_version: 1,
          fit: 0,
          engagement: opts.score,
          decay: 0,
          total: opts.score,
          qualifies: true,
          rules: JSON.stringify([]),
          last_engagement_at: null,
          scored_at: at('10-01T00:00:00'),
        })
        .execute();
    if (opts.erased)
      await fx.ctx.db
        .updateTable('people')
        .set({ erased_at: at('11-01T00:00:00') })
        .where('id', '=', id)
        .execute();
    return id;
  }
  const stage = (fx: StoreFixture, personId: string, to: string, when: string, reasonCode?: string) =>
    rawStageEntry(fx.ctx, { personId, to, at: at(when), reasonCode });

  it('counts campaigns, score averages and compliance as the statements they replace', async () => {
    fx.clock.set('2026-11-10T12:00:00Z');
    const alpha = await newCampaign(fx.ctx, { name: 'MM alpha' });
    const beta = await newCampaign(fx.ctx, { name: 'MM beta' });

    // alpha: accepted (80); accepted after a disqualification (70); rejected DQ-02 (60);
    // rejected DQ-01 (40); rejected without a code (unscored); MQL twice in October, then SQL.
    const a1 = await person({ campaignId: alpha.id, score: 80 });
    await stage(fx, a1, 'mql', '10-02T10:00:00');
    await stage(fx, a1, 'sql', '11-03T10:00:00');
    const a2 = await person({ campaignId: alpha.id, score: 70 });
    await stage(fx, a2, 'mql', '10-03T10:00:00');
    await stage(fx, a2, 'disqualified', '10-04T10:00:00', 'DQ-03');
    await stage(fx, a2, 'sql', '10-20T10:00:00');
    const a3 = await person({ campaignId: alpha.id, score: 60 });
    await stage(fx, a3, 'mql', '10-05T10:00:00');
    await stage(fx, a3, 'disqualified', '10-06T10:00:00', 'DQ-02');
    const a4 = await person({ campaignId: alpha.id, score: 40 });
    await stage(fx, a4, 'mql', '10-07T10:00:00');
    await stage(fx, a4, 'disqualified', '10-08T10:00:00', 'DQ-01');
    await stage(fx, a4, 'disqualified', '10-09T10:00:00', 'DQ-02');
    const a5 = await person({ campaignId: alpha.id });
    await stage(fx, a5, 'mql', '10-10T10:00:00');
    await stage(fx, a5, 'disqualified', '10-11T10:00:00');
    const a6 = await person({ campaignId: alpha.id, score: 90 });
    await stage(fx, a6, 'mql', '10-12T10:00:00');
    await stage(fx, a6, 'recycled', '10-13T10:00:00');
    await stage(fx, a6, 'mql', '10-14T10:00:00');
    await stage(fx, a6, 'sql', '10-15T10:00:00');
    // beta: an erased MQL rejected DQ-04 (50); an SQL before the MQL does not accept it (30).
    const b1 = await person({ campaignId: beta.id, score: 50, erased: true });
    await stage(fx, b1, 'mql', '10-16T10:00:00');
    await stage(fx, b1, 'disqualified', '10-17T10:00:00', 'DQ-04');
    const b2 = await person({ campaignId: beta.id, score: 30 });
    await stage(fx, b2, 'sql', '10-01T10:00:00');
    await stage(fx, b2, 'mql', '10-18T10:00:00');
    // No campaign (scored 100, accepted); and an MQL of September only.
    const n1 = await person({ score: 100 });
    await stage(fx, n1, 'mql', '10-19T10:00:00');
    await stage(fx, n1, 'sql', '10-21T10:00:00');
    const s1 = await person({ campaignId: beta.id, score: 10 });
    await stage(fx, s1, 'mql', '09-20T10:00:00');

    const october = parsePeriod('2026-10');
    const range = { start: october.from, end: october.to };
    const mqls = await listPeriodMqls(fx.ctx, october, 50, true);
    expect(mqls.map((m) => m.personId).sort()).toEqual([a1, a2, a3, a4, a5, a6, b1, b2, n1].sort());

    const byId = (rows: { campaignId: string }[]) =>
      [...rows].sort((x, y) => x.campaignId.localeCompare(y.campaignId));
    const campaigns = campaignsOfMqls(mqls);
    expect(byId(campaigns)).toEqual(byId(await campaignsOfRange(fx.ctx.db, range)));
    // alpha: 6 MQLs, 3 accepted (a1, a2, a6), rejected with a code a3 (DQ-02) and a4 (its
    // first disqualification, DQ-01): a tie, DQ-01 first; a5's has no code.
    expect(campaigns.find((c) => c.campaignId === alpha.id)).toEqual({
      campaignId: alpha.id,
      name: 'MM alpha',
      mqls: 6,
      accepted: 3,
      disqualified: 2,
      topDqCode: 'DQ-01',
    });
    expect(campaigns.find((c) => c.campaignId === beta.id)).toMatchObject({
      mqls: 2,
      accepted: 0,
      disqualified: 1,
      topDqCode: 'DQ-04',
    });

    // Accepted and scored: a1 80, a2 70, a6 90, n1 100 -> 85; rejected and scored, never
    // accepted: a3 60, a4 40, b1 50 -> 50 (a5 has no score).
    const scores = scoresOfMqls(mqls);
    expect(scores).toEqual({ acceptedAvg: 85, accepted: 4, rejectedAvg: 50, rejected: 3 });
    expect(scores).toEqual(await mqlScores(fx.ctx.db, range));

    // Compliance from the shared rows equals compliance alone (the erased MQL left out).
    const alone = await slaCompliance(fx.ctx, '2026-10');
    const shared = await slaCompliance(fx.ctx, '2026-10', { mqls: Promise.resolve(mqls) });
    expect(shared).toEqual(alone);
    expect(alone.marketing.find((r) => r.id === 'mql_volume')!.value).toBe(8);
  });
});
