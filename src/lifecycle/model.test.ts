import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../core/index.js';
import { type Actor, checkTransition, DQ_CODES, STAGES, TRANSITIONS } from './model.js';
import { conversion, stageSpans, type StageChange } from './history.js';

describe('checkTransition', () => {
  it('lets the automation qualify a lead and sales accept an MQL', () => {
    expect(checkTransition({ from: 'lead', to: 'mql', actor: 'system' }).to).toBe('mql');
    expect(checkTransition({ from: 'mql', to: 'sql', actor: 'sales_rep' }).to).toBe('sql');
  });

  it('refuses a move the table does not list with a conflict naming both stages', () => {
    expect(() => checkTransition({ from: 'lead', to: 'customer', actor: 'admin' })).toThrow(ConflictError);
    expect(() => checkTransition({ from: 'lead', to: 'customer', actor: 'admin' })).toThrow(
      /lead to customer/,
    );
  });

  it('refuses marketing accepting on behalf of sales', () => {
    expect(() => checkTransition({ from: 'mql', to: 'sql', actor: 'marketing' })).toThrow(ForbiddenError);
  });

  it('requires one of the seed DQ codes to disqualify (seed 001: reason code required for every rejected MQL)', () => {
    expect(() => checkTransition({ from: 'mql', to: 'disqualified', actor: 'sales_rep' })).toThrow(
      ValidationError,
    );
    expect(() =>
      checkTransition({ from: 'mql', to: 'disqualified', actor: 'sales_rep', reasonCode: 'DQ-99' }),
    ).toThrow(ValidationError);
    expect(
      checkTransition({ from: 'mql', to: 'disqualified', actor: 'sales_rep', reasonCode: 'DQ-05' }).to,
    ).toBe('disqualified');
  });

  it('lets only the agreement owners reopen a disqualified person', () => {
    expect(() =>
      checkTransition({ from: 'disqualified', to: 'lead', actor: 'sales_manager', reason: 'x' }),
    ).toThrow(ForbiddenError);
    expect(
      checkTransition({ from: 'disqualified', to: 'lead', actor: 'revops', reason: 'came back' }).to,
    ).toBe('lead');
  });

  it('drops the TQL step when the agreement disables it', () => {
    expect(() =>
      checkTransition({ from: 'mql', to: 'tql', actor: 'sales_rep' }, { tqlEnabled: false }),
    ).toThrow(ConflictError);
  });

  it('accepts exactly the moves of the table, for every pair of stages and every actor', () => {
    const actors: Actor[] = ['system', 'admin', 'revops', 'marketing', 'sales_manager', 'sales_rep'];
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        fc.constantFrom(...STAGES),
        fc.constantFrom(...actors),
        (from, to, actor) => {
          const rule = TRANSITIONS.find((r) => r.from === from && r.to === to);
          try {
            checkTransition({ from, to, actor, reason: 'because', reasonCode: 'DQ-01' });
            return (
              rule !== undefined && (actor === 'admin' || actor === 'revops' || rule.actors.includes(actor))
            );
          } catch (error) {
            if (!rule) return error instanceof ConflictError;
            return error instanceof ForbiddenError;
          }
        },
      ),
    );
  });

  it('has the seven DQ codes of the seed', () => {
    expect(Object.keys(DQ_CODES)).toEqual(['DQ-01', 'DQ-02', 'DQ-03', 'DQ-04', 'DQ-05', 'DQ-06', 'DQ-07']);
    expect(DQ_CODES['DQ-04']).toEqual({
      reason: 'Bad timing (> 6 months)',
      marketingAction: 'Long-term nurture sequence',
    });
  });
});

const change = (
  personId: string,
  to: StageChange['to'],
  at: string,
  from: StageChange['from'] = null,
): StageChange => ({
  personId,
  from,
  to,
  at: new Date(at),
  actorType: 'system',
  actorId: null,
  reason: null,
  reasonCode: null,
});

describe('stage history', () => {
  it('gives the time spent in each stage, the current one up to now', () => {
    const spans = stageSpans(
      [change('p', 'lead', '2026-01-05T09:00:00Z'), change('p', 'mql', '2026-01-05T11:00:00Z', 'lead')],
      new Date('2026-01-05T12:00:00Z'),
    );
    expect(spans.map((s) => [s.stage, s.durationMs / 3_600_000])).toEqual([
      ['lead', 2],
      ['mql', 1],
    ]);
  });

  it('computes conversion of a cohort and the median time to convert', () => {
    const history = [
      change('a', 'mql', '2026-01-05T09:00:00Z'),
      change('a', 'sql', '2026-01-05T10:00:00Z', 'mql'),
      change('b', 'mql', '2026-01-06T09:00:00Z'),
      change('b', 'sql', '2026-01-06T12:00:00Z', 'mql'),
      change('c', 'mql', '2026-01-07T09:00:00Z'),
      change('c', 'disqualified', '2026-01-07T10:00:00Z', 'mql'),
      change('d', 'mql', '2026-02-01T09:00:00Z'), // outside the window
    ];
    const result = conversion(
      history,
      'mql',
      'sql',
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-01-31T00:00:00Z'),
    );
    expect(result).toMatchObject({ entered: 3, converted: 2, medianMs: 2 * 3_600_000 });
    expect(result.rate).toBeCloseTo(2 / 3);
  });
});
