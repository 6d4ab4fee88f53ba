import { expect, it } from 'vitest';
import { newLead, newOpportunity, newUser, newTeam } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { DAY } from '../core/index.js';
import { closeOpportunityById } from '../opportunities/index.js';
import { buildHandoff } from '../routing/index.js';
import { listClocks, slaCompliance, sweepClocks } from '../sla/index.js';
import {
  createMessage,
  editMessage,
  messageVersion,
  messageVersions,
  reviewMessage,
} from './messaging-service.js';
import { createRequest, listRequests, transitionRequest, updateRequest } from './request-service.js';
import {
  assetEffectiveness,
  createAsset,
  logUsage,
  searchAssets,
  staleAssets,
  updateAsset,
} from './service.js';

forEachStore('content service', (fx) => {
  const rep = (userId: string): Principal => ({
    kind: 'api_key',
    id: 'k',
    role: 'sales_rep',
    userId,
    name: 'rep',
  });

  it('finds assets by stage, persona, type and words, and counts every change as a version', async () => {
    const a = await createAsset(
      fx.ctx,
      {
        title: 'ROI of alignment — case study',
        type: 'case_study',
        location: 'https://cdn.test/roi.pdf',
        stage: 'sql',
        persona: 'Director',
      },
      CLI_PRINCIPAL,
    );
    await createAsset(
      fx.ctx,
      { title: 'Pricing one-pager', type: 'one_pager', location: 'Drive > Sales', stage: 'mql' },
      CLI_PRINCIPAL,
    );
    const found = await searchAssets(fx.ctx, { stage: 'sql', persona: 'director', text: 'alignment' }, {});
    expect(found.items.map((x) => x.id)).toEqual([a.id]);
    expect((await searchAssets(fx.ctx, { text: '100%_' }, {})).items).toEqual([]);
    const changed = await updateAsset(fx.ctx, a.id, { reviewOn: '2026-06-01' }, CLI_PRINCIPAL);
    expect(changed).toMatchObject({ version: 2, reviewOn: '2026-06-01', persona: 'Director' });
    await updateAsset(fx.ctx, a.id, { retired: true }, CLI_PRINCIPAL);
    expect((await searchAssets(fx.ctx, { stage: 'sql' }, {})).items).toEqual([]);
    expect((await searchAssets(fx.ctx, { stage: 'sql', retired: true }, {})).items).toHaveLength(1);
  });

  it('credits an asset sent to a contact with the deal of their account, and its won revenue', async () => {
    const seller = await newUser(fx.ctx, { role: 'ae' });
    const lead = await newLead(fx.ctx, { account: {} });
    const asset = await createAsset(
      fx.ctx,
      { title: 'Security whitepaper', type: 'whitepaper', location: 'https://x.test/sec' },
      CLI_PRINCIPAL,
    );
    const deal = await newOpportunity(fx.ctx, {
      accountId: lead.accountId!,
      amount: { cents: 4_200_000, currency: 'USD' },
    });
    await expect(logUsage(fx.ctx, { assetId: asset.id }, rep(seller.id))).rejects.toMatchObject({
      issues: [{ path: '/personId' }],
    });
    const usage = await logUsage(fx.ctx, { assetId: asset.id, personId: lead.id }, rep(seller.id));
    expect(usage).toMatchObject({ userId: seller.id, accountId: lead.accountId });
    fx.clock.advance(DAY);
    await closeOpportunityById(
      fx.ctx,
      deal.id,
      { outcome: 'won', reason: 'Security review passed' },
      CLI_PRINCIPAL,
    );
    fx.clock.advance(DAY);
    // Sent after the close: does not count.
    const late = await createAsset(
      fx.ctx,
      { title: 'Late', type: 'one_pager', location: 'x' },
      CLI_PRINCIPAL,
    );
    await logUsage(fx.ctx, { assetId: late.id, personId: lead.id }, rep(seller.id));
    const rows = await assetEffectiveness(fx.ctx);
    expect(rows.find((r) => r.assetId === asset.id)).toMatchObject({
      sends: 1,
      influencedOpportunities: 1,
      wonOpportunities: 1,
      wonRevenue: [{ cents: 4_200_000, currency: 'USD' }],
    });
    expect(rows.find((r) => r.assetId === late.id)).toMatchObject({
      influencedOpportunities: 0,
      wonRevenue: [],
    });
  });

  it('lists stale assets: unused for 90 days, or past review', async () => {
    const old = await createAsset(
      fx.ctx,
      { title: 'Old deck', type: 'presentation', location: 'x' },
      CLI_PRINCIPAL,
    );
    const review = await createAsset(
      fx.ctx,
      {
        title: 'Needs review',
        type: 'datasheet',
        location: 'x',
        reviewOn: fx.clock.now().toISOString().slice(0, 10),
      },
      CLI_PRINCIPAL,
    );
    fx.clock.advance(91 * DAY);
    const fresh = await createAsset(
      fx.ctx,
      { title: 'Fresh', type: 'blog_post', location: 'x' },
      CLI_PRINCIPAL,
    );
    const stale = await staleAssets(fx.ctx);
    const byId = new Map(stale.map((s) => [s.asset.id, s.reasons.map((r) => r.code)]));
    expect(byId.get(old.id)).toEqual(['unused']);
    expect(byId.get(review.id)).toEqual(['review_overdue', 'unused']);
    expect(byId.has(fresh.id)).toBe(false);
  });

  it('keeps every version of a battlecard readable, and a review moves its date without a new version', async () => {
    const card = await createMessage(
      fx.ctx,
      {
        kind: 'battlecard',
        title: 'vs Acme',
        competitor: 'Acme',
        body: {
          strengths: ['Price'],
          objections: [{ objection: 'Acme is cheaper', answer: 'Total cost of ownership' }],
        },
      },
      CLI_PRINCIPAL,
    );
    expect(card).toMatchObject({ version: 1, reviewedOn: fx.clock.now().toISOString().slice(0, 10) });
    fx.clock.advance(10 * DAY);
    const v2 = await editMessage(
      fx.ctx,
      card.id,
      { body: { strengths: ['Price', 'Support'], landmines: ['Ask about SSO'] } },
      CLI_PRINCIPAL,
    );
    expect(v2).toMatchObject({ version: 2, competitor: 'Acme' });
    await expect(editMessage(fx.ctx, card.id, { competitor: null }, CLI_PRINCIPAL)).rejects.toMatchObject({
      issues: [{ path: '/competitor' }],
    });
    expect((await messageVersion(fx.ctx, card.id, 1)).body).toEqual(card.body);
    expect((await messageVersions(fx.ctx, card.id)).map((v) => v.version)).toEqual([2, 1]);
    fx.clock.advance(30 * DAY);
    const reviewed = await reviewMessage(fx.ctx, card.id, CLI_PRINCIPAL);
    expect(reviewed).toMatchObject({ version: 2, reviewedOn: fx.clock.now().toISOString().slice(0, 10) });
  });

  it('puts a content request on an SLA clock: breached by the sweeper and escalated, stopped at delivery', async () => {
    const team = await newTeam(fx.ctx, { function: 'marketing' });
    const lead = await newUser(fx.ctx, { role: 'marketing', teamId: team.id });
    const marketer = await newUser(fx.ctx, { role: 'marketing', teamId: team.id, managerUserId: lead.id });
    const seller = await newUser(fx.ctx, { role: 'ae' });
    const request = await createRequest(
      fx.ctx,
      { type: 'objection_handling', title: '"We already have a CRM"', ownerUserId: marketer.id },
      rep(seller.id),
    );
    expect(request).toMatchObject({ status: 'open', requesterUserId: seller.id });
    const [clock] = (
      await listClocks(fx.ctx, { policy: 'content_request', limit: 10 }, CLI_PRINCIPAL)
    ).items.filter((c) => c.contentRequestId === request.id);
    expect(clock).toMatchObject({
      status: 'running',
      personId: null,
      accountableUserId: marketer.id,
      dueAt: request.dueAt,
    });

    fx.clock.set(new Date(request.dueAt.getTime() + 25 * 3_600_000));
    const swept = await sweepClocks(fx.ctx, fx.clock.now());
    expect(swept.breached).toBeGreaterThanOrEqual(1);
    expect(swept.escalated).toBeGreaterThanOrEqual(1);
    const overdue = await listRequests(fx.ctx, { overdue: true }, {});
    expect(overdue.items.map((r) => r.id)).toContain(request.id);

    const asset = await createAsset(
      fx.ctx,
      { title: 'CRM objection talk track', type: 'talk_track', location: 'x' },
      CLI_PRINCIPAL,
    );
    await expect(
      transitionRequest(fx.ctx, request.id, { action: 'deliver' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({
      issues: [{ path: '/assetId' }],
    });
    const delivered = await transitionRequest(
      fx.ctx,
      request.id,
      { action: 'deliver', assetId: asset.id },
      CLI_PRINCIPAL,
    );
    expect(delivered).toMatchObject({ status: 'delivered', assetId: asset.id });
    const after = (
      await listClocks(fx.ctx, { policy: 'content_request', limit: 50 }, CLI_PRINCIPAL)
    ).items.find((c) => c.id === clock!.id);
    expect(after).toMatchObject({ status: 'breached', stoppedAt: fx.clock.now() });
    await expect(
      transitionRequest(fx.ctx, request.id, { action: 'decline', reason: 'x' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({
      code: 'request_status',
    });
  });

  it('meets the clock of a request delivered on time, and reports content delivery in SLA compliance', async () => {
    const marketer = await newUser(fx.ctx, { role: 'marketing' });
    const seller = await newUser(fx.ctx, { role: 'ae' });
    const start = fx.clock.now();
    const request = await createRequest(
      fx.ctx,
      { type: 'competitive_battlecard', title: 'vs Globex' },
      rep(seller.id),
    );
    const taken = await transitionRequest(fx.ctx, request.id, { action: 'start' }, rep(marketer.id));
    expect(taken).toMatchObject({ status: 'in_progress', ownerUserId: marketer.id });
    await updateRequest(fx.ctx, request.id, { ownerUserId: marketer.id }, CLI_PRINCIPAL);
    fx.clock.advance(3 * DAY);
    const asset = await createAsset(
      fx.ctx,
      { title: 'Globex battlecard', type: 'one_pager', location: 'x' },
      CLI_PRINCIPAL,
    );
    await transitionRequest(fx.ctx, request.id, { action: 'deliver', assetId: asset.id }, CLI_PRINCIPAL);
    const clock = (
      await listClocks(fx.ctx, { policy: 'content_request', limit: 50 }, CLI_PRINCIPAL)
    ).items.find((c) => c.contentRequestId === request.id);
    expect(clock).toMatchObject({ status: 'met', accountableUserId: marketer.id });
    const month = start.toISOString().slice(0, 7);
    const row = (await slaCompliance(fx.ctx, month)).marketing.find((r) => r.id === 'content_request');
    expect(row).toMatchObject({ metric: 'Content delivery' });
    expect(row!.total).toBeGreaterThanOrEqual(1);
  });

  it('needs the event day for event support and counts back from it; cancels the clock of a declined request', async () => {
    const seller = await newUser(fx.ctx, { role: 'ae' });
    await expect(
      createRequest(fx.ctx, { type: 'event_support', title: 'Summit' }, rep(seller.id)),
    ).rejects.toMatchObject({
      issues: [{ path: '/anchorOn' }],
    });
    await expect(
      createRequest(
        fx.ctx,
        { type: 'event_support', title: 'Summit', anchorOn: '2027-01-10' },
        CLI_PRINCIPAL,
      ),
    ).rejects.toMatchObject({
      issues: [{ path: '/requesterUserId' }],
    });
    const event = new Date(Date.UTC(2027, 0, 11));
    const request = await createRequest(
      fx.ctx,
      { type: 'event_support', title: 'Summit', anchorOn: '2027-01-11' },
      rep(seller.id),
    );
    expect(request.dueAt < event).toBe(true);
    expect(event.getTime() - request.dueAt.getTime()).toBeGreaterThanOrEqual(19 * DAY);
    const declined = await transitionRequest(
      fx.ctx,
      request.id,
      { action: 'decline', reason: 'Event cancelled' },
      CLI_PRINCIPAL,
    );
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'Event cancelled' });
    const clock = (
      await listClocks(fx.ctx, { policy: 'content_request', limit: 50 }, CLI_PRINCIPAL)
    ).items.find((c) => c.contentRequestId === request.id);
    expect(clock?.status).toBe('cancelled');
  });

  it("fills the hand-off package with the persona's talking points and the content for their stage", async () => {
    await createMessage(
      fx.ctx,
      {
        kind: 'talking_points',
        title: 'VP, MQL',
        persona: 'Vice President',
        stage: 'mql',
        body: { points: ['Forecast accuracy'] },
      },
      CLI_PRINCIPAL,
    );
    await createMessage(
      fx.ctx,
      { kind: 'talking_points', title: 'Director', persona: 'Director', body: { points: ['Team workload'] } },
      CLI_PRINCIPAL,
    );
    const vpAsset = await createAsset(
      fx.ctx,
      {
        title: 'VP guide to pipeline',
        type: 'ebook',
        location: 'https://x.test/vp',
        persona: 'Vice President',
        stage: 'mql',
      },
      CLI_PRINCIPAL,
    );
    await createAsset(
      fx.ctx,
      { title: 'Director checklist', type: 'one_pager', location: 'x', persona: 'Director' },
      CLI_PRINCIPAL,
    );
    await createAsset(
      fx.ctx,
      {
        title: 'Expired VP deck',
        type: 'presentation',
        location: 'x',
        persona: 'Vice President',
        expiresOn: '2020-01-01',
      },
      CLI_PRINCIPAL,
    );
    const lead = await newLead(fx.ctx, { title: 'VP Sales', stage: 'mql' });
    const pkg = await buildHandoff(fx.ctx.db, lead.id, { now: fx.clock.now() });
    expect(pkg?.persona).toBe('Vice President');
    expect(pkg?.talkingPoints).toEqual(['Forecast accuracy']);
    expect(pkg?.recommendedContent.map((c) => c.title)).toContain(vpAsset.title);
    expect(pkg?.recommendedContent.map((c) => c.title)).not.toContain('Director checklist');
    expect(pkg?.recommendedContent.map((c) => c.title)).not.toContain('Expired VP deck');
    expect(pkg?.recommendedContent[0]).toMatchObject({ id: vpAsset.id, location: 'https://x.test/vp' });
  });
});
