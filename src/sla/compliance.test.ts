import { expect, it } from 'vitest';
import { DAY } from '../core/index.js';
import { forEachStore } from '../../test/support/stores.js';
import { simulate } from '../simulate/index.js';
import { slaCompliance } from './compliance.js';

const START = new Date('2026-03-02T00:00:00Z');

forEachStore('SLA compliance over a simulated quarter', (fx) => {
  it('computes every row of both SLA tables, with realistic breaches and the records that missed', async () => {
    const report = await simulate(fx.ctx, { days: 60, leads: 200, seed: 11, start: START });
    expect(report.slaBreaches).toBeGreaterThan(0);
    const april = await slaCompliance(fx.ctx, '2026-04');
    expect(april.marketing.map((r) => r.id)).toEqual([
      'mql_volume',
      'lead_to_mql',
      'mql_quality',
      'mql_to_sql_acceptance',
      'data_completeness_required',
      'data_completeness_enriched',
      'mql_routed',
      'content_support',
      'content_request',
    ]);
    expect(april.sales.map((r) => r.id)).toEqual([
      'mql_first_touch',
      'follow_up_cadence',
      'mql_disposition',
      'dq_feedback',
      'crm_hygiene',
      'win_loss_feedback',
    ]);
    const row = (id: string) => [...april.marketing, ...april.sales].find((r) => r.id === id)!;
    // MQL volume counts the people who entered MQL in April.
    const mqls = await fx.ctx.db
      .selectFrom('stage_history')
      .select('person_id')
      .distinct()
      .where('to_stage', '=', 'mql')
      .where('at', '>=', new Date('2026-04-01T00:00:00Z'))
      .where('at', '<', new Date('2026-05-01T00:00:00Z'))
      .execute();
    expect(row('mql_volume').value).toBe(mqls.length);
    expect(row('mql_quality').value).toBeGreaterThanOrEqual(50);
    // Reps answer in hours, some in days: speed-to-lead is judged, and some leads missed it.
    const speed = row('mql_first_touch');
    expect(speed.total).toBeGreaterThan(0);
    expect(speed.value).toBeGreaterThan(0);
    expect(speed.value).toBeLessThan(1);
    expect(speed.offending.length).toBe(Math.min(50, speed.missed));
    expect(row('dq_feedback').met).toBe(true);
    // Scoring moves a lead to MQL in the commit that qualifies it.
    expect(row('lead_to_mql')).toMatchObject({ met: true, missed: 0 });
    expect(row('lead_to_mql').total).toBeGreaterThan(0);
    // Win/loss feedback reads the deals' records (feedback/): judged once complete or due,
    // missed when completed after the 48 hours or not at all.
    const records = await fx.ctx.db
      .selectFrom('win_loss_records')
      .select(['complete', 'completed_at', 'due_at'])
      .where('closed_at', '>=', new Date('2026-04-01T00:00:00Z'))
      .where('closed_at', '<', new Date('2026-05-01T00:00:00Z'))
      .execute();
    const now = fx.ctx.clock.now();
    const judged = records.filter((r) => r.complete || r.due_at < now);
    expect(judged.length).toBeGreaterThan(0);
    expect(row('win_loss_feedback').total).toBe(judged.length);
    expect(row('win_loss_feedback').missed).toBe(
      judged.filter((r) => !r.complete || r.completed_at! > r.due_at).length,
    );
    // Most campaigns launch with the quarter, on March 2nd; assets name every one but the
    // fourth and the eighth: the row is measured, and misses. Asked after the quarter (a
    // campaign counts once its start date has come).
    fx.clock.set(new Date(START.getTime() + 60 * DAY));
    const support = (await slaCompliance(fx.ctx, '2026-03')).marketing.find(
      (r) => r.id === 'content_support',
    )!;
    const launched = await fx.ctx.db
      .selectFrom('campaigns')
      .select('id')
      .where('starts_on', '>=', '2026-03-01')
      .where('starts_on', '<', '2026-04-01')
      .execute();
    expect(launched.length).toBeGreaterThanOrEqual(8);
    expect(support.met).toBe(false);
    expect(support.actual).toMatch(/of campaigns launched have an asset \(\d+ of \d+\)/);
    expect(support.offending.filter((id) => id.startsWith('cmp_')).length).toBeGreaterThan(0);
    expect(support.total).toBeGreaterThanOrEqual(launched.length);
    for (const r of [...april.marketing, ...april.sales])
      expect(
        r.missed === 0 ||
          r.met !== true ||
          r.id === 'mql_to_sql_acceptance' ||
          r.id === 'data_completeness_enriched',
      ).toBe(true);
  }, 240_000);
});
