import { describe, expect, it } from 'vitest';
import { dealStory, type StoryInput, type StoryTouchInput, storyText } from './story-model.js';

const touch = (iso: string, overrides: Partial<StoryTouchInput> = {}): StoryTouchInput => ({
  at: new Date(iso),
  kind: 'marketing',
  type: 'webinar_attended',
  channel: 'webinar',
  campaignId: 'cmp-1',
  url: null,
  campaignName: 'Fixing the MQL handoff',
  outcome: null,
  subject: null,
  userRole: null,
  userName: null,
  ...overrides,
});
const call = (iso: string) =>
  touch(iso, {
    kind: 'sales',
    type: 'call',
    channel: 'sales',
    campaignId: null,
    campaignName: null,
    outcome: 'meeting_booked',
    userRole: 'sdr',
    userName: 'Ava Chen',
  });

function input(overrides: Partial<StoryInput>): StoryInput {
  return {
    opportunityId: 'opp-1',
    name: 'Acme — Growth plan',
    company: 'Acme',
    amount: { cents: 2_500_000, currency: 'USD' },
    source: null,
    createdAt: new Date('2026-03-10T10:00:00Z'),
    closedAt: new Date('2026-04-20T09:00:00Z'),
    outcome: 'won',
    closeReason: 'Signed',
    competitor: null,
    winningFactor: 'Speed to lead',
    sqlAt: null,
    touches: [],
    timeZone: 'UTC',
    ...overrides,
  };
}

describe('dealStory', () => {
  it('measures the cycle from the SQL when there is one, and drops touches after the close', () => {
    const story = dealStory(
      input({
        sqlAt: new Date('2026-03-01T10:00:00Z'),
        touches: [
          touch('2026-02-20T10:00:00Z'),
          call('2026-03-02T10:00:00Z'),
          touch('2026-05-01T10:00:00Z', {
            type: 'email_click',
            channel: 'email',
            campaignName: null,
            campaignId: null,
          }),
        ],
      }),
    );
    // Mar 1 10:00 to Apr 20 09:00 is 49 days 23 hours: 49 whole days.
    expect(story).toMatchObject({ salesCycleDays: 49, cycleStart: 'sql', closedOn: '2026-04-20' });
    expect(story.marketingTouchpoints.map((t) => t.description)).toEqual([
      'Attended webinar (Fixing the MQL handoff)',
    ]);
    expect(story.salesTouchpoints.map((t) => t.description)).toEqual(['SDR call: meeting booked (Ava Chen)']);
    expect(story.leadSource).toMatchObject({
      sourcedBy: 'marketing',
      date: '2026-02-20',
      channel: 'webinar',
    });
    expect(storyText(story)).toContain(
      'SALES CYCLE: 49 days\nLEAD SOURCE: Marketing: Attended webinar (Fixing the MQL handoff) (2026-02-20)',
    );
  });

  it('reads a DQ code at the start of a loss reason, and keeps a plain reason as notes', () => {
    const coded = dealStory(
      input({
        outcome: 'lost',
        closeReason: 'DQ-01: budget moved to 2027',
        competitor: null,
        touches: [call('2026-03-01T00:00:00Z')],
      }),
    );
    // Without an SQL the cycle runs from the opportunity: Mar 10 10:00 to Apr 20 09:00 = 40 days.
    expect(coded).toMatchObject({
      salesCycleDays: 40,
      cycleStart: 'opportunity_created',
      disqualificationReason: { code: 'DQ-01', reason: 'No budget', notes: 'budget moved to 2027' },
      winningFactor: null,
      leadSource: { sourcedBy: 'sales' },
    });
    const text = storyText(coded);
    expect(text).toContain(
      'DISQUALIFICATION REASON: DQ-01 No budget: budget moved to 2027\nCOMPETITOR: none recorded',
    );
    expect(text).not.toContain('WINNING FACTOR');
    const plain = dealStory(
      input({ outcome: 'lost', closeReason: 'Chose competitor', competitor: 'HubSpot' }),
    );
    expect(plain.disqualificationReason).toEqual({ code: null, reason: null, notes: 'Chose competitor' });
    expect(storyText(plain)).toContain('MARKETING TOUCHPOINTS:\n  - none\nSALES TOUCHPOINTS:\n  - none');
    expect(storyText(plain)).toContain('LEAD SOURCE: Sales: opportunity source not recorded');
  });

  it('dates touches in the time zone of the story', () => {
    const story = dealStory(
      input({ timeZone: 'America/Los_Angeles', touches: [touch('2026-03-02T05:00:00Z')] }),
    );
    // 05:00 UTC on Mar 2 is still Mar 1 in Los Angeles.
    expect(story.marketingTouchpoints[0]!.date).toBe('2026-03-01');
  });
});
