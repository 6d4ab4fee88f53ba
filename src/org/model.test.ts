import { describe, expect, it } from 'vitest';
import { isAvailable, normalizeUserFields, wouldCycle } from './model.js';

describe('wouldCycle', () => {
  const managers = new Map<string, string | null>([
    ['ceo', null],
    ['vp', 'ceo'],
    ['manager', 'vp'],
    ['rep', 'manager'],
  ]);

  it('refuses to make someone managed by a person in their own reporting line', () => {
    expect(wouldCycle('vp', 'rep', managers)).toBe(true);
    expect(wouldCycle('ceo', 'manager', managers)).toBe(true);
  });

  it('accepts a manager from another branch or above', () => {
    expect(wouldCycle('rep', 'ceo', managers)).toBe(false);
    expect(wouldCycle('rep', 'newcomer', managers)).toBe(false);
  });

  it('stops on a loop already in the data instead of spinning', () => {
    const broken = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
    ]);
    expect(wouldCycle('x', 'a', broken)).toBe(false);
  });
});

describe('isAvailable', () => {
  const now = new Date('2026-01-05T09:00:00Z');

  it('is false for a deactivated user or one out of office until later', () => {
    expect(isAvailable({ active: false, outOfOfficeUntil: null }, now)).toBe(false);
    expect(isAvailable({ active: true, outOfOfficeUntil: new Date('2026-01-06T00:00:00Z') }, now)).toBe(
      false,
    );
  });

  it('is true once the out-of-office period has ended', () => {
    expect(isAvailable({ active: true, outOfOfficeUntil: new Date('2026-01-05T08:59:59Z') }, now)).toBe(true);
    expect(isAvailable({ active: true, outOfOfficeUntil: null }, now)).toBe(true);
  });
});

describe('normalizeUserFields', () => {
  it('lower-cases the email, trims text and turns blank optional text into null', () => {
    const { value, issues } = normalizeUserFields({
      email: ' Ann@Servio.TEST ',
      name: ' Ann ',
      segment: '  ',
      territory: ' emea ',
    });
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ email: 'ann@servio.test', name: 'Ann', segment: null, territory: 'emea' });
  });

  it('reports every broken rule with its path', () => {
    const { issues } = normalizeUserFields({
      email: 'not-an-email',
      name: ' ',
      role: 'ceo',
      timeZone: 'Europe/Atlantis',
      capacityPerDay: -1,
      routingWeight: 1.5,
    });
    expect(issues.map((i) => i.path)).toEqual([
      '/email',
      '/name',
      '/role',
      '/timeZone',
      '/capacityPerDay',
      '/routingWeight',
    ]);
  });
});
