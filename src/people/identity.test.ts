import { expect, it } from 'vitest';
import { rawAccount, rawPerson } from '../../test/support/factories.js';
import { forEachStore, type StoreFixture } from '../../test/support/stores.js';
import { SYSTEM_MOVE } from '../lifecycle/index.js';
import { type Resolution, resolvePeople } from './identity.js';

/** Resolves these emails in one batch, the accounts on a connection of their own where there is one (as ingestion). */
function resolve({ ctx, clock }: StoreFixture, emails: string[]): Promise<Resolution[]> {
  return ctx.db.transaction().execute((trx) =>
    resolvePeople(
      trx,
      ctx.ids,
      clock.now(),
      emails.map((email, i) => ({ input: { email }, at: `/people/${i}` })),
      SYSTEM_MOVE,
      { accountsDb: ctx.storeKind === 'postgres' ? ctx.db : trx },
    ),
  );
}

const accountOf = (r: Resolution | undefined) => (r?.ok ? r.accountId : undefined);

forEachStore('identity: accounts from company domains', (fx) => {
  const accountsAt = (domain: string) =>
    fx.ctx.db.selectFrom('accounts').select(['id', 'name']).where('domain', '=', domain).execute();

  it('never gives a person already at an account a second one from their email domain', async () => {
    const elsewhere = await rawAccount(fx.ctx, { domain: 'acme-holdings.example' });
    await rawPerson(fx.ctx, { email: 'bob@acme.example', accountId: elsewhere.id });
    const [bob] = await resolve(fx, ['bob@acme.example']);
    expect(accountOf(bob)).toBe(elsewhere.id);
    expect(await accountsAt('acme.example')).toEqual([]);

    // A new colleague names the domain too: the account is created for them alone.
    const [again, carol] = await resolve(fx, ['bob@acme.example', 'carol@acme.example']);
    const created = await accountsAt('acme.example');
    expect(created).toHaveLength(1);
    expect(accountOf(carol)).toBe(created[0]!.id);
    expect(accountOf(again)).toBe(elsewhere.id);
  });

  it("gives new people and people without an account their domain's account, created once", async () => {
    const existing = await rawAccount(fx.ctx, { domain: 'known.example' });
    await rawPerson(fx.ctx, { email: 'dana@known.example' });
    const [dana, eve, fay, gus] = await resolve(fx, [
      'dana@known.example',
      'eve@known.example',
      'fay@fresh.example',
      'gus@fresh.example',
    ]);
    expect(accountOf(dana)).toBe(existing.id);
    expect(accountOf(eve)).toBe(existing.id);
    const fresh = await accountsAt('fresh.example');
    expect(fresh).toEqual([{ id: accountOf(fay), name: expect.any(String) }]);
    expect(accountOf(gus)).toBe(accountOf(fay));
    const stored = await fx.ctx.db
      .selectFrom('people')
      .select(['email', 'account_id'])
      .where('email', 'in', ['dana@known.example', 'fay@fresh.example'])
      .orderBy('email')
      .execute();
    expect(stored).toEqual([
      { email: 'dana@known.example', account_id: existing.id },
      { email: 'fay@fresh.example', account_id: accountOf(fay) },
    ]);
  });
});
