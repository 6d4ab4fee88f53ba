import { sql } from 'kysely';
import { NotFoundError } from '../core/index.js';
import type { Db, Trx } from '../store/index.js';
import { DQ_TASK_KINDS, type MarketingTask, type TaskPlan, type TaskStatus } from './tasks-model.js';

type Row = {
  id: string;
  dq_code: string;
  action: string;
  campaign_id: string | null;
  lead_source: string | null;
  assignee_user_id: string | null;
  status: string;
  lead_count: number;
  latest_person_id: string | null;
  latest_at: Date;
  agreement_version: number;
  created_at: Date;
  completed_at: Date | null;
  completed_by_id: string | null;
  completion_note: string | null;
};

const toTask = (r: Row, sources: { source: string | null; leads: number }[]): MarketingTask => ({
  id: r.id,
  dqCode: r.dq_code,
  kind: DQ_TASK_KINDS[r.dq_code] ?? 'other',
  action: r.action,
  campaignId: r.campaign_id,
  leadSource: r.lead_source,
  assigneeUserId: r.assignee_user_id,
  assignedTo: r.assignee_user_id ? 'campaign_owner' : 'marketing_ops',
  status: r.status as TaskStatus,
  leadCount: Number(r.lead_count),
  latestPersonId: r.latest_person_id,
  latestAt: r.latest_at,
  leadSources: sources,
  agreementVersion: r.agreement_version,
  createdAt: r.created_at,
  completedAt: r.completed_at,
  completedById: r.completed_by_id,
  completionNote: r.completion_note,
});

async function sourcesOf(db: Db | Trx, taskIds: string[]) {
  const bySource = new Map<string, { source: string | null; leads: number }[]>();
  if (taskIds.length === 0) return bySource;
  const rows = await db
    .selectFrom('marketing_task_leads')
    .select(['task_id', 'lead_source', sql<number>`count(*)`.as('n')])
    .where('task_id', 'in', taskIds)
    .groupBy(['task_id', 'lead_source'])
    .execute();
  for (const r of rows) {
    const list = bySource.get(r.task_id) ?? [];
    list.push({ source: r.lead_source, leads: Number(r.n) });
    bySource.set(r.task_id, list);
  }
  for (const list of bySource.values())
    list.sort((a, b) => b.leads - a.leads || String(a.source).localeCompare(String(b.source)));
  return bySource;
}

/**
 * Adds a disqualified lead to the open task of its key, or opens one. The partial unique
 * index on open tasks makes a concurrent twin wait, then conflict into the update. A lead
 * already in the task (disqualified again before the task was completed) counts once.
 */
export async function addLeadToTask(
  trx: Trx,
  plan: TaskPlan,
  lead: { personId: string; dispositionId: string; leadSource: string | null },
  meta: { newId: string; at: Date; agreementVersion: number },
): Promise<{ taskId: string; created: boolean }> {
  const task = await trx
    .insertInto('marketing_tasks')
    .values({
      id: meta.newId,
      dq_code: plan.dqCode,
      action: plan.action,
      campaign_id: plan.campaignId,
      lead_source: plan.leadSource,
      group_key: plan.groupKey,
      assignee_user_id: plan.assigneeUserId,
      status: 'open',
      lead_count: 0,
      latest_person_id: lead.personId,
      latest_at: meta.at,
      agreement_version: meta.agreementVersion,
      created_at: meta.at,
    })
    .onConflict((oc) =>
      oc
        .column('group_key')
        .where('status', '=', 'open')
        .doUpdateSet({ latest_person_id: lead.personId, latest_at: meta.at }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  const added = await trx
    .insertInto('marketing_task_leads')
    .values({
      task_id: task.id,
      person_id: lead.personId,
      disposition_id: lead.dispositionId,
      lead_source: lead.leadSource,
      added_at: meta.at,
    })
    .onConflict((oc) => oc.columns(['task_id', 'person_id']).doNothing())
    .returning('task_id')
    .executeTakeFirst();
  if (added)
    await trx
      .updateTable('marketing_tasks')
      .set({ lead_count: sql`lead_count + 1` })
      .where('id', '=', task.id)
      .execute();
  return { taskId: task.id, created: task.id === meta.newId };
}

export async function getTask(db: Db | Trx, id: string, lock = false): Promise<MarketingTask> {
  let query = db.selectFrom('marketing_tasks').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError('Marketing task', id);
  return toTask(row, (await sourcesOf(db, [id])).get(id) ?? []);
}

export async function updateTaskCompleted(
  trx: Trx,
  id: string,
  done: { note: string; byId: string | null; at: Date },
): Promise<void> {
  await trx
    .updateTable('marketing_tasks')
    .set({
      status: 'completed',
      completion_note: done.note,
      completed_by_id: done.byId,
      completed_at: done.at,
    })
    .where('id', '=', id)
    .execute();
}

export interface TaskFilter {
  campaignId?: string | undefined;
  /** Tasks holding a lead of this source (or opened for it). */
  source?: string | undefined;
  status?: TaskStatus | undefined;
  code?: string | undefined;
  limit: number;
}

/** Latest activity first. */
export async function listTasks(db: Db | Trx, filter: TaskFilter): Promise<MarketingTask[]> {
  let query = db.selectFrom('marketing_tasks').selectAll();
  if (filter.campaignId) query = query.where('campaign_id', '=', filter.campaignId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.code) query = query.where('dq_code', '=', filter.code);
  if (filter.source) {
    const source = filter.source;
    query = query.where((eb) =>
      eb.or([
        eb('lead_source', '=', source),
        eb.exists(
          eb
            .selectFrom('marketing_task_leads as l')
            .select('l.task_id')
            .whereRef('l.task_id', '=', 'marketing_tasks.id')
            .where('l.lead_source', '=', source),
        ),
      ]),
    );
  }
  const rows = await query.orderBy('latest_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  const sources = await sourcesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toTask(r, sources.get(r.id) ?? []));
}
