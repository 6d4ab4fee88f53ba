import { describe, expect, it } from 'vitest';
import { isCalendarDay } from '../core/index.js';
import { checkDates, normalizeCampaignFields, runsOn } from './model.js';

describe('campaign dates', () => {
  it('refuses an end before the start and accepts a one-day campaign', () => {
    expect(checkDates('2026-03-10', '2026-03-09')).toEqual({
      path: '/endsOn',
      message: expect.stringContaining('2026-03-10'),
    });
    expect(checkDates('2026-03-10', '2026-03-10')).toBeUndefined();
    expect(checkDates(null, '2026-03-10')).toBeUndefined();
  });

  it('counts a campaign as running on its first and last day, open ends included', () => {
    const march = { startsOn: '2026-03-01', endsOn: '2026-03-31' };
    expect(runsOn(march, '2026-03-01')).toBe(true);
    expect(runsOn(march, '2026-03-31')).toBe(true);
    expect(runsOn(march, '2026-04-01')).toBe(false);
    expect(runsOn({ startsOn: null, endsOn: null }, '1999-01-01')).toBe(true);
  });

  it('knows real calendar days', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-3-1')).toBe(false);
  });
});

describe('normalizeCampaignFields', () => {
  it('refuses fractional cents, a lower-case currency, an unknown channel and a bad day', () => {
    const { issues } = normalizeCampaignFields({
      channel: 'tv',
      cost: { cents: 10.5, currency: 'usd' },
      startsOn: '2026-13-01',
    });
    expect(issues.map((i) => i.path)).toEqual(['/channel', '/cost/cents', '/cost/currency', '/startsOn']);
  });

  it('trims the name and turns a blank external id into null', () => {
    expect(normalizeCampaignFields({ name: '  Q1 webinar ', externalId: ' ' }).value).toEqual({
      name: 'Q1 webinar',
      externalId: null,
    });
  });
});
