import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_org_pagination.js';
import * as m0003 from './0003_agreement.js';
import * as m0004 from './0004_scoring.js';
import * as m0005 from './0005_jobs.js';
import * as m0006 from './0006_routing.js';
import * as m0007 from './0007_notify.js';
import * as m0008 from './0008_calendars.js';
import * as m0009 from './0009_sla_clocks.js';
import * as m0010 from './0010_cost_entries.js';
import * as m0011 from './0011_reports.js';
import * as m0012 from './0012_content.js';
import * as m0013 from './0013_event_inbox.js';
import * as m0015 from './0015_quality_flags.js';
import * as m0016 from './0016_joint_plans.js';
import * as m0017 from './0017_meetings.js';
import * as m0018 from './0018_asset_campaigns.js';
import * as m0019 from './0019_report_rollups.js';
import * as m0020 from './0020_journey_index.js';
import * as m0021 from './0021_inbox_shards.js';
import * as m0023 from './0023_inbox_claim.js';
import * as m0024 from './0024_stage_entry_rollup.js';
import * as m0025 from './0025_reference_version.js';
import * as m0026 from './0026_routing_pool_lock.js';
import * as m0027 from './0027_stage_entry_recompute_by_person.js';
import * as m0028 from './0028_webhook_receiver_due.js';
import * as m0029 from './0029_stage_entry_recompute_by_index.js';
import * as m0014 from './0014_win_loss.js';

/** Every migration, in order. Listed statically so a bundle or a typo cannot skip one. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_org_pagination': m0002,
  '0003_agreement': m0003,
  '0004_scoring': m0004,
  '0005_jobs': m0005,
  '0006_routing': m0006,
  '0007_notify': m0007,
  '0008_calendars': m0008,
  '0009_sla_clocks': m0009,
  '0010_cost_entries': m0010,
  '0011_reports': m0011,
  '0012_content': m0012,
  '0013_event_inbox': m0013,
  '0015_quality_flags': m0015,
  '0016_joint_plans': m0016,
  '0017_meetings': m0017,
  '0018_asset_campaigns': m0018,
  '0019_report_rollups': m0019,
  '0020_journey_index': m0020,
  '0021_inbox_shards': m0021,
  '0023_inbox_claim': m0023,
  '0024_stage_entry_rollup': m0024,
  '0025_reference_version': m0025,
  '0026_routing_pool_lock': m0026,
  '0027_stage_entry_recompute_by_person': m0027,
  '0028_webhook_receiver_due': m0028,
  '0029_stage_entry_recompute_by_index': m0029,
  '0014_win_loss': m0014,
};
