import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerFlag,
  campaignQuality,
  FLAG_KINDS,
  parseFlag,
  rangeBound,
  sourcingCampaign,
} from './flags-model.js';

describe('parseFlag', () => {
  it('flags a lead or a campaign, with medium severity by default', () => {
    expect(parseFlag({ personId: ' per_1 ', kind: 'bad_data' })).toEqual({
      target: { personId: 'per_1' },
      kind: 'bad_data',
      severity: 'medium',
      comment: null,
    });
    expect(
      parseFlag({ campaignId: 'cmp_1', kind: 'spam_fake', severity: 'high', comment: ' bots ' }),
    ).toMatchObject({
      target: { campaignId: 'cmp_1' },
      comment: 'bots',
    });
  });

  it('names every bad field: no target, both targets, an unknown kind, "other" without a comment', () => {
    const issues = (request: Parameters<typeof parseFlag>[0]) => {
      try {
        parseFlag(request);
        return [];
      } catch (error) {
        return (error as { issues: { path: string }[] }).issues.map((i) => i.path);
      }
    };
    expect(issues({ kind: 'bad_data' })).toEqual(['/personId']);
    expect(issues({ personId: 'p', campaignId: 'c', kind: 'bad_data' })).toEqual(['/campaignId']);
    expect(issues({ personId: 'p', kind: 'ugly', severity: 'extreme' })).toEqual(['/kind', '/severity']);
    expect(issues({ personId: 'p', kind: 'other', comment: ' ' })).toEqual(['/comment']);
  });
});

describe('sourcingCampaign', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day));

  it("is the first touch's campaign; when the first touch has none, the latest campaign touch's", () => {
    expect(
      sourcingCampaign([
        { occurredAt: at(3), id: 3, campaignId: 'late' },
        { occurredAt: at(1), id: 1, campaignId: 'first' },
      ]),
    ).toEqual({ campaignId: 'first', via: 'first_touch' });
    expect(
      sourcingCampaign([
        { occurredAt: at(1), id: 1, campaignId: null },
        { occurredAt: at(2), id: 2, campaignId: 'webinar' },
        { occurredAt: at(4), id: 4, campaignId: 'ebook' },
        { occurredAt: at(5), id: 5, campaignId: null },
      ]),
    ).toEqual({ campaignId: 'ebook', via: 'latest_campaign' });
    expect(sourcingCampaign([{ occurredAt: at(1), id: 1, campaignId: null }])).toEqual({
      campaignId: null,
      via: 'none',
    });
    expect(sourcingCampaign([])).toEqual({ campaignId: null, via: 'none' });
  });

  it('does not depend on the order the touches come in, and names a campaign of the touches', () => {
    const touch = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      campaignId: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(touch, { maxLength: 12 }), (raw) => {
        const touches = raw.map((t, i) => ({ occurredAt: at(t.day), id: i, campaignId: t.campaignId }));
        const result = sourcingCampaign(touches);
        expect(sourcingCampaign([...touches].reverse())).toEqual(result);
        const named = touches.filter((t) => t.campaignId).map((t) => t.campaignId);
        expect(result.campaignId === null).toBe(named.length === 0);
        if (result.campaignId) expect(named).toContain(result.campaignId);
      }),
    );
  });
});

describe('answerFlag', () => {
  it('acknowledges, then resolves; a resolved flag stays resolved', () => {
    expect(answerFlag('open', { status: 'acknowledged', response: ' Looking at the form ' })).toEqual({
      status: 'acknowledged',
      response: 'Looking at the form',
    });
    expect(answerFlag('acknowledged', { response: 'Captcha added' }).status).toBe('resolved');
    expect(() => answerFlag('acknowledged', { status: 'acknowledged', response: 'x' })).toThrow(
      expect.objectContaining({ status: 409 }),
    );
    expect(() => answerFlag('resolved', { response: 'x' })).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => answerFlag('open', { response: ' ' })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: '/response' })] }),
    );
  });
});

describe('campaignQuality', () => {
  it("counts flags by kind, most first, and the share of the campaign's leads flagged", () => {
    const q = campaignQuality('cmp_1', 8, [
      { kind: 'bad_data', personId: 'p1', status: 'open' },
      { kind: 'bad_data', personId: 'p2', status: 'resolved' },
      { kind: 'wrong_persona', personId: 'p1', status: 'open' },
      { kind: 'spam_fake', personId: null, status: 'acknowledged' },
    ]);
    expect(q).toEqual({
      campaignId: 'cmp_1',
      leads: 8,
      flaggedLeads: 2,
      flaggedShare: 0.25,
      flags: 4,
      open: 3,
      byKind: [
        { kind: 'bad_data', count: 2 },
        { kind: 'wrong_persona', count: 1 },
        { kind: 'spam_fake', count: 1 },
      ],
    });
    expect(campaignQuality('cmp_2', 0, []).flaggedShare).toBeNull();
  });

  it('counts every flag once and keeps the share between 0 and 1', () => {
    const flag = fc.record({
      kind: fc.constantFrom(...FLAG_KINDS),
      personId: fc.option(fc.constantFrom('p1', 'p2', 'p3', 'p4'), { nil: null }),
      status: fc.constantFrom('open' as const, 'acknowledged' as const, 'resolved' as const),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.array(flag, { maxLength: 20 }), (leads, flags) => {
        const q = campaignQuality('c', leads, flags);
        expect(q.byKind.reduce((sum, k) => sum + k.count, 0)).toBe(flags.length);
        if (q.flaggedShare !== null) expect(q.flaggedShare).toBeGreaterThanOrEqual(0);
        if (q.flaggedShare !== null) expect(q.flaggedShare).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('rangeBound', () => {
  it('reads a day as UTC, a "to" day through its end, and names a bad bound', () => {
    expect(rangeBound('2026-11-02', '/from')?.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(rangeBound('2026-11-08', '/to')?.toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(rangeBound('2026-11-08T10:00:00Z', '/to')?.toISOString()).toBe('2026-11-08T10:00:00.000Z');
    expect(rangeBound(undefined, '/to')).toBeUndefined();
    expect(() => rangeBound('last week', '/from')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: '/from' })] }),
    );
  });
});
