import { CLI_PRINCIPAL } from '../access/index.js';
import type { Ctx } from '../app.js';
import { DAY, type ManualClock } from '../core/index.js';
import {
  addActionItem,
  completeActionItem,
  createMeeting,
  type MeetingKind,
  startsAt,
  seriesOf,
  defaultCadence,
} from '../meetings/index.js';
import type { User } from '../org/index.js';

/** What the simulated meetings decide: a title a team would write, and who does it. */
const ACTIONS: { title: string; owner: 'marketing' | 'sales_manager' | 'ae' | 'sdr' }[] = [
  { title: 'Review the rejected MQLs of the worst campaign with its owner', owner: 'marketing' },
  { title: 'Re-engage the stalled deals and log a next step', owner: 'ae' },
  { title: 'Call back every breached first-touch clock before noon', owner: 'sdr' },
  { title: 'Move the round-robin weight of the busiest SDR down for a week', owner: 'sales_manager' },
  { title: 'Ship the objection-handling one-pager sales asked for', owner: 'marketing' },
  { title: 'Check the disqualification codes against the scoring model', owner: 'sales_manager' },
];

/**
 * A few past meetings of the cadence, held at their time with the agenda generated then, each
 * with action items: the older ones mostly done, some left open past their due day (overdue on
 * the dashboard), the latest still open and not yet due. Deterministic for a seed.
 */
export async function seedMeetings(
  ctx: Ctx,
  clock: ManualClock,
  random: () => number,
  users: readonly User[],
  end: number,
): Promise<{ meetings: number; actionItems: number; done: number }> {
  const cadence = defaultCadence();
  const lastDay = new Date(end - DAY).toISOString().slice(0, 10);
  const businessDaysBack = (from: string, n: number, weekday?: number): string[] => {
    const out: string[] = [];
    for (let t = new Date(`${from}T00:00:00Z`).getTime(); out.length < n; t -= DAY) {
      const day = new Date(t).getUTCDay();
      if (day === 0 || day === 6) continue;
      if (weekday !== undefined && day !== weekday) continue;
      out.push(new Date(t).toISOString().slice(0, 10));
    }
    return out.reverse();
  };
  const plan: { kind: MeetingKind; date: string }[] = [
    ...businessDaysBack(lastDay, 3, 5).map((date) => ({ kind: 'campaign_review' as const, date })),
    ...businessDaysBack(lastDay, 2).map((date) => ({ kind: 'pipeline_standup' as const, date })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const byRole = (role: string) => users.filter((u) => u.role === role && u.active);
  let actionItems = 0;
  let done = 0;
  for (const [index, { kind, date }] of plan.entries()) {
    const at = startsAt(seriesOf(cadence, kind), date, cadence.timeZone);
    if (at.getTime() > end) continue;
    clock.set(at);
    const { meeting } = await createMeeting(ctx, { kind, date }, CLI_PRINCIPAL);
    const count = kind === 'campaign_review' ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const action = ACTIONS[Math.floor(random() * ACTIONS.length)]!;
      const pool = byRole(action.owner);
      const owner = pool[Math.floor(random() * pool.length)] ?? users[0]!;
      const dueOn = new Date(at.getTime() + (2 + Math.floor(random() * 4)) * DAY).toISOString().slice(0, 10);
      const item = await addActionItem(ctx, meeting.id, {
        title: action.title,
        ownerUserId: owner.id,
        dueOn,
      });
      actionItems++;
      // The older meetings' items are mostly done by their due day; the last meeting's are not yet.
      if (index < plan.length - 1 && random() < 0.6) {
        const doneAt = new Date(`${dueOn}T15:00:00Z`).getTime() - DAY;
        if (doneAt < end) {
          clock.set(new Date(Math.max(doneAt, at.getTime())));
          await completeActionItem(ctx, item.id, CLI_PRINCIPAL);
          done++;
        }
      }
    }
  }
  clock.set(new Date(end));
  return { meetings: plan.length, actionItems, done };
}
