import { expect, it } from 'vitest';
import {
  newOpportunity,
  newSalesActivity,
  newUser,
  rawAccount,
  rawPerson,
} from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../core/index.js';
import { getSalesActivity, listSalesActivities, logSalesActivity } from './sales-service.js';

const rep = (userId: string): Principal => ({
  kind: 'api_key',
  id: `key_${userId}`,
  role: 'sales_rep',
  userId,
  name: 'rep key',
});

forEachStore('sales activities service', (fx) => {
  it('logs a call with the person’s account and the calling rep filled in', async () => {
    const account = await rawAccount(fx.ctx);
    const person = await rawPerson(fx.ctx, { accountId: account.id });
    const me = await newUser(fx.ctx, { role: 'sdr' });
    const { activity, created } = await logSalesActivity(
      fx.ctx,
      {
        type: 'call',
        outcome: 'voicemail',
        personId: person.id,
        durationSeconds: 42,
        occurredAt: '2026-01-05T08:30:00Z',
      },
      rep(me.id),
    );
    expect(created).toBe(true);
    expect(activity).toMatchObject({
      accountId: account.id,
      userId: me.id,
      direction: 'outbound',
      durationSeconds: 42,
      occurredAt: new Date('2026-01-05T08:30:00Z'),
    });
    expect(await getSalesActivity(fx.ctx, activity.id, rep(me.id))).toEqual(activity);
  });

  it('takes the account of the opportunity when no person is given', async () => {
    const account = await rawAccount(fx.ctx);
    const opp = await newOpportunity(fx.ctx, { accountId: account.id });
    const activity = await newSalesActivity(fx.ctx, {
      type: 'meeting',
      outcome: 'held',
      opportunityId: opp.id,
    });
    expect(activity).toMatchObject({ accountId: account.id, opportunityId: opp.id, userId: null });
  });

  it('logs an external id once: the retry returns the first activity and writes nothing', async () => {
    const person = await rawPerson(fx.ctx);
    const input = { type: 'email', outcome: 'sent', personId: person.id, externalId: 'gmail-msg-1' };
    const first = await logSalesActivity(fx.ctx, input, CLI_PRINCIPAL);
    const again = await logSalesActivity(fx.ctx, { ...input, subject: 'changed' }, CLI_PRINCIPAL);
    expect(again).toEqual({ activity: first.activity, created: false });
    const rows = await fx.ctx.db
      .selectFrom('activities')
      .select('id')
      .where('external_id', '=', 'gmail-msg-1')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps one activity when the same external id arrives twice at once', async () => {
    const person = await rawPerson(fx.ctx);
    const input = { type: 'call', outcome: 'connected', personId: person.id, externalId: 'dialer-42' };
    const results = await Promise.all([
      logSalesActivity(fx.ctx, input, CLI_PRINCIPAL),
      logSalesActivity(fx.ctx, input, CLI_PRINCIPAL),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]!.activity.id).toBe(results[1]!.activity.id);
  });

  it('does not hand a rep another rep’s activity through its external id', async () => {
    const person = await rawPerson(fx.ctx);
    const a = await newUser(fx.ctx);
    const b = await newUser(fx.ctx);
    await logSalesActivity(fx.ctx, { type: 'sms', personId: person.id, externalId: 'sms-9' }, rep(a.id));
    await expect(
      logSalesActivity(fx.ctx, { type: 'sms', personId: person.id, externalId: 'sms-9' }, rep(b.id)),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a rep logging for someone else, and names unknown references', async () => {
    const person = await rawPerson(fx.ctx);
    const a = await newUser(fx.ctx);
    const b = await newUser(fx.ctx);
    await expect(
      logSalesActivity(fx.ctx, { type: 'call', personId: person.id, userId: b.id }, rep(a.id)),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      logSalesActivity(
        fx.ctx,
        { type: 'call', personId: 'per_no', accountId: 'acc_no', opportunityId: 'opp_no', userId: 'usr_no' },
        CLI_PRINCIPAL,
      ),
    ).rejects.toMatchObject({
      issues: [
        { path: '/accountId' },
        { path: '/personId' },
        { path: '/opportunityId' },
        { path: '/userId' },
      ],
    });
  });

  it('shows a rep only their own activities, and filters by person, type and time', async () => {
    const person = await rawPerson(fx.ctx);
    const other = await rawPerson(fx.ctx);
    const me = await newUser(fx.ctx);
    const them = await newUser(fx.ctx);
    const call = await newSalesActivity(fx.ctx, {
      type: 'call',
      personId: person.id,
      userId: me.id,
      occurredAt: '2026-01-02T10:00:00Z',
    });
    fx.clock.advance(1000);
    const email = await newSalesActivity(fx.ctx, {
      type: 'email',
      outcome: 'sent',
      personId: person.id,
      userId: me.id,
      occurredAt: '2026-01-03T10:00:00Z',
    });
    fx.clock.advance(1000);
    await newSalesActivity(fx.ctx, {
      type: 'call',
      personId: other.id,
      userId: me.id,
      occurredAt: '2026-01-03T11:00:00Z',
    });
    const theirs = await newSalesActivity(fx.ctx, { type: 'call', personId: person.id, userId: them.id });

    const ids = async (query: Parameters<typeof listSalesActivities>[1], actor: Principal = CLI_PRINCIPAL) =>
      (await listSalesActivities(fx.ctx, query, { limit: 500 }, actor)).items.map((a) => a.id);
    expect(await ids({ personId: person.id, userId: me.id })).toEqual([call.id, email.id]);
    expect(await ids({ personId: person.id, type: 'email' })).toEqual([email.id]);
    expect(
      await ids({
        personId: person.id,
        userId: me.id,
        occurredFrom: '2026-01-03T00:00:00Z',
        occurredTo: '2026-01-04T00:00:00Z',
      }),
    ).toEqual([email.id]);
    expect(await ids({ personId: person.id }, rep(me.id))).toEqual([call.id, email.id]);
    await expect(getSalesActivity(fx.ctx, theirs.id, rep(me.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(ids({ occurredFrom: 'last week' })).rejects.toMatchObject({
      issues: [{ path: '/occurredFrom' }],
    });
  });
});
