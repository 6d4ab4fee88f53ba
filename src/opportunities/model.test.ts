import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../core/index.js';
import { closeOpportunity, normalizeOpportunityFields } from './model.js';

const now = new Date('2026-01-05T09:00:00Z');
const open = { id: 'opp_1', outcome: null };

describe('closeOpportunity', () => {
  it('closes a win now, with the optional competitor and winning factor', () => {
    expect(
      closeOpportunity(open, { outcome: 'won', competitor: ' Acme ', winningFactor: 'integrations' }, now),
    ).toEqual({
      stage: 'closed_won',
      outcome: 'won',
      closedAt: now,
      closeReason: null,
      competitor: 'Acme',
      winningFactor: 'integrations',
    });
  });

  it('requires the reason of a loss, naming /reason', () => {
    for (const reason of [undefined, null, '   ']) {
      try {
        closeOpportunity(open, { outcome: 'lost', reason }, now);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['/reason']);
      }
    }
    expect(closeOpportunity(open, { outcome: 'lost', reason: 'price' }, now)).toMatchObject({
      stage: 'closed_lost',
      closeReason: 'price',
    });
  });

  it('takes a past close time but not a future one', () => {
    expect(
      closeOpportunity(open, { outcome: 'won', closedAt: '2026-01-02T10:00:00Z' }, now).closedAt,
    ).toEqual(new Date('2026-01-02T10:00:00Z'));
    expect(() => closeOpportunity(open, { outcome: 'won', closedAt: '2026-01-06T00:00:00Z' }, now)).toThrow(
      ValidationError,
    );
  });

  it('closes a deal once: a second close is a conflict', () => {
    expect(() =>
      closeOpportunity({ id: 'opp_1', outcome: 'won' }, { outcome: 'lost', reason: 'x' }, now),
    ).toThrow(ConflictError);
  });
});

describe('normalizeOpportunityFields', () => {
  it('sends a closed stage to the close endpoint and checks money and the close date', () => {
    const { issues } = normalizeOpportunityFields({
      stage: 'closed_won',
      amount: { cents: -1, currency: 'US' },
      closeDate: '2026-02-30',
    });
    expect(issues.map((i) => i.path)).toEqual(['/stage', '/amount/cents', '/amount/currency', '/closeDate']);
    expect(issues[0]?.message).toContain('/close');
  });
});
