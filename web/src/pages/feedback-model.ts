import type { FlagKind, MarketingTask, QualityFlag } from '../types.ts';

/** The API's flag kinds (src/feedback/flags-model.ts), in words. */
export const FLAG_KINDS: readonly { value: FlagKind; label: string }[] = [
  { value: 'wrong_persona', label: 'Wrong persona' },
  { value: 'bad_data', label: 'Bad data' },
  { value: 'no_budget_fit', label: 'No budget / no fit' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'spam_fake', label: 'Spam / fake' },
  { value: 'student_competitor', label: 'Student / competitor' },
  { value: 'other', label: 'Other' },
];

export function kindLabel(kind: string): string {
  return FLAG_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

export interface CampaignFlagRow {
  campaignId: string | null;
  campaign: string;
  open: number;
  high: number;
  /** "Bad data 3, Wrong persona 1": most frequent first. */
  kinds: string;
}

const NO_CAMPAIGN = 'No campaign';

/** Open (not resolved) flags per campaign, the campaigns with most open first. */
export function openFlagsByCampaign(
  flags: readonly QualityFlag[],
  names: ReadonlyMap<string, string>,
): CampaignFlagRow[] {
  const groups = new Map<string | null, QualityFlag[]>();
  for (const flag of flags) {
    if (flag.status === 'resolved') continue;
    const list = groups.get(flag.campaignId) ?? [];
    list.push(flag);
    groups.set(flag.campaignId, list);
  }
  return [...groups.entries()]
    .map(([campaignId, list]) => {
      const counts = new Map<string, number>();
      for (const f of list) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
      return {
        campaignId,
        campaign: campaignId ? (names.get(campaignId) ?? campaignId) : NO_CAMPAIGN,
        open: list.length,
        high: list.filter((f) => f.severity === 'high').length,
        kinds: [...counts.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([kind, n]) => `${kindLabel(kind)} ${n}`)
          .join(', '),
      };
    })
    .sort((a, b) => b.open - a.open || a.campaign.localeCompare(b.campaign));
}

export interface TaskGroup {
  key: string;
  label: string;
  leads: number;
  tasks: MarketingTask[];
}

/** Open tasks by campaign (a task without campaign under its lead source), most leads first. */
export function tasksByCampaign(
  tasks: readonly MarketingTask[],
  names: ReadonlyMap<string, string>,
): TaskGroup[] {
  const groups = new Map<string, TaskGroup>();
  for (const task of tasks) {
    const key = task.campaignId ?? `source:${task.leadSource ?? ''}`;
    const label = task.campaignId
      ? (names.get(task.campaignId) ?? task.campaignId)
      : `${NO_CAMPAIGN} (source: ${task.leadSource ?? 'unknown'})`;
    const group = groups.get(key) ?? { key, label, leads: 0, tasks: [] };
    group.tasks.push(task);
    group.leads += task.leadCount;
    groups.set(key, group);
  }
  return sortGroups([...groups.values()]);
}

/**
 * Tasks by the lead source of their leads: a campaign's task counts under every source its
 * leads came from, with that source's leads only.
 */
export function tasksBySource(tasks: readonly MarketingTask[]): TaskGroup[] {
  const groups = new Map<string, TaskGroup>();
  for (const task of tasks) {
    const sources =
      task.leadSources.length > 0 ? task.leadSources : [{ source: task.leadSource, leads: task.leadCount }];
    for (const { source, leads } of sources) {
      const key = source ?? '';
      const group = groups.get(key) ?? { key, label: source ?? 'unknown', leads: 0, tasks: [] };
      group.tasks.push(task);
      group.leads += leads;
      groups.set(key, group);
    }
  }
  return sortGroups([...groups.values()]);
}

function sortGroups(groups: TaskGroup[]): TaskGroup[] {
  for (const g of groups)
    g.tasks.sort((a, b) => b.leadCount - a.leadCount || a.dqCode.localeCompare(b.dqCode));
  return groups.sort((a, b) => b.leads - a.leads || a.label.localeCompare(b.label));
}

/** "DQ-01 ×2: Nurture with ROI content…; DQ-04: Long-term nurture sequence": each code once. */
export function codesOf(tasks: readonly MarketingTask[]): string {
  const byCode = new Map<string, { action: string; tasks: number }>();
  for (const task of tasks) {
    const entry = byCode.get(task.dqCode) ?? { action: task.action, tasks: 0 };
    entry.tasks += 1;
    byCode.set(task.dqCode, entry);
  }
  return [...byCode.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([code, e]) => `${code}${e.tasks > 1 ? ` ×${e.tasks}` : ''}: ${e.action}`)
    .join('; ');
}
