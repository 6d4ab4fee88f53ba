import { ownerScope, type Principal } from '../access/index.js';
import { getActiveAgreement, routingPolicyOf } from '../agreement/index.js';
import type { Ctx } from '../app.js';
import { ConflictError, NotFoundError } from '../core/index.js';
import { applyTransition, moveByPrincipal, type StageChange } from '../lifecycle/index.js';
import { publish } from '../notify/index.js';
import { assignTo, type RouteOutcome, type RoutingRun, routeLeads, speedToLeadMs } from '../routing/index.js';
import { recordAudit } from '../store/index.js';
import {
  type Cadence,
  cadenceOf,
  cadenceShortfall,
  DISPOSABLE_STAGES,
  defaultReminder,
  type DispositionRequest,
  parseDisposition,
  REQUEUE_LABELS,
} from './model.js';
import {
  type DispositionRecord,
  findCurrentScore,
  findLastMqlEntry,
  insertDisposition,
  insertReminder,
  listDispositions,
  listSalesTouches,
  lockLead,
  returnToMarketing,
} from './store.js';
import { openTaskForDisqualification, type TaskOpening } from './tasks-service.js';

export interface DispositionResult {
  disposition: DispositionRecord;
  stageChanges: StageChange[];
  routing: RouteOutcome | null;
  reminder: { dueAt: Date; userId: string | null } | null;
  marketingAction: string | null;
  /** The marketing task the DQ code's action opened, or joined (issue 8). */
  marketingTask: TaskOpening | null;
}

/**
 * `POST /v1/people/:id/disposition`: sales answers an MQL (seed 001, "Disposition every
 * MQL"). Accepting moves it to SQL, or, from the telequalification step, passes it to the AE
 * its routing rule names; disqualifying needs an agreed reason code; recycling applies one
 * of the re-queue rules. One transaction: the answer, the stage, the owner and the
 * notification to marketing land together.
 */
export async function dispositionLead(
  ctx: Ctx,
  personId: string,
  request: DispositionRequest,
  principal: Principal,
): Promise<DispositionResult> {
  const now = ctx.clock.now();
  const agreement = await getActiveAgreement(ctx.db, ctx.clock);
  const { version, document } = agreement;
  const disposition = parseDisposition(request, document.disqualificationCodes, now);
  const by = moveByPrincipal(principal);
  const run: RoutingRun = {
    ids: ctx.ids,
    now,
    policy: routingPolicyOf(agreement),
    actorType: principal.kind,
    actorId: principal.id,
  };
  return ctx.db.transaction().execute(async (trx) => {
    const lead = await lockLead(trx, personId);
    const scope = ownerScope(principal);
    if (!lead || (scope !== undefined && lead.ownerUserId !== scope))
      throw new NotFoundError('Person', personId);
    if (!(DISPOSABLE_STAGES as readonly string[]).includes(lead.stage))
      throw new ConflictError(
        `Person ${personId} is ${lead.stage}: only MQLs and TQLs awaiting sales are dispositioned`,
        'not_awaiting_disposition',
        { stage: lead.stage },
      );
    const score = await findCurrentScore(trx, personId);
    const stageChanges: StageChange[] = [];
    const move = async (to: string, reason?: string, reasonCode?: string) => {
      stageChanges.push(
        await applyTransition(
          trx,
          now,
          {
            personId,
            to,
            reason,
            reasonCode,
            agreementVersion: version,
            dqCodes: document.disqualificationCodes.map((c) => c.code),
          },
          by,
        ),
      );
    };
    let outcome: DispositionRecord['outcome'] = disposition.outcome;
    let routing: RouteOutcome | null = null;
    let reminder: DispositionResult['reminder'] = null;
    let marketingAction: string | null = null;

    if (disposition.outcome === 'accepted') {
      if (lead.passRule) {
        // Telequalified: the SDR passes the lead to the AE its rule names.
        outcome = 'passed';
        if (lead.stage === 'mql') await move('tql');
        routing = (await routeLeads(trx, run, [personId], 'pass', { onlyRule: lead.passRule }))[0] ?? null;
      } else {
        await move('sql');
      }
    } else if (disposition.outcome === 'disqualified') {
      await move('disqualified', disposition.notes ?? undefined, disposition.reasonCode);
      marketingAction =
        document.disqualificationCodes.find((c) => c.code === disposition.reasonCode)?.marketingAction ??
        null;
    } else if (disposition.requeue === 'wrong_persona') {
      outcome = 'rerouted';
      const reason = `wrong persona${disposition.notes ? `: ${disposition.notes}` : ''}`;
      routing = disposition.routeTo.userId
        ? await assignTo(trx, run, personId, disposition.routeTo.userId, reason)
        : ((
            await routeLeads(trx, run, [personId], 'reroute', {
              exclude: lead.ownerUserId ? [lead.ownerUserId] : [],
              ...(disposition.routeTo.rule && { onlyRule: disposition.routeTo.rule }),
            })
          )[0] ?? null);
    } else {
      if (disposition.requeue === 'no_response') {
        const cadence = await leadCadenceIn(trx, personId, lead, document.followUp, now);
        if (!cadence.satisfied)
          throw new ConflictError(cadenceShortfall(cadence), 'cadence_incomplete', {
            touches: cadence.touches,
            required: cadence.required,
            spanDays: cadence.spanDays,
            overDays: cadence.overDays,
          });
      }
      await move('nurture', REQUEUE_LABELS[disposition.requeue]);
      // Re-enters the MQL queue only when the score rises again (seed 001, Re-Queue Conditions).
      await returnToMarketing(trx, personId, score, now);
      if (disposition.requeue === 'bad_timing') {
        const owner = lead.ownerUserId
          ? await trx
              .selectFrom('users')
              .select('time_zone')
              .where('id', '=', lead.ownerUserId)
              .executeTakeFirst()
          : undefined;
        const dueAt =
          disposition.remindAt ??
          defaultReminder(now, document.followUp.longTermNurtureMonths, owner?.time_zone ?? 'UTC');
        await insertReminder(trx, {
          id: ctx.ids.next('rem'),
          personId,
          userId: lead.ownerUserId,
          dueAt,
          reason: `Re-engage: timing was wrong${disposition.notes ? ` (${disposition.notes})` : ''}`,
          createdAt: now,
        });
        reminder = { dueAt, userId: lead.ownerUserId };
      }
    }

    const record: DispositionRecord = {
      id: ctx.ids.next('dsp'),
      personId,
      decidedAt: now,
      outcome,
      reasonCode: disposition.outcome === 'disqualified' ? disposition.reasonCode : null,
      requeue: disposition.outcome === 'recycled' ? disposition.requeue : null,
      notes: disposition.notes,
      contentRecommendations:
        disposition.outcome === 'recycled' && disposition.requeue === 'needs_education'
          ? disposition.contentRecommendations
          : null,
      fromStage: lead.stage,
      toStage: stageChanges.at(-1)?.to ?? lead.stage,
      ownerUserId: lead.ownerUserId,
      score,
      agreementVersion: version,
      actorType: principal.kind,
      actorId: principal.id,
    };
    await insertDisposition(trx, record);
    const marketingTask =
      disposition.outcome === 'disqualified'
        ? await openTaskForDisqualification(trx, ctx.ids, {
            personId,
            dispositionId: record.id,
            reasonCode: disposition.reasonCode,
            dqCodes: document.disqualificationCodes,
            agreementVersion: version,
            now,
          })
        : null;
    await recordAudit(trx, {
      at: now,
      actorType: principal.kind,
      actorId: principal.id,
      action: 'person.dispositioned',
      subjectType: 'person',
      subjectId: personId,
      details: { outcome, reasonCode: record.reasonCode, requeue: record.requeue },
    });
    await publish(trx, ctx.ids, now, {
      type: `lead.${outcome}`,
      text: dispositionText(personId, record, marketingAction),
      subject: { personId, userId: lead.ownerUserId },
      data: { disposition: record, marketingAction, marketingTask, routing, reminder },
    });
    return { disposition: record, stageChanges, routing, reminder, marketingAction, marketingTask };
  });
}

