import { sql } from 'kysely';
import type { Db } from '../store/index.js';
import { reportQuery } from './store.js';
import { FUNNEL_STAGES, type FunnelStage, type Range } from './store.js';

/**
 * The funnel's SQL: volume per stage and the stage-to-stage time, in two views, by one
 * dimension of the person (segment from company size, first-touch channel and campaign (the first touchpoint carrying one; the
 * channel falls back to the person's lead source),
 * owner's team, owner).
 */

export const FUNNEL_DIMENSIONS = ['total', 'segment', 'channel', 'campaign', 'team', 'owner'] as const;
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number];

/** Raw counts of one group: people per stage, and the median days from the stage before. */
export interface FunnelGroupRow {
  key: string;
  label: string;
  volumes: Record<FunnelStage, number>;
  medianDays: Record<FunnelStage, number | null>;
}

/**
 * `key` and `label` of a dimension of the person `<of>.person_id`, and the joins that give
 * them. Segment follows seed 001's routing table (500+ enterprise, 50-499 mid-market, < 50
 * SMB); channel and campaign are the person's first touchpoint's, as `person_first_touches`
 * keeps them (migration 0019: one join, not a probe into the touchpoints per person); the
 * channel falls back to the person's lead source, looked up only for those without one.
 */
function dimension(by: FunnelDimension, of: string): { joins: string; key: string; label: string } {
  const person = `join people p on p.id = ${of}.person_id`;
  switch (by) {
    case 'total':
      return { joins: '', key: `'all'`, label: `'All'` };
    case 'segment': {
      const size = 'coalesce(p.employees, a.employees)';
      const seg = `case when ${size} >= 500 then 'enterprise' when ${size} >= 50 then 'mid_market' when ${size} is not null then 'smb' else 'unknown' end`;
      return { joins: `${person} left join accounts a on a.id = p.account_id`, key: seg, label: seg };
    }
    case 'channel': {
      const channel = `coalesce(ft.channel, (select p.lead_source from people p where p.id = ${of}.person_id), 'unknown')`;
      return {
        joins: `left join person_first_touches ft on ft.person_id = ${of}.person_id`,
        key: channel,
        label: channel,
      };
    }
    case 'campaign':
      return {
        joins: `left join person_first_touches ft on ft.person_id = ${of}.person_id
            left join campaigns cm on cm.id = ft.campaign_id`,
        key: `coalesce(cm.id, 'none')`,
        label: `coalesce(cm.name, 'no campaign')`,
      };
    case 'team':
      return {
        joins: `${person} left join users u on u.id = p.owner_user_id left join teams tm on tm.id = u.team_id`,
        key: `coalesce(tm.id, 'none')`,
        label: `coalesce(tm.name, 'no team')`,
      };
    case 'owner':
      return {
        joins: `${person} left join users u on u.id = p.owner_user_id`,
        key: `coalesce(u.id, 'none')`,
        label: `coalesce(u.name, 'unassigned')`,
      };
  }
}

function groups(rows: Record<string, unknown>[]): FunnelGroupRow[] {
  const byKey = new Map<string, FunnelGroupRow>();
  for (const row of rows) {
    const key = String(row.key);
    let group = byKey.get(key);
    if (!group) {
      group = {
        key,
        label: String(row.label),
        volumes: { lead: 0, mql: 0, sql: 0, opportunity: 0, customer: 0 },
        medianDays: { lead: null, mql: null, sql: null, opportunity: null, customer: null },
      };
      byKey.set(key, group);
    }
    const stage = row.stage as FunnelStage;
    group.volumes[stage] = Number(row.n);
    group.medianDays[stage] = row.median_days === null ? null : Number(row.median_days);
  }
  return [...byKey.values()];
}

/**
 * Period view: who entered each stage within the range (first entry in the range), and the
 * days since they last entered the stage before it (at any earlier time). The entries after
 * lead come with that time ready (`funnel_stage_entries`, migration 0024, kept by triggers on
 * stage_history): an index range, no probe into the history per entry. Leads have no stage
 * before and are ~70% of a month's entries: they are counted apart (distinct people), so that
 * only the later stages are grouped per person and sorted for the median (bench/README.md).
 */
