import { expect, it } from 'vitest';
import { newOpportunity, newUser } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { DAY, HOUR } from '../core/index.js';
import { closeOpportunityById, getOpportunity } from '../opportunities/index.js';
import { slaCompliance, sweepClocks } from '../sla/index.js';
import { getWinLoss, listWinLoss, recordWinLoss } from './winloss-service.js';

const rep = (userId: string): Principal => ({
  kind: 'api_key',
  id: `key_${userId}`,
  role: 'sales_rep',
  userId,
  name: 'rep key',
});

forEachStore('win/loss capture', (fx) => {
  it('opens the owner clock when a lost deal closes without its competitor, and stops it met once recorded', async () => {
    fx.clock.set('2026-01-05T09:00:00Z'); // Monday 10:00 in Paris, the owner's zone
    const owner = await newUser(fx.ctx);
    const opp = await newOpportunity(fx.ctx, { ownerUserId: owner.id });
    await closeOpportunityById(
      fx.ctx,
      opp.id,
      { outcome: 'lost', reason: 'Chose competitor' },
      CLI_PRINCIPAL,
    );
    const open = await getWinLoss(fx.ctx, opp.id, CLI_PRINCIPAL);
    expect(open).toMatchObject({
      outcome: 'lost',
      reasonCode: 'competitor',
      complete: false,
      status: 'pending',
      missing: ['/competitor'],
      clock: { policy: 'win_loss_feedback', status: 'running', accountableUserId: owner.id },
    });
    // 48 hours as two business days of the owner's calendar: Wednesday 10:00 Paris.
    expect(open.dueAt.toISOString()).toBe('2026-01-07T09:00:00.000Z');
    expect(open.clock!.dueAt.toISOString()).toBe('2026-01-07T09:00:00.000Z');

    fx.clock.advance(20 * HOUR);
    const done = await recordWinLoss(
      fx.ctx,
      opp.id,
      { competitor: '  Acme   Corp ', notes: 'Their CRM bundle was cheaper' },
      rep(owner.id),
    );
    expect(done).toMatchObject({
      complete: true,
      status: 'on_time',
      competitor: 'Acme Corp',
      missing: [],
      recordedBy: `key_${owner.id}`,
      clock: { status: 'met' },
    });
    expect(await getOpportunity(fx.ctx, opp.id, CLI_PRINCIPAL)).toMatchObject({
      competitor: 'Acme Corp',
      closeReason: 'Chose competitor',
    });
  });

  it('takes a complete close as recorded on time, with no clock', async () => {
    fx.clock.set('2026-01-12T09:00:00Z');
    const opp = await newOpportunity(fx.ctx);
    await closeOpportunityById(
      fx.ctx,
      opp.id,
      { outcome: 'won', reason: 'product fit', winningFactor: 'SLA automation' },
      CLI_PRINCIPAL,
    );
    expect(await getWinLoss(fx.ctx, opp.id, CLI_PRINCIPAL)).toMatchObject({
      complete: true,
      status: 'on_time',
      reasonCode: 'product_fit',
      reasonLabel: 'Product fit',
      clock: null,
    });
  });

  it('breaches the clock of a stage-only close, and the late record stays breached', async () => {
    fx.clock.set('2026-01-16T16:00:00Z'); // Friday 17:00 Paris
    const owner = await newUser(fx.ctx);
    const opp = await newOpportunity(fx.ctx, { ownerUserId: owner.id });
    await closeOpportunityById(fx.ctx, opp.id, { outcome: 'won' }, CLI_PRINCIPAL);
    fx.clock.advance(5 * DAY);
    await sweepClocks(fx.ctx, fx.clock.now());
    const overdue = await getWinLoss(fx.ctx, opp.id, CLI_PRINCIPAL);
    expect(overdue).toMatchObject({
      status: 'overdue',
      missing: ['/reasonCode', '/winningFactor'],
      clock: { status: 'breached' },
    });
    const late = await recordWinLoss(
      fx.ctx,
      opp.id,
      { reasonCode: 'relationship', winningFactor: 'Champion in RevOps' },
      CLI_PRINCIPAL,
    );
    expect(late).toMatchObject({ status: 'late', clock: { status: 'breached' } });
    expect(late.clock!.stoppedAt).not.toBeNull();
  });

  it('names every field a record still lacks, refuses unknown reasons and open deals', async () => {
    fx.clock.set('2026-01-20T09:00:00Z');
    const opp = await newOpportunity(fx.ctx);
    await expect(recordWinLoss(fx.ctx, opp.id, { reasonCode: 'price' }, CLI_PRINCIPAL)).rejects.toMatchObject(
      {
        code: 'opportunity_open',
      },
    );
    await closeOpportunityById(fx.ctx, opp.id, { outcome: 'won' }, CLI_PRINCIPAL);
    await expect(recordWinLoss(fx.ctx, opp.id, { reasonCode: 'cheap' }, CLI_PRINCIPAL)).rejects.toMatchObject(
      {
        issues: [{ path: '/reasonCode' }],
      },
    );
    await expect(recordWinLoss(fx.ctx, opp.id, { reasonCode: 'other' }, CLI_PRINCIPAL)).rejects.toMatchObject(
      {
        issues: [{ path: '/reasonText' }, { path: '/winningFactor' }],
      },
    );
    // Nothing was stored by the refused attempts.
    expect((await getWinLoss(fx.ctx, opp.id, CLI_PRINCIPAL)).reasonCode).toBeNull();
  });

  it('hides another rep’s deal and lists the period with the missing ones flagged', async () => {
    const owner = await newUser(fx.ctx);
    const other = await newUser(fx.ctx);
    const opp = await newOpportunity(fx.ctx, { ownerUserId: owner.id });
    await closeOpportunityById(fx.ctx, opp.id, { outcome: 'lost', reason: 'Price' }, CLI_PRINCIPAL);
    await expect(getWinLoss(fx.ctx, opp.id, rep(other.id))).rejects.toMatchObject({ code: 'not_found' });
    const january = await listWinLoss(fx.ctx, { from: '2026-01-01', to: '2026-01-31' }, CLI_PRINCIPAL);
    expect(january.summary).toMatchObject({ total: 5, missing: 1 });
    expect(january.items.filter((i) => !i.complete).map((i) => i.missing)).toEqual([
      ['/reasonCode', '/winningFactor'],
    ]);
    const mine = await listWinLoss(fx.ctx, { owner: owner.id, outcome: 'lost' }, CLI_PRINCIPAL);
    expect(mine.items.map((i) => i.opportunityId)).toEqual([opp.id]);
    expect((await listWinLoss(fx.ctx, {}, rep(other.id))).items).toEqual([]);
    await expect(listWinLoss(fx.ctx, { from: 'June' }, CLI_PRINCIPAL)).rejects.toMatchObject({
      issues: [{ path: '/from' }],
    });
  });

  it('reads the compliance row from the records: late and overdue feedback miss, pending is not judged', async () => {
    fx.clock.set('2026-02-02T09:00:00Z');
    const report = await slaCompliance(fx.ctx, '2026-01');
    const row = report.sales.find((r) => r.id === 'win_loss_feedback')!;
    // January's five closes: three on time, one recorded late, one stage-only close still
    // without its reason in February (overdue).
    expect(row.total).toBe(5);
    expect(row.missed).toBe(2);
    expect(row.met).toBe(false);
  });
});
