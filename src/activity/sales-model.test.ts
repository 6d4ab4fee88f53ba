import { describe, expect, it } from 'vitest';
import { FUTURE_TOLERANCE_MS, normalizeActivity, outcomeAllowed } from './sales-model.js';

const now = new Date('2026-01-05T09:00:00Z');
const paths = (input: Parameters<typeof normalizeActivity>[0]) =>
  normalizeActivity(input, now).issues.map((i) => i.path);

describe('outcomeAllowed', () => {
  it('accepts each type’s own outcomes and refuses another type’s', () => {
    expect(outcomeAllowed('call', 'voicemail')).toBe(true);
    expect(outcomeAllowed('call', 'meeting_booked')).toBe(true);
    expect(outcomeAllowed('email', 'replied')).toBe(true);
    expect(outcomeAllowed('meeting', 'no_show')).toBe(true);
    expect(outcomeAllowed('email', 'voicemail')).toBe(false);
    expect(outcomeAllowed('meeting', 'connected')).toBe(false);
    expect(outcomeAllowed('call', 'conected')).toBe(false);
  });

  it('takes any snake_case word for `other`', () => {
    expect(outcomeAllowed('other', 'gift_sent')).toBe(true);
    expect(outcomeAllowed('other', 'Gift sent!')).toBe(false);
  });
});

describe('normalizeActivity', () => {
  it('defaults to an outbound touch now and trims text', () => {
    const { value } = normalizeActivity(
      { type: 'call', personId: ' per_1 ', subject: ' intro ', notes: '' },
      now,
    );
    expect(value).toMatchObject({
      direction: 'outbound',
      occurredAt: now,
      personId: 'per_1',
      subject: 'intro',
      notes: null,
      outcome: null,
    });
  });

  it('names the outcome that does not fit the type', () => {
    expect(paths({ type: 'email', outcome: 'held', personId: 'per_1' })).toEqual(['/outcome']);
  });

  it('allows a clock a little ahead but not a touch in the future', () => {
    const slightlyAhead = new Date(now.getTime() + FUTURE_TOLERANCE_MS);
    expect(paths({ type: 'call', personId: 'per_1', occurredAt: slightlyAhead })).toEqual([]);
    expect(paths({ type: 'call', personId: 'per_1', occurredAt: '2026-01-06T09:00:00Z' })).toEqual([
      '/occurredAt',
    ]);
    expect(paths({ type: 'call', personId: 'per_1', occurredAt: 'yesterday' })).toEqual(['/occurredAt']);
  });

  it('needs someone or something the touch was with, and a sane duration', () => {
    expect(paths({ type: 'meeting' })).toEqual(['/personId']);
    expect(paths({ type: 'meeting', opportunityId: 'opp_1', durationSeconds: -5 })).toEqual([
      '/durationSeconds',
    ]);
    expect(paths({ type: 'fax', direction: 'sideways', accountId: 'acc_1' })).toEqual([
      '/type',
      '/direction',
    ]);
  });
});