export async function periodFunnel(db: Db, r: Range, by: FunnelDimension): Promise<FunnelGroupRow[]> {
  const d = dimension(by, 'v');
  const rows = await reportQuery(
    db,
    sql<Record<string, unknown>>`
    with v as materialized (
      -- The first entry in the range and its stage before: an entry's prev_at never decreases
      -- with its time (a later entry sees every earlier entry of the stage before, and more),
      -- null counting as the least, so the first entry's is the least (null if any is null).
      select f.person_id, f.to_stage, min(f.at) as at,
             case when count(f.prev_at) = count(*) then min(f.prev_at) end as prev_at
        from funnel_stage_entries f
       where f.to_stage in ('mql', 'sql', 'opportunity', 'customer')
         and f.at >= ${r.start} and f.at < ${r.end}
       group by f.person_id, f.to_stage
    )
    select ${sql.raw(d.key)} as key, ${sql.raw(d.label)} as label, v.to_stage as stage, count(*) as n,
           percentile_cont(0.5) within group (order by extract(epoch from (v.at - v.prev_at))::float8 / 86400)
             filter (where v.prev_at is not null) as median_days
      from v ${sql.raw(d.joins)}
     group by 1, 2, 3
    union all
    select ${sql.raw(d.key)}, ${sql.raw(d.label)}, 'lead', count(*), null
      from (select distinct h.person_id from stage_history h
             where h.to_stage = 'lead' and h.at >= ${r.start} and h.at < ${r.end}) v ${sql.raw(d.joins)}
     group by 1, 2`,
  );
  return groups(rows);
}

/**
 * Cohort view: the people who entered `anchor` within the range (their first entry in it),
 * followed to every later stage they reached since, whenever that was; the days between
 * consecutive stages are from the first entry of each after the anchor.
 */
export async function cohortFunnel(
  db: Db,
  r: Range,
  by: FunnelDimension,
  anchor: FunnelStage,
): Promise<FunnelGroupRow[]> {
  const d = dimension(by, 'x');
  const later = FUNNEL_STAGES.slice(FUNNEL_STAGES.indexOf(anchor));
  const columns = later
    .map((s) =>
      s === anchor ? `c.anchor_at as ${s}_at` : `min(h.at) filter (where h.to_stage = '${s}') as ${s}_at`,
    )
    .join(', ');
  const volumes = later.map((s) => `count(x.${s}_at) as n_${s}`).join(', ');
  const medians = later
    .slice(1)
    .map(
      (s, i) =>
        `percentile_cont(0.5) within group (order by extract(epoch from (x.${s}_at - x.${later[i]}_at))::float8 / 86400)
           filter (where x.${s}_at >= x.${later[i]}_at) as d_${s}`,
    )
    .join(', ');
  const rows = await reportQuery(
    db,
    sql<Record<string, unknown>>`
    with c as (
      select person_id, min(at) as anchor_at from stage_history
       where to_stage = ${anchor} and at >= ${r.start} and at < ${r.end} group by person_id
    ), x as (
      select c.person_id, ${sql.raw(columns)}
        from c left join stage_history h on h.person_id = c.person_id and h.at >= c.anchor_at
          and h.to_stage in ('lead', 'mql', 'sql', 'opportunity', 'customer')
          -- implied by the line above; lets the planner read the stage index from the range's start
          and h.at >= ${r.start}
       group by c.person_id, c.anchor_at
    )
    select ${sql.raw(d.key)} as key, ${sql.raw(d.label)} as label, ${sql.raw(volumes)}${sql.raw(medians ? `, ${medians}` : '')}
      from x ${sql.raw(d.joins)}
     group by 1, 2`,
  );
  const out: Record<string, unknown>[] = [];
  for (const row of rows)
    for (const s of later)
      out.push({
        key: row.key,
        label: row.label,
        stage: s,
        n: row[`n_${s}`],
        median_days: s === anchor ? null : (row[`d_${s}`] ?? null),
      });
  return groups(out);
}
