import type { FunnelGroupRow } from './funnel-store.js';
import { rate } from './model.js';
import { FUNNEL_STAGES, type FunnelStage } from './store.js';

/** The funnel's rows as the seed's Monthly report names them. */
export const FUNNEL_LABELS: Record<FunnelStage, string> = {
  lead: 'Leads',
  mql: 'MQLs',
  sql: 'SQLs',
  opportunity: 'Opportunities',
  customer: 'Closed-Won',
};

export interface FunnelStageFigures {
  stage: FunnelStage;
  label: string;
  volume: number;
  /** Volume over the stage before's volume in the same group; null for the first stage or without one. */
  conversion: number | null;
  /** Median days from entering the stage before to entering this one. */
  medianDays: number | null;
}

export interface FunnelGroup {
  key: string;
  label: string;
  stages: FunnelStageFigures[];
}

/** Stage rows with conversions, from the first stage of `from` on (the cohort's anchor). */
export function funnelGroup(row: FunnelGroupRow, from: FunnelStage = 'lead'): FunnelGroup {
  const stages = FUNNEL_STAGES.slice(FUNNEL_STAGES.indexOf(from));
  return {
    key: row.key,
    label: row.label,
    stages: stages.map((stage, i) => ({
      stage,
      label: FUNNEL_LABELS[stage],
      volume: row.volumes[stage],
      conversion: i === 0 ? null : rate(row.volumes[stage], row.volumes[stages[i - 1]!]),
      medianDays: i === 0 ? null : row.medianDays[stage],
    })),
  };
}

/** Groups by the volume at their first stage, largest first, then by label. */
export function sortGroups(groups: FunnelGroup[]): FunnelGroup[] {
  return [...groups].sort(
    (a, b) => (b.stages[0]?.volume ?? 0) - (a.stages[0]?.volume ?? 0) || a.label.localeCompare(b.label),
  );
}

export const EMPTY_GROUP: FunnelGroupRow = {
  key: 'all',
  label: 'All',
  volumes: { lead: 0, mql: 0, sql: 0, opportunity: 0, customer: 0 },
  medianDays: { lead: null, mql: null, sql: null, opportunity: null, customer: null },
};
