import type { Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { findCampaign } from '../campaigns/index.js';
import type { IdGenerator } from '../core/index.js';
import { publish } from '../notify/index.js';
import { recordAudit, type Trx } from '../store/index.js';
import { sourcingCampaign } from './flags-model.js';
import { findFirstTouchChannel, listLeadTouches } from './flags-store.js';
import { completeTask, type MarketingTask, planMarketingTask, type TaskStatus } from './tasks-model.js';
import * as store from './tasks-store.js';

export interface TaskOpening {
  taskId: string;
  /** False: the lead joined the open task of the same code and campaign (or lead source). */
  created: boolean;
  action: string;
}

/**
 * Inside a disqualification's transaction: the DQ code's marketing action becomes a task
 * for the lead's campaign (the one that sourced it) or, without one, its lead source;
 * assigned to the campaign owner, else left to marketing ops. The task and the
 * disqualification commit together.
 */
export async function openTaskForDisqualification(
  trx: Trx,
  ids: IdGenerator,
  input: {
    personId: string;
    dispositionId: string;
    reasonCode: string;
    dqCodes: readonly { code: string; marketingAction: string }[];
    agreementVersion: number;
    now: Date;
  },
): Promise<TaskOpening | null> {
  const person = await trx
    .selectFrom('people')
    .select('lead_source')
    .where('id', '=', input.personId)
    .executeTakeFirstOrThrow();
  // The lead source its record names (a CRM's field), else its first touch's channel.
  const leadSource = person.lead_source?.trim() || (await findFirstTouchChannel(trx, input.personId));
  const { campaignId } = sourcingCampaign(await listLeadTouches(trx, input.personId));
  const campaign = campaignId ? await findCampaign(trx, campaignId) : undefined;
  const plan = planMarketingTask(input.reasonCode, input.dqCodes, {
    campaignId: campaign?.id ?? null,
    campaignOwnerUserId: campaign?.ownerUserId ?? null,
    leadSource,
  });
  if (!plan) return null;
  const opened = await store.addLeadToTask(
    trx,
    plan,
    { personId: input.personId, dispositionId: input.dispositionId, leadSource },
    { newId: ids.next('mkt'), at: input.now, agreementVersion: input.agreementVersion },
  );
  if (opened.created) {
    const where = campaign ? `campaign ${campaign.name}` : `lead source ${plan.leadSource ?? 'unknown'}`;
    await publish(trx, ids, input.now, {
      type: 'marketing_task.created',
      text: `${plan.dqCode} disqualification from ${where}: ${plan.action}`,
      subject: { personId: input.personId, userId: plan.assigneeUserId },
      data: { taskId: opened.taskId, ...plan },
    });
  }
  return { taskId: opened.taskId, created: opened.created, action: plan.action };
}

export interface TaskQuery {
  campaignId?: string | undefined;
  source?: string | undefined;
  status?: TaskStatus | undefined;
  code?: string | undefined;
  limit?: number | undefined;
}

/** `GET /v1/marketing-tasks`: latest activity first. */
export function listMarketingTasks(ctx: Ctx, query: TaskQuery): Promise<MarketingTask[]> {
  return store.listTasks(ctx.db, { ...query, limit: query.limit ?? 100 });
}

export function getMarketingTask(ctx: Ctx, id: string): Promise<MarketingTask> {
  return store.getTask(ctx.db, id);
}

/**
 * `POST /v1/marketing-tasks/:id/complete`: marketing says what it did. The next
 * disqualification with the same code and campaign opens a new task.
 */
export async function completeMarketingTask(
  ctx: Ctx,
  id: string,
  note: string,
  principal: Principal,
): Promise<MarketingTask> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const task = await store.getTask(trx, id, true);
    const text = completeTask(task.status, note);
    await store.updateTaskCompleted(trx, id, { note: text, byId: principal.userId ?? principal.id, at: now });
    await recordAudit(trx, {
      at: now,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'marketing_task.completed',
      subjectType: 'marketing_task',
      subjectId: id,
      details: { note: text, dqCode: task.dqCode, leads: task.leadCount },
    });
    return store.getTask(trx, id);
  });
}
