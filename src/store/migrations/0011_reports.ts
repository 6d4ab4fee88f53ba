import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Indexes of the reports (src/reports): every report reads a bounded time range, and these
 * make each range an index range whose rows carry what the report counts, so a month of a
 * 1M-people funnel is read from the index alone (bench/reports).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    -- stage entries of a range per stage, with the person (count distinct, cohorts)
    create index stage_history_report_idx on stage_history (to_stage, at, person_id);
    -- speed-to-lead and breach trends: clocks of one policy started in a range
    create index sla_clocks_report_idx on sla_clocks (policy, started_at) include (status, stopped_at, due_at);
    -- deals closed in a range; open deals by close date
    create index opportunities_closed_at_idx on opportunities (closed_at) where closed_at is not null;
    create index opportunities_open_close_idx on opportunities (close_date) where outcome is null;
    -- first-touch channel and campaign of a person: one index-only probe a person (funnel by
    -- channel or campaign, campaign impact) instead of reading every touchpoint of the person
    create index touchpoints_first_channel_idx on touchpoints (person_id, occurred_at, id) include (channel)
      where channel is not null;
    create index touchpoints_first_campaign_idx on touchpoints (person_id, occurred_at, id) include (campaign_id)
      where campaign_id is not null;
    -- the last activity on a deal (stalled deals)
    create index activities_opportunity_idx on activities (opportunity_id, occurred_at) where opportunity_id is not null;
  `,
  );
}
