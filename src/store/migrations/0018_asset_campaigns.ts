import type { Kysely } from 'kysely';
import { executeScript } from './script.js';

/**
 * Assets name the campaigns they were made for (seed 001, Marketing SLA, "Content support:
 * new assets for each campaign"). A link table, since one asset may serve several campaigns
 * (a case study used by a webinar and by an email nurture). SLA compliance reads it by
 * campaign, hence the second index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeScript(
    db,
    `
    create table content_asset_campaigns (
      asset_id text not null references content_assets (id) on delete cascade,
      campaign_id text not null references campaigns (id) on delete cascade,
      primary key (asset_id, campaign_id)
    );
    create index content_asset_campaigns_campaign_idx on content_asset_campaigns (campaign_id);
  `,
  );
}
