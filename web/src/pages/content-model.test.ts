import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssetEffectiveness, ContentRequest, Message, RequestType } from '../content-types.ts';
import {
  clockState,
  effectivenessSeries,
  libraryQuery,
  messagingView,
  NO_FILTER,
  queueOrder,
  requestBody,
  scopeText,
  staleText,
} from './content-model.ts';

const DAY = 86_400_000;

describe('libraryQuery', () => {
  it('asks the API for the filters given, trimmed, and leaves the blank ones out', () => {
    expect(libraryQuery({ stage: 'mql', persona: ' Director ', type: '', text: '  roi  ' })).toEqual({
      stage: 'mql',
      persona: 'Director',
      type: undefined,
      q: 'roi',
      limit: 100,
    });
    expect(libraryQuery(NO_FILTER, 20)).toEqual({
      stage: undefined,
      persona: undefined,
      type: undefined,
      q: undefined,
      limit: 20,
    });
  });
});

describe('staleText', () => {
  it('says why an asset is stale', () => {
    expect(staleText({ code: 'expired', since: '2026-01-31' })).toBe('expired on 2026-01-31');
    expect(staleText({ code: 'review_overdue', since: '2026-02-01' })).toBe('review due 2026-02-01');
    expect(staleText({ code: 'unused', lastUsedAt: '2025-10-02T10:00:00Z' })).toBe(
      'not sent since 2025-10-02',
    );
    expect(staleText({ code: 'unused', lastUsedAt: null })).toBe('never sent in 90 days');
  });
});

const eff = (over: Partial<AssetEffectiveness>): AssetEffectiveness => ({
  assetId: 'ast',
  title: 'Asset',
  type: 'ebook',
  sends: 1,
  lastSentAt: null,
  influencedOpportunities: 0,
  wonOpportunities: 0,
  wonRevenue: [],
  ...over,
});

describe('effectivenessSeries', () => {
  it('charts the currency most revenue is in, best first, in major units', () => {
    const series = effectivenessSeries([
      eff({
        assetId: 'a',
        title: 'A',
        influencedOpportunities: 3,
        wonRevenue: [{ cents: 500_000, currency: 'USD' }],
      }),
      eff({
        assetId: 'b',
        title: 'B',
        influencedOpportunities: 1,
        wonRevenue: [
          { cents: 100_000, currency: 'EUR' },
          { cents: 2_000_000, currency: 'USD' },
        ],
      }),
      eff({ assetId: 'c', title: 'C', influencedOpportunities: 2 }),
    ]);
    expect(series).toMatchObject({
      currency: 'USD',
      titles: ['B', 'A', 'C'],
      influenced: [1, 3, 2],
      won: [20_000, 5_000, 0],
    });
    expect(series.summary).toContain('A: 3 influenced opportunities, $5,000 won');
    expect(series.summary).toContain('B: 1 influenced opportunity');
  });

  it('says so when nothing was sent, and never charts more than the limit', () => {
    expect(effectivenessSeries([]).summary).toBe('No asset has been sent yet.');
    fc.assert(
      fc.property(
        fc.array(fc.nat(5), { maxLength: 30 }),
        fc.integer({ min: 1, max: 12 }),
        (counts, limit) => {
          const s = effectivenessSeries(
            counts.map((n, i) => eff({ assetId: `a${i}`, title: `T${i}`, influencedOpportunities: n })),
            limit,
          );
          expect(s.titles.length).toBe(Math.min(limit, counts.length));
          expect(s.influenced.length).toBe(s.titles.length);
        },
      ),
    );
  });
});

const request = (over: Partial<ContentRequest>): ContentRequest => ({
  id: 'crq',
  type: 'objection_handling',
  title: 'x',
  details: null,
  requesterUserId: 'usr',
  ownerUserId: null,
  status: 'open',
  persona: null,
  competitor: null,
  anchorOn: null,
  requestedAt: '2026-04-01T09:00:00Z',
  targetAt: '2026-04-11T09:00:00Z',
  dueAt: '2026-04-11T09:00:00Z',
  assetId: null,
  deliveredAt: null,
  declineReason: null,
  ...over,
});

