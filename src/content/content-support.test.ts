import { expect, it } from 'vitest';
import { newCampaign, newUser } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { slaCompliance } from '../sla/index.js';
import { createRequest, transitionRequest } from './request-service.js';
import { createAsset, getAsset, searchAssets, updateAsset } from './service.js';

/**
 * Seed 001, Marketing SLA, "Content support: new assets for each campaign": assets name the
 * campaigns they were made for, and the compliance row counts the campaigns launched in the
 * period that have one, with the content requests delivered on time. Its own database: the
 * figures below are counted by hand.
 */
forEachStore('content support', (fx) => {
  const rep = (userId: string): Principal => ({
    kind: 'api_key',
    id: 'k',
    role: 'sales_rep',
    userId,
    name: 'rep',
  });

  it('links an asset to the campaigns it serves, finds it by campaign, and names an unknown campaign', async () => {
    const webinar = await newCampaign(fx.ctx, { startsOn: '2026-02-10' });
    const nurture = await newCampaign(fx.ctx, { startsOn: '2026-02-12' });
    const asset = await createAsset(
      fx.ctx,
      { title: 'Webinar deck', type: 'presentation', location: 'x', campaignIds: [nurture.id, webinar.id] },
      CLI_PRINCIPAL,
    );
    expect(asset.campaignIds).toEqual([nurture.id, webinar.id].sort());
    expect((await searchAssets(fx.ctx, { campaignId: webinar.id }, {})).items.map((a) => a.id)).toEqual([
      asset.id,
    ]);
    await expect(
      createAsset(
        fx.ctx,
        { title: 'x', type: 'other', location: 'x', campaignIds: [webinar.id, 'cmp_nope'] },
        CLI_PRINCIPAL,
      ),
    ).rejects.toMatchObject({ issues: [{ path: '/campaignIds/1', message: 'no campaign cmp_nope' }] });
    const narrowed = await updateAsset(fx.ctx, asset.id, { campaignIds: [webinar.id] }, CLI_PRINCIPAL);
    expect(narrowed).toMatchObject({ campaignIds: [webinar.id], version: 2 });
    expect((await searchAssets(fx.ctx, { campaignId: nurture.id }, {})).items).toEqual([]);
    // A change of other fields keeps the campaigns.
    await updateAsset(fx.ctx, asset.id, { summary: 'v3' }, CLI_PRINCIPAL);
    expect((await getAsset(fx.ctx, asset.id)).campaignIds).toEqual([webinar.id]);
  });

  it('measures the campaigns launched in April with an asset and the requests delivered on time', async () => {
    const seller = await newUser(fx.ctx, { role: 'ae' });
    const ask = (title: string) =>
      createRequest(fx.ctx, { type: 'objection_handling', title }, rep(seller.id));
    const deliver = async (id: string) => {
      const made = await createAsset(
        fx.ctx,
        { title: `for ${id}`, type: 'one_pager', location: 'x' },
        CLI_PRINCIPAL,
      );
      return transitionRequest(fx.ctx, id, { action: 'deliver', assetId: made.id }, CLI_PRINCIPAL);
    };

    fx.clock.set('2026-03-25T09:00:00Z');
    const march = await ask('March: on time, outside April');
    fx.clock.set('2026-03-26T09:00:00Z');
    await deliver(march.id);
    // 2026-04-01 is a Wednesday: one week of business days is due on the 8th.
    fx.clock.set('2026-04-01T09:00:00Z');
    const onTime = await ask('on time');
    const late = await ask('late');
    fx.clock.set('2026-04-03T09:00:00Z');
    await deliver(onTime.id);
    fx.clock.set('2026-04-15T09:00:00Z');
    await deliver(late.id);
    fx.clock.set('2026-04-16T09:00:00Z');
    const running = await ask('running, not yet due on the 20th');

    const launchedWithAsset = await newCampaign(fx.ctx, { startsOn: '2026-04-03' });
    const launchedBare = await newCampaign(fx.ctx, { startsOn: '2026-04-10' });
    const launchedTwice = await newCampaign(fx.ctx, { startsOn: '2026-04-15' });
    const marchCampaign = await newCampaign(fx.ctx, { startsOn: '2026-03-30' });
    const notYet = await newCampaign(fx.ctx, { startsOn: '2026-04-27' });
    await createAsset(
      fx.ctx,
      { title: 'A', type: 'ebook', location: 'x', campaignIds: [launchedWithAsset.id, launchedTwice.id] },
      CLI_PRINCIPAL,
    );
    await createAsset(
      fx.ctx,
      { title: 'B', type: 'ebook', location: 'x', campaignIds: [launchedTwice.id] },
      CLI_PRINCIPAL,
    );
    await createAsset(
      fx.ctx,
      { title: 'C', type: 'ebook', location: 'x', campaignIds: [marchCampaign.id] },
      CLI_PRINCIPAL,
    );

    fx.clock.set('2026-04-20T12:00:00Z');
    const row = async () =>
      (await slaCompliance(fx.ctx, '2026-04')).marketing.find((r) => r.id === 'content_support')!;
    // Launched in April by the 20th: three (not the March one, not the 27th's). Two have an
    // asset. Requests of April judged: on time and late (the running one is not yet due).
    expect(await row()).toMatchObject({
      metric: 'Content support',
      actual:
        '66.7% of campaigns launched have an asset (2 of 3); 50% of content requests delivered on time (1 of 2)',
      value: 2 / 3,
      met: false,
      total: 5,
      missed: 2,
      offending: [launchedBare.id, late.id],
    });
    await createAsset(
      fx.ctx,
      { title: 'D', type: 'ebook', location: 'x', campaignIds: [launchedBare.id] },
      CLI_PRINCIPAL,
    );
    expect(await row()).toMatchObject({ value: 1, met: false, missed: 1, offending: [late.id] });
    // March: one campaign with an asset and one request on time, so the row is met.
    const marchRow = (await slaCompliance(fx.ctx, '2026-03')).marketing.find(
      (r) => r.id === 'content_support',
    );
    expect(marchRow).toMatchObject({ value: 1, met: true, total: 2, missed: 0 });
    // By May 2nd the 27th's campaign has launched without an asset, and the running request
    // is past its due without a delivery: late.
    fx.clock.set('2026-05-02T12:00:00Z');
    expect(await row()).toMatchObject({ total: 7, offending: [notYet.id, late.id, running.id] });
  });
});
