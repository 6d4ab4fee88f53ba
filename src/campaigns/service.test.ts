import { expect, it } from 'vitest';
import { newCampaign, newOpportunity, newUser } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { NotFoundError, ValidationError } from '../core/index.js';
import { updateUser } from '../org/index.js';
import { createCampaign, deleteCampaign, getCampaign, listCampaigns, updateCampaign } from './service.js';

forEachStore('campaigns service', (fx) => {
  it('creates a planned campaign costing nothing by default, and stores cost as integer cents', async () => {
    const plain = await createCampaign(
      fx.ctx,
      { name: 'Blog', channel: 'content_syndication' },
      CLI_PRINCIPAL,
    );
    expect(plain).toMatchObject({ status: 'planned', cost: { cents: 0, currency: 'USD' }, startsOn: null });
    const paid = await newCampaign(fx.ctx, {
      cost: { cents: 1_250_000, currency: 'EUR' },
      startsOn: '2026-01-01',
      endsOn: '2026-01-31',
    });
    const row = await fx.ctx.db
      .selectFrom('campaigns')
      .select(['cost_cents', 'currency', 'starts_on'])
      .where('id', '=', paid.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ cost_cents: 1_250_000, currency: 'EUR', starts_on: '2026-01-01' });
    expect(await getCampaign(fx.ctx, paid.id)).toEqual(paid);
  });

  it('checks the end against the stored start when only the end changes', async () => {
    const campaign = await newCampaign(fx.ctx, { startsOn: '2026-02-10' });
    await expect(
      updateCampaign(fx.ctx, campaign.id, { endsOn: '2026-02-01' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({
      issues: [{ path: '/endsOn' }],
    });
    const moved = await updateCampaign(
      fx.ctx,
      campaign.id,
      { startsOn: null, endsOn: '2026-02-01' },
      CLI_PRINCIPAL,
    );
    expect(moved).toMatchObject({ startsOn: null, endsOn: '2026-02-01' });
  });

  it('refuses an unknown or deactivated owner, naming /ownerUserId', async () => {
    await expect(newCampaign(fx.ctx, { ownerUserId: 'usr_missing' })).rejects.toMatchObject({
      issues: [{ path: '/ownerUserId' }],
    });
    const gone = await newUser(fx.ctx, { role: 'marketing' });
    await updateUser(fx.ctx, gone.id, { active: false }, CLI_PRINCIPAL);
    await expect(newCampaign(fx.ctx, { ownerUserId: gone.id })).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists the campaigns running on a day, filtered by channel and status', async () => {
    const jan = await newCampaign(fx.ctx, {
      channel: 'paid_search',
      status: 'active',
      startsOn: '2026-01-01',
      endsOn: '2026-01-31',
    });
    const open = await newCampaign(fx.ctx, {
      channel: 'paid_search',
      status: 'active',
      startsOn: '2026-01-15',
    });
    await newCampaign(fx.ctx, {
      channel: 'paid_search',
      status: 'active',
      startsOn: '2026-02-01',
      endsOn: '2026-02-28',
    });
    await newCampaign(fx.ctx, { channel: 'paid_search', status: 'paused', startsOn: '2026-01-01' });
    const onJan20 = await listCampaigns(
      fx.ctx,
      { channel: 'paid_search', status: 'active', activeOn: '2026-01-20' },
      { limit: 500 },
    );
    expect(onJan20.items.map((c) => c.id).sort()).toEqual([jan.id, open.id].sort());
    await expect(listCampaigns(fx.ctx, { activeOn: '2026-01-32' }, {})).rejects.toMatchObject({
      issues: [{ path: '/activeOn' }],
    });
  });

  it('deletes an unused campaign but keeps one a touchpoint or an opportunity points at', async () => {
    const unused = await newCampaign(fx.ctx);
    await deleteCampaign(fx.ctx, unused.id, CLI_PRINCIPAL);
    await expect(getCampaign(fx.ctx, unused.id)).rejects.toBeInstanceOf(NotFoundError);

    const touched = await newCampaign(fx.ctx);
    const now = fx.clock.now();
    await fx.ctx.db
      .insertInto('touchpoints')
      .values({
        event_id: `evt-${touched.id}`,
        type: 'webinar_attended',
        occurred_at: now,
        received_at: now,
        campaign_id: touched.id,
      })
      .execute();
    await expect(deleteCampaign(fx.ctx, touched.id, CLI_PRINCIPAL)).rejects.toMatchObject({
      code: 'campaign_in_use',
      details: { touchpoints: 1, opportunities: 0 },
    });

    const sourced = await newCampaign(fx.ctx);
    await newOpportunity(fx.ctx, { campaignId: sourced.id });
    await expect(deleteCampaign(fx.ctx, sourced.id, CLI_PRINCIPAL)).rejects.toMatchObject({ status: 409 });
    expect(await getCampaign(fx.ctx, sourced.id)).toMatchObject({ id: sourced.id });
  });
});
