import { describe, expect, it } from 'vitest';
import { parseEvent } from './model.js';

const NOW = new Date('2026-01-05T09:00:00Z');

describe('parseEvent', () => {
  it('accepts a known type and a custom snake_case type', () => {
    expect(parseEvent({ eventId: 'a', type: 'form_submit', email: 'A@B.co' }, 0, NOW).event?.email).toBe(
      'a@b.co',
    );
    expect(parseEvent({ eventId: 'a', type: 'trial_started', visitorId: 'v' }, 0, NOW).event?.type).toBe(
      'trial_started',
    );
  });

  it('defaults the time to now and refuses times far in the future', () => {
    expect(parseEvent({ eventId: 'a', type: 'page_view', visitorId: 'v' }, 0, NOW).event?.occurredAt).toEqual(
      NOW,
    );
    const { issues } = parseEvent(
      { eventId: 'a', type: 'page_view', visitorId: 'v', occurredAt: '2026-01-07T09:00:00Z' },
      3,
      NOW,
    );
    expect(issues).toEqual([{ path: '/events/3/occurredAt', message: 'is more than a day in the future' }]);
  });

  it('names every bad field with its index in the batch', () => {
    const { issues } = parseEvent(
      { type: 7, visitorId: 'v', extra: true, person: { employees: -1 } },
      12,
      NOW,
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      '/events/12/eventId',
      '/events/12/extra',
      '/events/12/person/employees',
      '/events/12/type',
    ]);
  });

  it('requires someone the touchpoint belongs to', () => {
    expect(parseEvent({ eventId: 'a', type: 'page_view' }, 0, NOW).issues[0]?.message).toMatch(
      /email, a visitorId or a personId/,
    );
  });
});