function dispositionText(personId: string, d: DispositionRecord, marketingAction: string | null): string {
  switch (d.outcome) {
    case 'accepted':
      return `Sales accepted ${personId} (SQL)`;
    case 'passed':
      return `${personId} was telequalified and passed to an AE`;
    case 'disqualified':
      return `Sales disqualified ${personId}: ${d.reasonCode}${marketingAction ? `. Marketing action: ${marketingAction}` : ''}`;
    case 'rerouted':
      return `${personId} was re-routed: wrong persona`;
    default:
      return `${personId} came back to marketing: ${REQUEUE_LABELS[d.requeue as keyof typeof REQUEUE_LABELS]}${
        d.contentRecommendations ? `. Recommended content: ${d.contentRecommendations.join('; ')}` : ''
      }`;
  }
}

async function leadCadenceIn(
  db: Ctx['db'],
  personId: string,
  lead: { stageEnteredAt: Date },
  policy: { minTouches: number; overDays: number },
  now: Date,
): Promise<Cadence> {
  const since = (await findLastMqlEntry(db, personId)) ?? lead.stageEnteredAt;
  return cadenceOf(await listSalesTouches(db, personId, since), since, policy, now);
}

export interface LeadCadence extends Cadence {
  personId: string;
  speedToLead: {
    mqlAt: Date;
    firstTouchAt: Date | null;
    ms: number | null;
    dueAt: Date | null;
    met: boolean | null;
  };
}

/** `GET /v1/people/:id/cadence`: the follow-up cadence and speed-to-lead since the lead's latest MQL. */
export async function leadCadence(ctx: Ctx, personId: string, principal: Principal): Promise<LeadCadence> {
  const person = await ctx.db
    .selectFrom('people')
    .select(['owner_user_id', 'stage_entered_at', 'first_touch_due_at'])
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  const scope = ownerScope(principal);
  if (!person || (scope !== undefined && person.owner_user_id !== scope))
    throw new NotFoundError('Person', personId);
  const { document } = await getActiveAgreement(ctx.db, ctx.clock);
  const now = ctx.clock.now();
  const cadence = await leadCadenceIn(
    ctx.db,
    personId,
    { stageEnteredAt: person.stage_entered_at },
    document.followUp,
    now,
  );
  const ms = speedToLeadMs(cadence.since, cadence.firstTouchAt);
  const due = person.first_touch_due_at;
  return {
    personId,
    ...cadence,
    speedToLead: {
      mqlAt: cadence.since,
      firstTouchAt: cadence.firstTouchAt,
      ms,
      dueAt: due,
      met:
        due === null ? null : cadence.firstTouchAt ? cadence.firstTouchAt <= due : now <= due ? null : false,
    },
  };
}

export async function personDispositions(ctx: Ctx, personId: string, principal: Principal) {
  const person = await ctx.db
    .selectFrom('people')
    .select('owner_user_id')
    .where('id', '=', personId)
    .executeTakeFirst();
  const scope = ownerScope(principal);
  if (!person || (scope !== undefined && person.owner_user_id !== scope))
    throw new NotFoundError('Person', personId);
  return listDispositions(ctx.db, personId);
}
