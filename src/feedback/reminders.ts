import type { Ctx } from '../app.js';
import { publish } from '../notify/index.js';
import { claimDueReminders, markRemindersFired } from './store.js';

const SLICE = 100;

/** Publishes each due re-engagement reminder once (claimed with SKIP LOCKED), to the rep who set it. */
export async function fireDueReminders(ctx: Ctx, now: Date, size = SLICE): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const due = await claimDueReminders(trx, now, size);
    for (const r of due) {
      await publish(trx, ctx.ids, now, {
        type: 'lead.reengage',
        text: `${r.reason}: re-engage ${r.personId} (reminder due ${r.dueAt.toISOString()})`,
        subject: { personId: r.personId, userId: r.userId },
        data: { reminderId: r.id, dueAt: r.dueAt, reason: r.reason },
      });
    }
    await markRemindersFired(
      trx,
      due.map((r) => r.id),
      now,
    );
    return due.length;
  });
}
