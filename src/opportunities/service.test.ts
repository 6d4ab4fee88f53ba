import { expect, it } from 'vitest';
import { newCampaign, newOpportunity, newUser, rawAccount, rawPerson } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { ForbiddenError, NotFoundError } from '../core/index.js';
import {
  closeOpportunityById,
  createOpportunity,
  getOpportunity,
  listOpportunities,
  updateOpportunity,
} from './service.js';

const rep = (userId: string): Principal => ({
  kind: 'api_key',
  id: `key_${userId}`,
  role: 'sales_rep',
  userId,
  name: 'rep key',
});

forEachStore('opportunities service', (fx) => {
  it('creates an open deal in discovery, taking the account of its primary contact', async () => {
    const account = await rawAccount(fx.ctx);
    const person = await rawPerson(fx.ctx, { accountId: account.id });
    const owner = await newUser(fx.ctx);
    const campaign = await newCampaign(fx.ctx);
    const opp = await createOpportunity(
      fx.ctx,
      {
        name: 'Acme platform',
        personId: person.id,
        ownerUserId: owner.id,
        campaignId: campaign.id,
        amount: { cents: 4_800_000, currency: 'USD' },
        closeDate: '2026-03-31',
      },
      CLI_PRINCIPAL,
    );
    expect(opp).toMatchObject({
      stage: 'discovery',
      accountId: account.id,
      outcome: null,
      closedAt: null,
      amount: { cents: 4_800_000, currency: 'USD' },
    });
    expect(await getOpportunity(fx.ctx, opp.id, CLI_PRINCIPAL)).toEqual(opp);
  });

  it('names every unknown reference at once', async () => {
    await expect(
      createOpportunity(
        fx.ctx,
        { name: 'x', accountId: 'acc_no', personId: 'per_no', ownerUserId: 'usr_no', campaignId: 'cmp_no' },
        CLI_PRINCIPAL,
      ),
    ).rejects.toMatchObject({
      issues: [
        { path: '/accountId' },
        { path: '/personId' },
        { path: '/ownerUserId' },
        { path: '/campaignId' },
      ],
    });
  });

  it('gives a rep the deals they create, and refuses a rep creating one for someone else', async () => {
    const me = await newUser(fx.ctx);
    const other = await newUser(fx.ctx);
    const mine = await createOpportunity(fx.ctx, { name: 'Mine' }, rep(me.id));
    expect(mine.ownerUserId).toBe(me.id);
    await expect(
      createOpportunity(fx.ctx, { name: 'Theirs', ownerUserId: other.id }, rep(me.id)),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('hides other owners’ deals from a rep: not listed, and not found when read, changed or closed', async () => {
    const me = await newUser(fx.ctx);
    const other = await newUser(fx.ctx);
    const mine = await newOpportunity(fx.ctx, { ownerUserId: me.id });
    const theirs = await newOpportunity(fx.ctx, { ownerUserId: other.id });
    const listed = await listOpportunities(fx.ctx, {}, { limit: 500 }, rep(me.id));
    expect(listed.items.map((o) => o.id)).toEqual([mine.id]);
    // Even asking for the other owner explicitly shows nothing.
    expect((await listOpportunities(fx.ctx, { ownerUserId: other.id }, {}, rep(me.id))).items).toEqual([]);
    await expect(getOpportunity(fx.ctx, theirs.id, rep(me.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateOpportunity(fx.ctx, theirs.id, { nextStep: 'steal it' }, rep(me.id)),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      closeOpportunityById(fx.ctx, theirs.id, { outcome: 'won' }, rep(me.id)),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await updateOpportunity(fx.ctx, mine.id, { stage: 'proposal' }, rep(me.id))).stage).toBe(
      'proposal',
    );
    await expect(
      updateOpportunity(fx.ctx, mine.id, { ownerUserId: other.id }, rep(me.id)),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('closes a deal lost with its reason and competitor, once, and audits it', async () => {
    const opp = await newOpportunity(fx.ctx);
    fx.clock.advance(3_600_000);
    const closed = await closeOpportunityById(
      fx.ctx,
      opp.id,
      { outcome: 'lost', reason: 'budget cut', competitor: 'Acme' },
      CLI_PRINCIPAL,
    );
    expect(closed).toMatchObject({
      stage: 'closed_lost',
      outcome: 'lost',
      closeReason: 'budget cut',
      competitor: 'Acme',
      closedAt: fx.clock.now(),
    });
    await expect(
      closeOpportunityById(fx.ctx, opp.id, { outcome: 'won' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({ status: 409, code: 'already_closed' });
    await expect(
      updateOpportunity(fx.ctx, opp.id, { stage: 'negotiation' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({ code: 'opportunity_closed' });
    // Other fields of a closed deal can still be corrected.
    expect(
      (await updateOpportunity(fx.ctx, opp.id, { nextStep: 'revisit in Q3' }, CLI_PRINCIPAL)).nextStep,
    ).toBe('revisit in Q3');
    const actions = await fx.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', opp.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'opportunity.created',
      'opportunity.lost',
      'opportunity.updated',
    ]);
  });

  it('filters open and closed deals and a close-date range', async () => {
    const owner = await newUser(fx.ctx);
    const march = await newOpportunity(fx.ctx, { ownerUserId: owner.id, closeDate: '2026-03-15' });
    const april = await newOpportunity(fx.ctx, { ownerUserId: owner.id, closeDate: '2026-04-01' });
    const won = await newOpportunity(fx.ctx, { ownerUserId: owner.id, closeDate: '2026-03-01' });
    await closeOpportunityById(fx.ctx, won.id, { outcome: 'won' }, CLI_PRINCIPAL);
    const ids = async (filter: Parameters<typeof listOpportunities>[1]) =>
      (await listOpportunities(fx.ctx, { ownerUserId: owner.id, ...filter }, {}, CLI_PRINCIPAL)).items
        .map((o) => o.id)
        .sort();
    expect(await ids({ open: true })).toEqual([march.id, april.id].sort());
    expect(await ids({ open: false })).toEqual([won.id]);
    expect(await ids({ outcome: 'won' })).toEqual([won.id]);
    expect(await ids({ closeDateFrom: '2026-03-01', closeDateTo: '2026-03-31' })).toEqual(
      [march.id, won.id].sort(),
    );
    expect(await ids({ stage: 'closed_won' })).toEqual([won.id]);
    await expect(ids({ closeDateTo: '31/03/2026' })).rejects.toMatchObject({
      issues: [{ path: '/closeDateTo' }],
    });
  });
});
