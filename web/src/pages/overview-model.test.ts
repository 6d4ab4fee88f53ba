import { describe, expect, it } from 'vitest';
import type { ComplianceRow, Conversion } from '../types.ts';
import { funnelStages, funnelSummary, slaScore } from './overview-model.ts';

const step = (from: string, to: string, entered: number, converted: number): Conversion => ({
  from,
  to,
  entered,
  converted,
  rate: entered ? converted / entered : null,
  medianMs: null,
});

describe('funnelStages', () => {
  it('counts who entered each stage, then the customers the opportunity cohort became', () => {
    const stages = funnelStages([
      step('lead', 'mql', 121, 53),
      step('mql', 'sql', 57, 25),
      step('sql', 'opportunity', 31, 14),
      step('opportunity', 'customer', 14, 2),
    ]);
    expect(stages).toEqual([
      { label: 'Lead', count: 121 },
      { label: 'MQL', count: 57 },
      { label: 'SQL', count: 31 },
      { label: 'Opportunity', count: 14 },
      { label: 'Customer', count: 2 },
    ]);
    expect(funnelSummary(stages)).toBe('Lead: 121, MQL: 57, SQL: 31, Opportunity: 14, Customer: 2');
  });
});

describe('slaScore', () => {
  it('counts met rows among those that could be measured', () => {
    const row = (met: boolean | null) => ({ met }) as ComplianceRow;
    expect(slaScore([row(true), row(false), row(null), row(true)])).toEqual({ met: 2, measured: 3 });
  });
});
