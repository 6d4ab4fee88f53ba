import { expect, it } from 'vitest';
import { newCampaign, newLead, newOpportunity, newTeam, newUser } from '../../test/support/factories.js';
import { forEachStore } from '../../test/support/stores.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { updateCampaign } from '../campaigns/index.js';
import { ConflictError, ValidationError } from '../core/index.js';
import { closeOpportunityById } from '../opportunities/index.js';
import { assessMaturity, getMaturity, maturityHistory } from './maturity-service.js';
import {
  createPersona,
  deletePersona,
  getBuyingProcess,
  listPersonas,
  putBuyingProcess,
  updatePersona,
} from './personas-service.js';
import { createPlay, deletePlay, getPlan, planCalendar, putPlan, updatePlay } from './plans-service.js';

const levels = (process: number, staffing: number, systems: number, metrics: number) => ({
  process: { level: process, note: 'shared planning of lead quantities' },
  staffing: { level: staffing },
  systems: { level: systems },
  metrics: { level: metrics },
});

forEachStore('joint planning service', (fx) => {
  it('keeps personas with unique keys, and a persona a play aims at cannot be deleted', async () => {
    const vp = await createPersona(
      fx.ctx,
      { key: 'VP-Marketing', name: 'VP Marketing', pains: ['pipeline gaps'], buyingRole: 'economic_buyer' },
      CLI_PRINCIPAL,
    );
    expect(vp).toMatchObject({
      key: 'vp-marketing',
      titles: [],
      pains: ['pipeline gaps'],
      buyingRole: 'economic_buyer',
    });
    await expect(
      createPersona(fx.ctx, { key: 'vp-marketing', name: 'Again' }, CLI_PRINCIPAL),
    ).rejects.toThrow(ConflictError);
    await expect(updatePersona(fx.ctx, vp.id, { buyingRole: 'boss' }, CLI_PRINCIPAL)).rejects.toMatchObject({
      issues: [{ path: '/buyingRole' }],
    });
    const updated = await updatePersona(
      fx.ctx,
      vp.id,
      { channels: ['LinkedIn', 'peer groups'] },
      CLI_PRINCIPAL,
    );
    expect(updated.channels).toEqual(['LinkedIn', 'peer groups']);

    const play = await createPlay(fx.ctx, { name: 'Pipeline rescue', personaId: vp.id }, CLI_PRINCIPAL);
    await expect(deletePersona(fx.ctx, vp.id, CLI_PRINCIPAL)).rejects.toMatchObject({
      code: 'persona_in_use',
    });
    await expect(
      createPlay(fx.ctx, { name: 'x', personaId: 'prs_nope' }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({
      issues: [{ path: '/personaId' }],
    });
    await updatePlay(fx.ctx, play.id, { personaId: null }, CLI_PRINCIPAL);
    await deletePersona(fx.ctx, vp.id, CLI_PRINCIPAL);
    expect((await listPersonas(fx.ctx, {}, {})).items).toEqual([]);
  });

  it("serves seed 004's map until it is edited, then the edited one", async () => {
    const seed = await getBuyingProcess(fx.ctx);
    expect(seed.customized).toBe(false);
    expect(seed.stages.map((s) => s.stage)).toEqual([
      'acquisition',
      'nurture',
      'qualification',
      'hand-off',
      'acceptance',
      'selling',
      'service',
    ]);
    seed.stages[0]!.points.push({
      text: 'agree on the ICP scoring tiers',
      owner: 'both',
      metric: 'lead_to_customer',
    });
    await putBuyingProcess(fx.ctx, seed.stages, CLI_PRINCIPAL);
    const edited = await getBuyingProcess(fx.ctx);
    expect(edited).toMatchObject({ customized: true, updatedBy: CLI_PRINCIPAL.name });
    expect(edited.stages[0]!.points.at(-1)).toEqual({
      text: 'agree on the ICP scoring tiers',
      owner: 'both',
      metric: 'lead_to_customer',
    });
    await expect(putBuyingProcess(fx.ctx, edited.stages.slice(1), CLI_PRINCIPAL)).rejects.toMatchObject({
      issues: [{ path: '/stages' }],
    });
  });

  it("builds the quarter's plan: the agreement's targets, live progress, goals and the calendar by play", async () => {
    // The clock is 2026-01-05 09:00: 4.9% of 2026-Q1 has gone. Two MQLs and one won $50,000
    // deal so far: 5% of the revenue target keeps pace, 1 of 40 deals does not.
    for (let i = 0; i < 2; i++) {
      const lead = await newLead(fx.ctx);
      await fx.ctx.db
        .insertInto('stage_history')
        .values({
          person_id: lead.id,
          from_stage: 'lead',
          to_stage: 'mql',
          at: fx.clock.now(),
          actor_type: 'system',
          actor_id: null,
          reason: null,
          reason_code: null,
          agreement_version: 1,
        })
        .execute();
    }
    const deal = await newOpportunity(fx.ctx, { amount: { cents: 5_000_000, currency: 'USD' } });
    await closeOpportunityById(fx.ctx, deal.id, { outcome: 'won' }, CLI_PRINCIPAL);

    const play = await createPlay(fx.ctx, { name: 'Expansion', segment: 'mid_market' }, CLI_PRINCIPAL);
    const webinar = await newCampaign(fx.ctx, {
      startsOn: '2026-02-01',
      endsOn: '2026-02-01',
      playId: play.id,
    });
    const email = await newCampaign(fx.ctx, { startsOn: '2025-12-15', endsOn: '2026-01-15' });
    await newCampaign(fx.ctx, { startsOn: '2026-04-01', playId: play.id });
    await expect(newCampaign(fx.ctx, { playId: 'play_missing' })).rejects.toMatchObject({
      issues: [{ path: '/playId' }],
    });
    await expect(deletePlay(fx.ctx, play.id, CLI_PRINCIPAL)).rejects.toMatchObject({ code: 'play_in_use' });

    const plan = await getPlan(fx.ctx, '2026-q1');
    expect(plan.elapsed).toBe(0.0486);
    expect(plan).toMatchObject({
      quarter: { label: '2026-Q1', from: '2026-01-01', to: '2026-03-31' },
      saved: false,
    });
    expect(plan.targets).toEqual([
      { metric: 'revenue', target: 100_000_000, actual: 5_000_000, share: 0.05, status: 'on_track' },
      { metric: 'won_deals', target: 40, actual: 1, share: 0.025, status: 'behind' },
      { metric: 'opportunities', target: 160, actual: 0, share: 0, status: 'behind' },
      { metric: 'sqls', target: 320, actual: 0, share: 0, status: 'behind' },
      { metric: 'mqls', target: 534, actual: 2, share: 0.0037, status: 'behind' },
    ]);
    expect(plan.goals[0]).toMatchObject({ team: 'marketing', metric: 'mqls', target: 534, actual: 2 });
    expect(plan.calendar.map((g) => [g.play?.name ?? null, g.campaigns.map((c) => c.id)])).toEqual([
      ['Expansion', [webinar.id]],
      [null, [email.id]],
    ]);

    await updateCampaign(fx.ctx, email.id, { playId: play.id }, CLI_PRINCIPAL);
    expect((await planCalendar(fx.ctx, '2026-Q1')).groups).toHaveLength(1);

    const owner = await newUser(fx.ctx);
    const team = await newTeam(fx.ctx);
    const saved = await putPlan(
      fx.ctx,
      '2026-Q1',
      {
        goals: [
          { team: 'marketing', metric: 'mqls', target: 600, ownerUserId: owner.id },
          { team: team.id, metric: 'win_rate', target: 0.3, note: 'from 25%' },
        ],
        notes: ' Focus on mid-market. ',
      },
      CLI_PRINCIPAL,
    );
    expect(saved).toMatchObject({
      saved: true,
      notes: 'Focus on mid-market.',
      updatedBy: CLI_PRINCIPAL.name,
    });
    expect(saved.goals).toEqual([
      {
        team: 'marketing',
        metric: 'mqls',
        target: 600,
        ownerUserId: owner.id,
        note: null,
        actual: 2,
        share: 0.0033,
        status: 'behind',
      },
      {
        team: team.id,
        metric: 'win_rate',
        target: 0.3,
        ownerUserId: null,
        note: 'from 25%',
        actual: null,
        share: null,
        status: null,
      },
    ]);
    await expect(
      putPlan(
        fx.ctx,
        '2026-Q1',
        { goals: [{ team: 'legal', metric: 'mqls', target: 1, ownerUserId: 'usr_nope' }] },
        CLI_PRINCIPAL,
      ),
    ).rejects.toMatchObject({ issues: [{ path: '/goals/0/team' }, { path: '/goals/0/ownerUserId' }] });
    await expect(getPlan(fx.ctx, '2026-Q5')).rejects.toThrow(ValidationError);
    // A quarter not begun: nothing counted, nothing behind.
    expect((await getPlan(fx.ctx, '2026-Q2')).targets.map((t) => t.status)).toEqual(
      Array(5).fill('not_started'),
    );
  });

  it('stores a maturity assessment per quarter, compares it with the previous one and lists the gaps', async () => {
    await expect(getMaturity(fx.ctx, '2026-Q1')).rejects.toMatchObject({ code: 'not_found' });
    const first = await assessMaturity(fx.ctx, '2025-Q4', { dimensions: levels(1, 1, 2, 1) }, CLI_PRINCIPAL);
    expect(first).toMatchObject({
      overallLevel: 1,
      overallName: 'Ad Hoc Projects',
      nextLevel: 2,
      previous: null,
    });
    expect(first.gaps.map((g) => g.dimension)).toEqual(['process', 'staffing', 'metrics']);

    const second = await assessMaturity(
      fx.ctx,
      '2026-Q1',
      { dimensions: levels(2, 2, 3, 1), assessedBy: 'RevOps council' },
      CLI_PRINCIPAL,
    );
    expect(second).toMatchObject({ overallLevel: 1, assessedBy: 'RevOps council', nextLevel: 2 });
    expect(second.dimensions.process).toEqual({ level: 2, note: 'shared planning of lead quantities' });
    expect(second.gaps).toEqual([
      {
        dimension: 'metrics',
        level: 1,
        toReach: 2,
        cell: [
          'outcomes, such as number of qualified leads',
          'metrics are delivered in a dashboard that shows goals, trends, exceptions, etc.',
        ],
      },
    ]);
    expect(second.previous).toMatchObject({ quarter: '2025-Q4', overallLevel: 1 });
    expect(second.previous!.changes.map((c) => c.delta)).toEqual([1, 1, 1, 0]);

    await assessMaturity(fx.ctx, '2026-Q1', { dimensions: levels(2, 2, 3, 2) }, CLI_PRINCIPAL);
    expect((await getMaturity(fx.ctx, '2026-Q1')).overallLevel).toBe(2);
    expect((await maturityHistory(fx.ctx)).map((a) => [a.quarter, a.overallLevel])).toEqual([
      ['2025-Q4', 1],
      ['2026-Q1', 2],
    ]);
    await expect(
      assessMaturity(fx.ctx, '2026-Q2', { dimensions: { process: { level: 5 } } }, CLI_PRINCIPAL),
    ).rejects.toMatchObject({
      issues: [
        { path: '/dimensions/process/level' },
        { path: '/dimensions/staffing' },
        { path: '/dimensions/systems' },
        { path: '/dimensions/metrics' },
      ],
    });
  });
});