describe('clockState', () => {
  const start = Date.parse('2026-04-01T09:00:00Z');
  it('is on track early, at risk in the last fifth, breached past due', () => {
    expect(clockState(request({}), start + DAY)).toBe('on_track');
    expect(clockState(request({}), start + 9 * DAY)).toBe('at_risk');
    expect(clockState(request({}), start + 11 * DAY)).toBe('breached');
  });
  it('is at risk past the start of a range target, before the due', () => {
    const range = request({ targetAt: '2026-04-22T09:00:00Z', dueAt: '2026-04-29T09:00:00Z' });
    expect(clockState(range, start + 20 * DAY)).toBe('on_track');
    expect(clockState(range, start + 22 * DAY)).toBe('at_risk');
  });
  it('judges a delivered request by its delivery, whatever the time now', () => {
    const late = Date.parse('2026-05-01T00:00:00Z');
    expect(clockState(request({ status: 'delivered', deliveredAt: '2026-04-10T09:00:00Z' }), late)).toBe(
      'delivered_on_time',
    );
    expect(clockState(request({ status: 'delivered', deliveredAt: '2026-04-12T09:00:00Z' }), late)).toBe(
      'delivered_late',
    );
    expect(clockState(request({ status: 'declined' }), late)).toBe('declined');
  });
  it('never calls an open request past its due anything but breached', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * DAY }), (after) => {
        expect(
          clockState(request({ status: 'in_progress' }), Date.parse('2026-04-11T09:00:00Z') + after),
        ).toBe('breached');
      }),
    );
  });
});

describe('queueOrder', () => {
  it('puts open work first by due, then the finished by most recent request', () => {
    const rows = [
      request({ id: 'done-old', status: 'delivered', requestedAt: '2026-03-01T00:00:00Z' }),
      request({ id: 'late-due', dueAt: '2026-04-20T00:00:00Z' }),
      request({ id: 'done-new', status: 'declined', requestedAt: '2026-03-05T00:00:00Z' }),
      request({ id: 'soon-due', status: 'in_progress', dueAt: '2026-04-05T00:00:00Z' }),
    ];
    expect(queueOrder(rows).map((r) => r.id)).toEqual(['soon-due', 'late-due', 'done-new', 'done-old']);
  });
});

const message = (over: Partial<Message>): Message => ({
  id: 'msg',
  kind: 'value_proposition',
  title: 't',
  persona: null,
  segment: null,
  stage: null,
  competitor: null,
  body: {},
  version: 1,
  reviewedOn: null,
  archivedAt: null,
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('messagingView', () => {
  it('groups by kind, leaves archived items out and orders battlecards by competitor', () => {
    const view = messagingView([
      message({ id: 'b2', kind: 'battlecard', competitor: 'Zed' }),
      message({ id: 'b1', kind: 'battlecard', competitor: 'Acme' }),
      message({ id: 'v2', persona: 'Vice President', segment: 'enterprise' }),
      message({ id: 'v1', persona: 'Director' }),
      message({ id: 'old', archivedAt: '2026-01-02T00:00:00Z' }),
      message({ id: 't', kind: 'talking_points' }),
      message({ id: 'g', kind: 'brand_guideline' }),
    ]);
    expect(view.battlecards.map((m) => m.id)).toEqual(['b1', 'b2']);
    expect(view.valuePropositions.map((m) => m.id)).toEqual(['v1', 'v2']);
    expect(view.talkingPoints.map((m) => m.id)).toEqual(['t']);
    expect(view.brandGuidelines.map((m) => m.id)).toEqual(['g']);
    expect(view.positioning).toEqual([]);
    expect(scopeText(view.valuePropositions[1]!)).toBe('Vice President · enterprise');
    expect(scopeText(message({}))).toBe('everyone');
  });
});

describe('requestBody', () => {
  const type = (anchor: RequestType['anchor']): RequestType => ({
    type: 'x',
    requestType: 'X',
    turnaroundTarget: '1 week',
    format: 'doc',
    anchor,
  });
  const form = {
    type: 'event_support',
    title: ' Summit kit ',
    details: '',
    anchorOn: '2026-06-10',
    persona: ' ',
    competitor: 'Globex',
  };
  it('sends the day only for types counted from a release or an event, and no blanks', () => {
    expect(requestBody(form, type('event'))).toEqual({
      type: 'event_support',
      title: 'Summit kit',
      anchorOn: '2026-06-10',
      competitor: 'Globex',
    });
    expect(requestBody(form, type('requested'))).not.toHaveProperty('anchorOn');
  });
});
