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
  '0014_win_loss': m0014,
};
