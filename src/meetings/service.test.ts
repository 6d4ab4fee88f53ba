import { expect, it } from 'vitest';
import { newUser } from '../../test/support/factories.js';
import { buildReportDataset, REPORT_NOW, type ReportDataset } from '../../test/support/report-fixtures.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import { raiseFlag } from '../feedback/index.js';
import type { Agenda, AgendaItem, Topic } from './model.js';
import {
  addActionItem,
  completeActionItem,
  createMeeting,
  getCadence,
  listActionItems,
  meetingAgenda,
  regenerateAgenda,
  updateActionItem,
  updateCadence,
} from './service.js';

const rep = (userId: string): Principal => ({
  kind: 'api_key',
  id: `key_${userId}`,
  role: 'sales_rep',
  userId,
  name: 'rep',
});
const item = (a: Agenda, topic: Topic): AgendaItem => {
  const found = a.items.find((i) => i.topic === topic);
  if (!found) throw new Error(`no ${topic} item`);
  return found;
};

forEachStore('meetings service', (fx) => {
  let data: ReportDataset;
  it('builds the fixed October dataset', async () => {
    data = await buildReportDataset(fx.ctx);
    fx.clock.set(REPORT_NOW);
  });

  it("lists the seed's four series with their next meetings in the organisation's zone", async () => {
    const cadence = await getCadence(fx.ctx);
    expect(cadence.timeZone).toBe('UTC');
    // Monday 2026-11-02 12:00Z: today's standup (09:00) is over; the funnel review (10:00, first business day) too.
    expect(cadence.series.map((s) => [s.kind, s.next[0]?.startsAt.toISOString()])).toEqual([
      ['pipeline_standup', '2026-11-03T09:00:00.000Z'],
      ['campaign_review', '2026-11-06T14:00:00.000Z'],
      ['funnel_health', '2026-12-01T10:00:00.000Z'],
      ['quarterly_planning', '2027-01-01T09:00:00.000Z'],
    ]);
    await expect(updateCadence(fx.ctx, { timeZone: 'Nowhere/Land' }, CLI_PRINCIPAL)).rejects.toMatchObject({
      issues: [{ path: '/timeZone' }],
    });
  });

  it("generates Monday's standup: MQLs since Friday, clocks falling due, stalled deals", async () => {
    const { meeting, agenda } = await createMeeting(
      fx.ctx,
      { kind: 'pipeline_standup', date: '2026-10-05' },
      CLI_PRINCIPAL,
    );
    expect(meeting).toMatchObject({ title: 'Pipeline Standup — 2026-10-05', date: '2026-10-05' });
    expect(meeting.startsAt.toISOString()).toBe('2026-10-05T09:00:00.000Z');
    expect(agenda.period).toEqual({ label: 'since 2026-10-02', from: '2026-10-02', to: '2026-10-05' });
    // MQLs from Fri Oct 2 00:00 to Mon Oct 5 09:00: P1 (Oct 2), P2 (Oct 3), P3 (Oct 4); P4's at 09:00 is not before the start.
    expect(item(agenda, 'mqls_delivered').figures).toEqual({ mqls: 3, unassigned: 0 });
    expect(item(agenda, 'mqls_delivered').lines).toContain('Ada Report: 3');
    // At 09:00 on Oct 5: P1-P3's clocks were answered; P4's (started 09:00, due 13:00) is open and due
    // within 24 hours. Old deal (created Sep 1, no activity) is the one deal idle 14+ days.
    expect(item(agenda, 'follow_up_priorities').figures).toEqual({
      breachedClocks: 0,
      atRiskClocks: 1,
      stalledDeals: 1,
    });
    expect(item(agenda, 'follow_up_priorities').lines).toContain('Stalled: Old deal ($40,000, no owner)');
    expect(item(agenda, 'lead_quality_flags').figures).toEqual({
      flags: 0,
      openFlags: 0,
      disqualified: 0,
      recycled: 0,
    });
    expect(agenda.carriedOver).toEqual([]);
    await expect(
      createMeeting(fx.ctx, { kind: 'pipeline_standup', date: '2026-10-05' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({ status: 409, details: { id: meeting.id } });

    // An action item raised there, due Wednesday, owned by Ada.
    const action = await addActionItem(fx.ctx, meeting.id, {
      title: 'Call P4 before noon',
      ownerUserId: data.userId,
      dueOn: '2026-10-07',
    });
    expect(action).toMatchObject({ status: 'open', overdue: true }); // today is Nov 2
    await expect(
      addActionItem(fx.ctx, meeting.id, { title: 'x', dueOn: '2026-10-07' }),
    ).rejects.toMatchObject({
      issues: [{ path: '/ownerUserId' }],
    });
  });

  it("generates Friday's standup: the breached clock, the rejection, and the overdue item carried over", async () => {
    // Sales flagged P5's data on Thursday, before rejecting the lead (P5 came from the paid social campaign).
    fx.clock.set('2026-10-08T08:00:00Z');
    await raiseFlag(
      fx.ctx,
      { personId: data.people[4]!, kind: 'bad_data', comment: 'phone is fake' },
      CLI_PRINCIPAL,
    );
    fx.clock.set(REPORT_NOW);
    const { agenda } = await createMeeting(
      fx.ctx,
      { kind: 'pipeline_standup', date: '2026-10-09' },
      CLI_PRINCIPAL,
    );
    // Since Thu Oct 8 00:00: no new MQL; P5 rejected (DQ-07) Oct 8 09:00; P6's rejection at 09:00 Oct 9 is not before the start.
    expect(item(agenda, 'mqls_delivered').figures.mqls).toBe(0);
    expect(item(agenda, 'lead_quality_flags').figures).toEqual({
      flags: 1,
      openFlags: 1,
      disqualified: 1,
      recycled: 0,
    });
    expect(item(agenda, 'lead_quality_flags').lines).toContain('DQ-07: 1');
    expect(item(agenda, 'lead_quality_flags').lines).toContain('bad_data: 1');
    // P6's clock (due Oct 7 13:00) was never answered: breached and open.
    expect(item(agenda, 'follow_up_priorities').figures).toMatchObject({
      breachedClocks: 1,
      atRiskClocks: 0,
    });
    expect(agenda.carriedOver).toMatchObject([
      { title: 'Call P4 before noon', owner: 'Ada Report', overdue: true },
    ]);
  });

  it('generates the weekly campaign review of 2026-W41 from the pipeline review', async () => {
    const { agenda } = await createMeeting(
      fx.ctx,
      { kind: 'campaign_review', date: '2026-10-09' },
      CLI_PRINCIPAL,
    );
    expect(agenda.items.map((i) => i.title)).toEqual([
      'MQL volume and quality this week',
      'Campaign performance by source',
      'Lead disposition rates',
      'Content requests',
      'Deal inspection',
    ]);
    // MQLs of Oct 5-11: P4, P5, P6; P4 accepted; target 41 (see the reports' test).
    expect(item(agenda, 'mql_volume_quality').figures).toMatchObject({ mqls: 3, mqlTarget: 41, accepted: 1 });
    expect(item(agenda, 'mql_volume_quality').lines[0]).toBe('MQLs delivered this week: 3 (target: 41)');
    expect(item(agenda, 'campaign_performance').figures).toEqual({
      campaigns: 2,
      best: 'Webinar Oct',
      worst: 'Social Sep-Oct',
    });
    // Answers within the week: P2 (Oct 5), P3 (Oct 6) and P4 (Oct 7) accepted, P5 (Oct 8) and P6 (Oct 9) rejected.
    expect(item(agenda, 'disposition_rates').figures).toEqual({
      mqls: 3,
      accepted: 3,
      disqualified: 2,
      recycled: 0,
    });
    expect(item(agenda, 'content_requests').figures).toMatchObject({ open: 0, requestedInPeriod: 0 });
    expect(item(agenda, 'deal_inspection').figures).toEqual({ closingThisMonth: 2, stalled: 1, atRisk: 1 });
    // The standup's item is another series' but overdue by Oct 9 (due Oct 7): carried over.
    expect(agenda.carriedOver.map((c) => [c.title, c.overdue])).toEqual([['Call P4 before noon', true]]);
  });

  it('generates the funnel health review of October and quarterly planning of Q4', async () => {
    const { agenda } = await createMeeting(
      fx.ctx,
      { kind: 'funnel_health', date: '2026-11-02' },
      CLI_PRINCIPAL,
    );
    expect(agenda.period).toMatchObject({ label: '2026-10' });
    expect(item(agenda, 'funnel_conversion').figures).toMatchObject({
      lead: 10,
      mql: 6,
      sql: 4,
      opportunity: 2,
    });
    expect(item(agenda, 'funnel_conversion').table?.rows[1]).toEqual(['MQLs', '6', '60%', '+100%']);
    // Q4 open pipeline: P2 deal $50,000 + Old deal $40,000 against 4 x $1,000,000.
    expect(item(agenda, 'pipeline_coverage').figures).toMatchObject({
      requiredCoverage: 4,
      actualCoverage: 0.09,
    });
    expect(item(agenda, 'competitive_intelligence').figures).toEqual({ lostToCompetitors: 0, dq05: 0 });
    expect(item(agenda, 'sla_compliance').table?.rows.length).toBeGreaterThan(4);

    const q = (await createMeeting(fx.ctx, { kind: 'quarterly_planning', date: '2027-01-01' }, CLI_PRINCIPAL))
      .agenda;
    // Q4 2026: won P1 deal $30,000 + Direct deal $20,000; 6 MQLs against the reverse funnel's 534.
    expect(item(q, 'revenue_target_review').figures).toEqual({
      revenueTargetCents: 100_000_000,
      wonCents: 5_000_000,
      dealsTarget: 40,
      won: 2,
      mqlTarget: 534,
      mqls: 6,
    });
    expect(item(q, 'scoring_recalibration').figures).toMatchObject({
      mqls: 6,
      sqls: 4,
      acceptanceTarget: 0.6,
    });
    expect(item(q, 'discussion').lines).toEqual(['Discussion item: no figures']);
  });

  it('keeps the agenda as generated until it is regenerated', async () => {
    const { meeting } = await createMeeting(
      fx.ctx,
      { kind: 'pipeline_standup', date: '2026-10-06' },
      CLI_PRINCIPAL,
    );
    const before = await meetingAgenda(fx.ctx, meeting.id);
    expect(item(before, 'mqls_delivered').figures.mqls).toBe(1); // P4, Oct 5 09:00
    await fx.ctx.db
      .insertInto('stage_history')
      .values({
        person_id: data.people[9]!,
        from_stage: 'lead',
        to_stage: 'mql',
        at: new Date('2026-10-05T18:00:00Z'),
        actor_type: 'system',
        actor_id: null,
        reason: null,
        reason_code: null,
        agreement_version: 1,
      })
      .execute();
    expect(item(await meetingAgenda(fx.ctx, meeting.id), 'mqls_delivered').figures.mqls).toBe(1);
    expect(item(await regenerateAgenda(fx.ctx, meeting.id), 'mqls_delivered').figures.mqls).toBe(2);
    expect(item(await meetingAgenda(fx.ctx, meeting.id), 'mqls_delivered').figures).toEqual({
      mqls: 2,
      unassigned: 1,
    });
  });

  it('lets the owner complete their action item, and nobody else without the meetings permission', async () => {
    const other = await newUser(fx.ctx, { name: 'Other Rep' });
    const [open] = await listActionItems(fx.ctx, { overdue: true }, CLI_PRINCIPAL);
    expect(open).toMatchObject({ title: 'Call P4 before noon', overdue: true });
    await expect(completeActionItem(fx.ctx, open!.id, rep(other.id))).rejects.toMatchObject({ status: 403 });
    const done = await completeActionItem(fx.ctx, open!.id, rep(data.userId));
    expect(done).toMatchObject({ status: 'done', overdue: false, completedBy: data.userId });
    expect(done.completedAt?.toISOString()).toBe(REPORT_NOW);
    expect(await listActionItems(fx.ctx, { overdue: true }, CLI_PRINCIPAL)).toEqual([]);
    expect(await listActionItems(fx.ctx, { owner: 'me', status: 'done' }, rep(data.userId))).toHaveLength(1);
    expect(await listActionItems(fx.ctx, { owner: 'me' }, rep(other.id))).toEqual([]);

    // The owner moves the due day and reopens it; reopening forgets who completed it.
    await expect(
      updateActionItem(fx.ctx, open!.id, { dueOn: '2026-11-09' }, rep(other.id)),
    ).rejects.toMatchObject({
      status: 403,
    });
    const moved = await updateActionItem(
      fx.ctx,
      open!.id,
      { dueOn: '2026-11-09', status: 'open' },
      rep(data.userId),
    );
    expect(moved).toMatchObject({
      dueOn: '2026-11-09',
      status: 'open',
      completedAt: null,
      completedBy: null,
      overdue: false,
    });
    await expect(
      updateActionItem(fx.ctx, open!.id, { dueOn: '2026-11-31' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({
      issues: [{ path: '/dueOn' }],
    });
  });
});
