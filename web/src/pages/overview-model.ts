import { formatCount, formatPercent } from '../format.ts';
import type { ComplianceRow, Conversion } from '../types.ts';

/** The funnel steps the overview follows, each a stage-to-stage conversion of the period's cohort. */
export const FUNNEL_STEPS = [
  { from: 'lead', to: 'mql', label: 'Lead' },
  { from: 'mql', to: 'sql', label: 'MQL' },
  { from: 'sql', to: 'opportunity', label: 'SQL' },
  { from: 'opportunity', to: 'customer', label: 'Opportunity' },
] as const;

export interface FunnelStage {
  label: string;
  count: number;
}

/**
 * The period's funnel: how many entered each stage, then the customers the opportunity cohort
 * became. Pure, tested in overview-model.test.ts.
 */
export function funnelStages(conversions: readonly Conversion[]): FunnelStage[] {
  const stages: FunnelStage[] = FUNNEL_STEPS.map((step, index) => ({
    label: step.label,
    count: conversions[index]?.entered ?? 0,
  }));
  stages.push({ label: 'Customer', count: conversions[FUNNEL_STEPS.length - 1]?.converted ?? 0 });
  return stages;
}

export function funnelSummary(stages: readonly FunnelStage[]): string {
  return stages.map((stage) => `${stage.label}: ${formatCount(stage.count)}`).join(', ');
}

export function rowById(rows: readonly ComplianceRow[], id: string): ComplianceRow | undefined {
  return rows.find((row) => row.id === id);
}

/** How many rows of the SLA tables are met, of those that can be measured. */
export function slaScore(rows: readonly ComplianceRow[]): { met: number; measured: number } {
  const measured = rows.filter((row) => row.met !== null);
  return { met: measured.filter((row) => row.met).length, measured: measured.length };
}

export function rateText(row: ComplianceRow | undefined): string {
  return row ? formatPercent(row.value) : '–';
}
