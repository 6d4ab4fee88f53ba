import { expect, it } from 'vitest';
import { rawClock, rawPerson } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { clockVerdicts } from './store.js';

const at = (text: string) => new Date(`2026-${text}Z`);

forEachStore('clock verdicts of a range, per policy', (fx) => {
  it('counts judged and breached clocks of every policy with a clock started in the range', async () => {
    const { id: person } = await rawPerson(fx.ctx);
    const clocks: [string, string, string, string][] = [
      // policy, status, started, due
      ['mql_routed', 'met', '10-02T10:00:00', '10-02T11:00:00'],
      ['mql_routed', 'breached', '10-03T10:00:00', '10-03T11:00:00'],
      ['mql_routed', 'running', '10-04T10:00:00', '10-04T11:00:00'], // overdue: judged, breached
      ['mql_routed', 'running', '10-31T10:00:00', '11-30T11:00:00'], // not due: not judged
      ['mql_routed', 'met', '09-30T23:59:59', '10-01T11:00:00'], // before the range
      ['a_policy', 'met', '10-05T10:00:00', '10-05T11:00:00'],
      ['cancelled_only', 'cancelled', '10-06T10:00:00', '10-06T11:00:00'], // no verdict: no row
      ['november_only', 'met', '11-01T00:00:00', '11-01T01:00:00'], // after the range: no row
      ['z_policy', 'fired', '10-07T10:00:00', '10-07T11:00:00'],
      ['z_policy', 'breached', '10-08T10:00:00', '10-08T11:00:00'],
    ];
    for (const [policy, status, started, due] of clocks)
      await rawClock(fx.ctx, { policy, personId: person, status, startedAt: at(started), dueAt: at(due) });
    const range = { start: at('10-01T00:00:00'), end: at('11-01T00:00:00') };
    expect(await clockVerdicts(fx.ctx.db, range, at('11-10T00:00:00'))).toEqual([
      { policy: 'a_policy', judged: 1, breached: 0 },
      { policy: 'mql_routed', judged: 3, breached: 2 },
      { policy: 'z_policy', judged: 1, breached: 1 },
    ]);
    expect(
      await clockVerdicts(
        fx.ctx.db,
        { start: at('12-01T00:00:00'), end: at('12-31T00:00:00') },
        at('11-10T00:00:00'),
      ),
    ).toEqual([]);
  });
});
