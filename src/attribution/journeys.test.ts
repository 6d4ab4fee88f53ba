import { describe, expect, it } from 'vitest';
import { assembleJourneys, type JourneyRows } from './journeys.js';

const at = (day: number) => new Date(Date.UTC(2026, 2, day, 10));
const t = (id: number, personId: string, day: number, channel: string) => ({
  id: String(id),
  personId,
  accountId: null,
  channel,
  campaignId: null,
  at: at(day),
});

const rows = (overrides: Partial<JourneyRows>): JourneyRows => ({
  level: 'person',
  kind: 'won',
  converted: [],
  unconverted: [],
  touches: [],
  contacts: new Map(),
  moments: [],
  opportunities: [],
  ...overrides,
});

describe('assembleJourneys', () => {
  it('ends a journey at its conversion, marks stages and takes the won amount as value', () => {
    const [journey] = assembleJourneys(
      rows({
        converted: [{ personId: 'p', accountId: null, at: at(20) }],
        touches: [
          t(1, 'p', 1, 'email'),
          t(2, 'p', 5, 'webinar'),
          t(3, 'p', 12, 'paid'),
          t(4, 'p', 25, 'late'),
        ],
        moments: [
          { personId: 'p', stage: 'lead', at: at(6) },
          { personId: 'p', stage: 'opportunity', at: at(12) },
          { personId: 'p', stage: 'customer', at: at(20) },
        ],
        opportunities: [
          { personId: 'p', amountCents: 900_00, createdAt: at(2), outcome: 'lost', closedAt: at(3) },
          { personId: 'p', amountCents: 2_500_000, createdAt: at(12), outcome: 'won', closedAt: at(20) },
        ],
      }),
    );
    expect(journey!.touches.map((x) => [x.channel, x.stages ?? []])).toEqual([
      ['email', []],
      ['webinar', ['lead_creation']],
      ['paid', ['opportunity_creation', 'closed_won']],
    ]);
    expect(journey).toMatchObject({ conversions: 1, value: 25_000, nulls: 0, endedAt: at(20) });
  });

  it('makes one journey per account, from its first conversion, over every contact', () => {
    const journeys = assembleJourneys(
      rows({
        level: 'account',
        kind: 'mql',
        converted: [
          { personId: 'a1', accountId: 'acc', at: at(9) },
          { personId: 'a2', accountId: 'acc', at: at(4) },
        ],
        unconverted: [{ personId: 'a3', accountId: 'acc', at: at(30) }],
        touches: [t(1, 'a1', 1, 'email'), t(2, 'a2', 3, 'ads'), t(3, 'a1', 8, 'webinar')],
        contacts: new Map([
          ['a1', 'acc'],
          ['a2', 'acc'],
          ['a3', 'acc'],
        ]),
      }),
    );
    // The account converted on day 4: touches of a1 and a2 until then; no null journey for a3.
    expect(journeys).toHaveLength(1);
    expect(journeys[0]!.touches.map((x) => x.channel)).toEqual(['email', 'ads']);
    expect(journeys[0]!.value).toBe(0);
  });
});
