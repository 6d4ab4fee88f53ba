import { describe, expect, it } from 'vitest';
import type { MarketingTask, QualityFlag } from '../types.ts';
import { codesOf, openFlagsByCampaign, tasksByCampaign, tasksBySource } from './feedback-model.ts';

const flag = (over: Partial<QualityFlag>): QualityFlag => ({
  id: `qfl_${Math.random()}`,
  personId: 'per_1',
  campaignId: 'cmp_a',
  campaignVia: 'first_touch',
  kind: 'bad_data',
  severity: 'medium',
  comment: null,
  status: 'open',
  recipientUserId: 'usr_m',
  raisedBy: { type: 'api_key', id: 'k', userId: 'usr_r' },
  raisedAt: '2026-01-05T09:00:00.000Z',
  response: null,
  respondedById: null,
  respondedAt: null,
  ...over,
});

const task = (over: Partial<MarketingTask>): MarketingTask => ({
  id: `mkt_${Math.random()}`,
  dqCode: 'DQ-06',
  kind: 'form_validation_audit',
  action: 'Audit lead sources; tighten form validation',
  campaignId: 'cmp_a',
  leadSource: null,
  assigneeUserId: 'usr_m',
  assignedTo: 'campaign_owner',
  status: 'open',
  leadCount: 1,
  latestPersonId: 'per_1',
  latestAt: '2026-01-05T09:00:00.000Z',
  leadSources: [{ source: 'webinar', leads: 1 }],
  agreementVersion: 1,
  createdAt: '2026-01-05T09:00:00.000Z',
  completedAt: null,
  completedById: null,
  completionNote: null,
  ...over,
});

const names = new Map([
  ['cmp_a', 'Webinar A'],
  ['cmp_b', 'Ebook B'],
]);

describe('openFlagsByCampaign', () => {
  it('counts open flags per campaign by kind, leaving resolved ones out, most open first', () => {
    const rows = openFlagsByCampaign(
      [
        flag({ campaignId: 'cmp_b', severity: 'high' }),
        flag({ campaignId: 'cmp_a' }),
        flag({ campaignId: 'cmp_a', kind: 'wrong_persona' }),
        flag({ campaignId: 'cmp_a', kind: 'wrong_persona', status: 'acknowledged' }),
        flag({ campaignId: 'cmp_b', status: 'resolved' }),
        flag({ campaignId: null, kind: 'spam_fake' }),
      ],
      names,
    );
    expect(rows).toEqual([
      { campaignId: 'cmp_a', campaign: 'Webinar A', open: 3, high: 0, kinds: 'Wrong persona 2, Bad data 1' },
      { campaignId: 'cmp_b', campaign: 'Ebook B', open: 1, high: 1, kinds: 'Bad data 1' },
      { campaignId: null, campaign: 'No campaign', open: 1, high: 0, kinds: 'Spam / fake 1' },
    ]);
  });
});

describe('tasks grouped', () => {
  const tasks = [
    task({
      dqCode: 'DQ-06',
      leadCount: 3,
      leadSources: [
        { source: 'webinar', leads: 2 },
        { source: 'list', leads: 1 },
      ],
    }),
    task({ dqCode: 'DQ-02', campaignId: 'cmp_b', leadCount: 1, leadSources: [{ source: 'list', leads: 1 }] }),
    task({
      dqCode: 'DQ-07',
      campaignId: null,
      leadSource: 'tradeshow',
      assigneeUserId: null,
      leadCount: 2,
      leadSources: [{ source: 'tradeshow', leads: 2 }],
    }),
  ];

  it('by campaign, a task without campaign under its lead source, most leads first', () => {
    expect(
      tasksByCampaign(tasks, names).map((g) => [g.label, g.leads, g.tasks.map((t) => t.dqCode)]),
    ).toEqual([
      ['Webinar A', 3, ['DQ-06']],
      ['No campaign (source: tradeshow)', 2, ['DQ-07']],
      ['Ebook B', 1, ['DQ-02']],
    ]);
  });

  it("by lead source, each task under every source of its leads with that source's count", () => {
    expect(tasksBySource(tasks).map((g) => [g.label, g.leads, g.tasks.map((t) => t.dqCode)])).toEqual([
      ['list', 2, ['DQ-06', 'DQ-02']],
      ['tradeshow', 2, ['DQ-07']],
      ['webinar', 2, ['DQ-06']],
    ]);
  });
});

describe('codesOf', () => {
  it('names each DQ code once with its action, and how many tasks carry it', () => {
    expect(
      codesOf([
        task({ dqCode: 'DQ-04', action: 'Long-term nurture sequence' }),
        task({ dqCode: 'DQ-01', action: 'Nurture with ROI content' }),
        task({ dqCode: 'DQ-04', action: 'Long-term nurture sequence' }),
      ]),
    ).toBe('DQ-01: Nurture with ROI content; DQ-04 ×2: Long-term nurture sequence');
  });
});
