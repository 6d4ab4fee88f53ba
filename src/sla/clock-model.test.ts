import { describe, expect, it } from 'vitest';
import { HOUR } from '../core/index.js';
import { escalationsDue, firstAtOrAfter, meaning } from './clock-model.js';

const at = new Date('2026-01-05T09:00:00Z');

describe('meaning', () => {
  it('starts the MQL clocks on the MQL move and the owner clocks on routing', () => {
    expect(meaning({ kind: 'stage', personId: 'p', at, from: 'lead', to: 'mql' })).toEqual({
      starts: ['mql'],
      stops: [],
    });
    expect(meaning({ kind: 'routed', personId: 'p', at, ownerUserId: 'u', trigger: 'mql' })).toEqual({
      starts: ['routed'],
      stops: ['routed'],
    });
  });
  it('counts an answer (accept, disqualify, recycle) as the disposition and as the first contact', () => {
    expect(meaning({ kind: 'stage', personId: 'p', at, from: 'tql', to: 'sql' })).toEqual({
      starts: ['sql'],
      stops: ['dispositioned', 'first_touch'],
    });
    expect(meaning({ kind: 'stage', personId: 'p', at, from: 'mql', to: 'nurture' }).stops).toEqual([
      'dispositioned',
      'first_touch',
      'routed',
    ]);
    expect(meaning({ kind: 'stage', personId: 'p', at, from: 'sql', to: 'opportunity' })).toEqual({
      starts: [],
      stops: ['opportunity'],
    });
  });
});

describe('escalationsDue', () => {
  const steps = [
    { afterHours: 48, to: 'vp' as const },
    { afterHours: 24, to: 'team_lead' as const },
  ];
  it('sends each step once, in order of its hour, and all that are due after downtime', () => {
    expect(escalationsDue(steps, at, 0, new Date(at.getTime() + 23 * HOUR))).toEqual([]);
    expect(escalationsDue(steps, at, 0, new Date(at.getTime() + 24 * HOUR)).map((e) => e.step.to)).toEqual([
      'team_lead',
    ]);
    expect(escalationsDue(steps, at, 1, new Date(at.getTime() + 30 * HOUR))).toEqual([]);
    expect(escalationsDue(steps, at, 0, new Date(at.getTime() + 72 * HOUR)).map((e) => e.level)).toEqual([
      1, 2,
    ]);
    expect(escalationsDue(steps, at, 2, new Date(at.getTime() + 72 * HOUR))).toEqual([]);
  });
});

describe('firstAtOrAfter', () => {
  it('takes the first stop at or after the start, none before it', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 9, 5, h));
    const stops = [at(8), at(10), at(12)];
    expect(firstAtOrAfter(stops, at(9))).toEqual(at(10));
    expect(firstAtOrAfter(stops, at(10))).toEqual(at(10));
    expect(firstAtOrAfter(stops, at(13))).toBeNull();
    expect(firstAtOrAfter(undefined, at(9))).toBeNull();
  });
});
