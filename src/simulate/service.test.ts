import { expect, it } from 'vitest';
import { openTestStore, testConfig } from '../../test/support/stores.js';
import { forEachStore } from '../../test/support/stores.js';
import { contextFor } from '../app.js';
import { ManualClock } from '../core/index.js';
import { getPlan, maturityHistory } from '../planning/index.js';
import { simulate } from './service.js';

const START = new Date('2026-03-02T00:00:00Z');

forEachStore('simulate', (fx) => {
  it('builds a company whose leads flow through the funnel, with won and lost deals', async () => {
    const report = await simulate(fx.ctx, { days: 60, leads: 150, seed: 7, start: START });
    expect(report.users).toBeGreaterThan(15);
    expect(report.campaigns).toBe(10);
    expect(report.events.rejected).toBe(0);
    expect(report.mqls).toBeGreaterThan(10);
    expect(report.sqls).toBeGreaterThan(0);
    expect(report.sqls + report.disqualified + report.recycled).toBeLessThanOrEqual(report.mqls);

    const db = fx.ctx.db;
    const count = async (
      table: 'people' | 'touchpoints' | 'activities' | 'opportunities' | 'stage_history',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('touchpoints')).toBe(report.events.stored);
    expect(await count('activities')).toBe(report.activities);
    expect(await count('opportunities')).toBe(report.opportunities.opened);
    const closed = await db
      .selectFrom('opportunities')
      .select(['outcome', 'close_reason'])
      .where('outcome', 'is not', null)
      .execute();
    expect(closed.length).toBe(report.opportunities.won + report.opportunities.lost);
    expect(closed.every((o) => o.close_reason)).toBe(true);
    // Every person's history starts at their creation and only uses moves the table allows (the services enforce it).
    const mqlMoves = await db
      .selectFrom('stage_history')
      .select('at')
      .where('to_stage', '=', 'mql')
      .execute();
    // Scoring qualifies people; the SDRs work those the plan gives a sales journey.
    expect(mqlMoves.length).toBeGreaterThanOrEqual(report.mqls);
    expect(mqlMoves.every((m) => m.at >= START && m.at.getTime() <= START.getTime() + 60 * 86_400_000)).toBe(
      true,
    );
    // SDRs answer in business-like delays: the first touch follows the first MQL.
    const firstTouch = await db
      .selectFrom('activities as a')
      .innerJoin('stage_history as h', (j) =>
        j.onRef('h.person_id', '=', 'a.person_id').on('h.to_stage', '=', 'mql'),
      )
      .select((eb) => [eb.fn.min('a.occurred_at').as('first'), eb.fn.min('h.at').as('at')])
      .groupBy('a.person_id')
      .execute();
    expect(firstTouch.length).toBeGreaterThan(0);
    expect(firstTouch.every((r) => new Date(r.first as Date) > new Date(r.at as Date))).toBe(true);

    // Routing placed the MQLs (SDRs first: TQL is on), the owners worked and answered them.
    const decisions = await db
      .selectFrom('routing_decisions')
      .select(['outcome', 'step', 'trigger'])
      .execute();
    expect(decisions.filter((d) => d.outcome === 'assigned' && d.trigger === 'mql').length).toBeGreaterThan(
      report.mqls / 2,
    );
    expect(decisions.some((d) => d.trigger === 'pass' && d.step === 'final')).toBe(true);
    const dispositions = await db.selectFrom('dispositions').select(['outcome', 'requeue']).execute();
    const outcomes = new Set(dispositions.map((d) => d.outcome));
    for (const o of ['passed', 'accepted', 'disqualified', 'recycled']) expect(outcomes).toContain(o);
    expect(dispositions.filter((d) => d.outcome === 'accepted').length).toBe(report.sqls);
    expect(report.unassigned).toBeLessThan(report.mqls / 4);
    // Feedback to marketing: every disqualification joined a marketing task; some were flagged.
    const taskLeads = await db.selectFrom('marketing_task_leads').select('disposition_id').execute();
    const dqs = await db
      .selectFrom('dispositions')
      .select('id')
      .where('outcome', '=', 'disqualified')
      .execute();
    expect(taskLeads.length).toBeGreaterThan(0);
    expect(new Set(taskLeads.map((t) => t.disposition_id))).toEqual(new Set(dqs.map((d) => d.id)));
    const flags = await db.selectFrom('quality_flags').select(['kind', 'campaign_id']).execute();
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.some((f) => f.campaign_id !== null)).toBe(true);

    // The meeting cadence of the last weeks (meetings/): three Friday reviews, two standups, each
    // with its agenda; action items done, open past their due day, and open not yet due.
    const meetings = await db
      .selectFrom('meetings')
      .select(['kind', 'date', 'agenda'])
      .orderBy('date')
      .execute();
    expect(meetings.map((m) => [m.kind, m.date])).toEqual([
      ['campaign_review', '2026-04-10'],
      ['campaign_review', '2026-04-17'],
      ['campaign_review', '2026-04-24'],
      ['pipeline_standup', '2026-04-29'],
      ['pipeline_standup', '2026-04-30'],
    ]);
    expect(meetings.every((m) => m.agenda !== null)).toBe(true);
    const items = await db.selectFrom('action_items').select(['status', 'due_on']).execute();
    expect(items).toHaveLength(8);
    expect(items.some((i) => i.status === 'done')).toBe(true);
    expect(items.some((i) => i.status === 'open' && i.due_on < '2026-05-01')).toBe(true);
    expect(items.some((i) => i.status === 'open' && i.due_on >= '2026-05-01')).toBe(true);

    // Collaborative planning: plays the campaigns support, the end quarter's plan, maturity.
    // Sixty days from March 2 end on May 1, in 2026-Q2.
    fx.clock.set('2026-05-01T00:00:00Z');
    const plan = await getPlan(fx.ctx, '2026-Q2');
    expect(plan.saved).toBe(true);
    expect(plan.calendar.filter((g) => g.play !== null).length).toBe(3);
    expect(plan.targets.find((t) => t.metric === 'mqls')!.actual).toBeGreaterThan(0);
    expect((await maturityHistory(fx.ctx)).map((a) => [a.quarter, a.overallLevel])).toEqual([
      ['2026-Q1', 1],
      ['2026-Q2', 1],
    ]);
  });

  it('is deterministic for a seed and a start date', async () => {
    const again = await openTestStore(fx.kind);
    const other = await openTestStore(fx.kind);
    try {
      const a = await simulate(contextFor(again, testConfig(), { clock: new ManualClock(START) }), {
        days: 20,
        leads: 40,
        seed: 99,
        start: START,
      });
      const b = await simulate(contextFor(other, testConfig(), { clock: new ManualClock(START) }), {
        days: 20,
        leads: 40,
        seed: 99,
        start: START,
      });
      expect(b).toEqual(a);
      const ids = async (s: typeof again) =>
        await s.db.selectFrom('people').select(['id', 'email', 'stage']).orderBy('id').execute();
      expect(await ids(other)).toEqual(await ids(again));
    } finally {
      await again.close();
      await other.close();
    }
  });
});
