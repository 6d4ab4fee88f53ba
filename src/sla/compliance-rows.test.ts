import { expect, it } from 'vitest';
import { rawAccount, rawClock, rawPerson, rawStageEntry } from '../../test/support/factories.js';
import { forEachStore, type StoreFixture } from '../../test/support/stores.js';
import { slaCompliance } from './compliance.js';

/**
 * Hand-made records for the rows whose counting moved into SQL (clock rows, disqualification
 * feedback, CRM hygiene, the MQLs' data completeness): each edge of the rule once, with the
 * figures worked out by hand. April 2026, read on 10 May.
 */
const at = (text: string) => new Date(`2026-${text}Z`);

async function person(
  fx: StoreFixture,
  fields: {
    first_name?: string | null;
    last_name?: string | null;
    company?: string | null;
    phone?: string | null;
    title?: string | null;
    employees?: number | null;
    email?: string | null;
  },
  account?: { name: string; employees: number | null },
) {
  let accountId: string | null = null;
  if (account) {
    accountId = (await rawAccount(fx.ctx, { name: account.name })).id;
    await fx.ctx.db
      .updateTable('accounts')
      .set({ employees: account.employees })
      .where('id', '=', accountId)
      .execute();
  }
  const { id } = await rawPerson(fx.ctx, { accountId });
  await fx.ctx.db.updateTable('people').set(fields).where('id', '=', id).execute();
  return id;
}

const stage = (fx: StoreFixture, personId: string, to: string, when: string, reasonCode?: string) =>
  rawStageEntry(fx.ctx, { personId, to, at: at(when), reasonCode });

async function clock(fx: StoreFixture, personId: string, status: string, started: string, due: string) {
  await rawClock(fx.ctx, { policy: 'mql_routed', personId, status, startedAt: at(started), dueAt: at(due) });
}

async function opportunity(
  fx: StoreFixture,
  fields: {
    amount_cents?: number;
    next_step?: string | null;
    close_date?: string | null;
    created_at?: string;
    updated_at?: string;
    closed_at?: string | null;
  },
) {
  const id = fx.ctx.ids.next('opp');
  await fx.ctx.db
    .insertInto('opportunities')
    .values({
      id,
      name: id,
      stage: 'proposal',
      amount_cents: fields.amount_cents ?? 100_000,
      currency: 'USD',
      close_date: fields.close_date === undefined ? '2026-06-30' : fields.close_date,
      next_step: fields.next_step === undefined ? 'send proposal' : fields.next_step,
      outcome: fields.closed_at ? 'won' : null,
      closed_at: fields.closed_at ? at(fields.closed_at) : null,
      close_reason: fields.closed_at ? 'fit' : null,
      created_at: at(fields.created_at ?? '03-01T09:00:00'),
      updated_at: at(fields.updated_at ?? '04-28T09:00:00'),
    })
    .execute();
  return id;
}

forEachStore('SLA compliance rows counted in SQL', (fx) => {
  it('counts judged clocks, feedback, hygiene and completeness with the records that missed', async () => {
    fx.clock.set(at('05-10T12:00:00'));
    // Completeness: all fields; the account's name and size standing in; an empty first name
    // and no company; an empty company that the account's name does not replace; the
    // account's size standing in for the person's.
    const complete = await person(fx, {
      first_name: 'Ann',
      company: 'Acme',
      phone: '+1 555 0100',
      title: 'CTO',
      employees: 100,
    });
    const byAccount = await person(
      fx,
      { last_name: 'Berg', phone: '', title: 'VP' },
      { name: 'Beta Co', employees: 40 },
    );
    const nameless = await person(fx, { first_name: '', company: null, phone: null, title: 'Ops' });
    const emptyCompany = await person(
      fx,
      { first_name: 'Dee', company: '', title: 'CFO', phone: '+1 555 0101' },
      {
        name: 'Gamma',
        employees: null,
      },
    );
    const accountSize = await person(
      fx,
      { first_name: 'Eve', company: 'Eco', phone: '+1 555 0102', title: 'CMO', employees: null },
      { name: 'Eco', employees: 12 },
    );
    const erased = await person(fx, { first_name: 'Gone', company: 'Gone' });
    await fx.ctx.db
      .updateTable('people')
      .set({ erased_at: at('05-01T00:00:00') })
      .where('id', '=', erased)
      .execute();
    for (const id of [complete, byAccount, nameless, emptyCompany, accountSize, erased])
      await stage(fx, id, 'mql', '04-10T10:00:00');
    // A March MQL is not April's.
    const march = await person(fx, { first_name: 'Mar', company: 'M' });
    await stage(fx, march, 'mql', '03-31T23:59:59');

    // Clocks: met; breached; running past due (missed); running not yet due (not judged);
    // cancelled and March clocks (not counted).
    await clock(fx, complete, 'met', '04-10T10:00:00', '04-10T11:00:00');
    await clock(fx, byAccount, 'breached', '04-11T10:00:00', '04-11T11:00:00');
    await clock(fx, nameless, 'running', '04-12T10:00:00', '04-12T11:00:00');
    await clock(fx, emptyCompany, 'running', '04-30T10:00:00', '05-11T11:00:00');
    await clock(fx, accountSize, 'cancelled', '04-13T10:00:00', '04-13T11:00:00');
    await clock(fx, march, 'breached', '03-30T10:00:00', '03-30T11:00:00');

    // Disqualifications: with a code, without, with an empty one; one in May.
    await stage(fx, nameless, 'disqualified', '04-15T10:00:00', 'DQ-01');
    await stage(fx, emptyCompany, 'disqualified', '04-16T10:00:00');
    await stage(fx, accountSize, 'disqualified', '04-17T10:00:00', '');
    await stage(fx, complete, 'disqualified', '05-02T10:00:00');

    // Opportunities open at the period's end (1 May): tidy; no amount; empty next step; no
    // next step; no close date; not updated in the week before; closed after the end (open
    // then, tidy). Closed in April and created after the end: not counted.
    const tidy = await opportunity(fx, {});
    const noAmount = await opportunity(fx, { amount_cents: 0 });
    const emptyStep = await opportunity(fx, { next_step: '' });
    const noStep = await opportunity(fx, { next_step: null });
    const noDate = await opportunity(fx, { close_date: null });
    const stale = await opportunity(fx, { updated_at: '04-23T23:59:59' });
    const closedLater = await opportunity(fx, { closed_at: '05-05T10:00:00' });
    await opportunity(fx, { closed_at: '04-20T10:00:00', amount_cents: 0 });
    await opportunity(fx, { created_at: '05-03T10:00:00', amount_cents: 0 });

    const april = await slaCompliance(fx.ctx, '2026-04');
    const row = (id: string) => [...april.marketing, ...april.sales].find((r) => r.id === id)!;
    const sorted = (ids: string[]) => [...ids].sort();

    expect(row('mql_volume').value).toBe(5);
    expect(row('data_completeness_required')).toMatchObject({ total: 5, missed: 2 });
    expect(sorted(row('data_completeness_required').offending)).toEqual(sorted([nameless, emptyCompany]));
    expect(row('data_completeness_enriched')).toMatchObject({ total: 5, missed: 3 });
    expect(sorted(row('data_completeness_enriched').offending)).toEqual(
      sorted([byAccount, nameless, emptyCompany]),
    );

    expect(row('mql_routed')).toMatchObject({ total: 3, missed: 2, actual: '33.3% (1 of 3)', met: false });
    expect(sorted(row('mql_routed').offending)).toEqual(sorted([byAccount, nameless]));

    expect(row('dq_feedback')).toMatchObject({ total: 3, missed: 2, met: false });
    expect(sorted(row('dq_feedback').offending)).toEqual(sorted([emptyCompany, accountSize]));

    expect(row('crm_hygiene')).toMatchObject({ total: 7, missed: 5 });
    expect(sorted(row('crm_hygiene').offending)).toEqual(
      sorted([noAmount, emptyStep, noStep, noDate, stale]),
    );
    expect(row('crm_hygiene').offending).not.toContain(tidy);
    expect(row('crm_hygiene').offending).not.toContain(closedLater);
  });

  it('lists at most 50 of the records that missed, and counts them all', async () => {
    fx.clock.set(at('07-10T12:00:00'));
    const someone = await person(fx, { first_name: 'Jun' });
    for (let i = 0; i < 55; i += 1) await stage(fx, someone, 'disqualified', `06-0${1 + (i % 9)}T10:00:00`);
    await stage(fx, someone, 'disqualified', '06-20T10:00:00', 'DQ-02');
    const dq = (await slaCompliance(fx.ctx, '2026-06')).sales.find((r) => r.id === 'dq_feedback')!;
    expect(dq).toMatchObject({ total: 56, missed: 55 });
    expect(dq.offending).toEqual(Array.from({ length: 50 }, () => someone));
  });
});
