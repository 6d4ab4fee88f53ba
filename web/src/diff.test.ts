import { describe, expect, it } from 'vitest';
import { diffDocuments } from './diff.ts';

describe('diffDocuments', () => {
  const current = {
    scoring: {
      threshold: 50,
      rules: [
        { id: 'title', points: 20 },
        { id: 'size', points: 15 },
      ],
    },
    disqualificationCodes: [{ code: 'DQ-01', reason: 'No budget' }],
    targets: { winRate: 0.25 },
  };

  it('finds nothing between equal documents', () => {
    expect(diffDocuments(current, structuredClone(current))).toEqual([]);
  });

  it('names the path of each changed value, matching rules by id and codes by code', () => {
    const proposed = structuredClone(current);
    proposed.scoring.threshold = 55;
    proposed.scoring.rules = [
      { id: 'size', points: 15 },
      { id: 'title', points: 25 },
    ];
    proposed.disqualificationCodes.push({ code: 'DQ-09', reason: 'Student' });
    expect(diffDocuments(current, proposed)).toEqual([
      { path: '/scoring/threshold', before: 50, after: 55 },
      { path: '/scoring/rules[title]/points', before: 20, after: 25 },
      {
        path: '/disqualificationCodes[DQ-09]',
        before: undefined,
        after: { code: 'DQ-09', reason: 'Student' },
      },
    ]);
  });

  it('reports a removed section', () => {
    const { targets: _removed, ...rest } = current;
    expect(diffDocuments(current, rest)).toEqual([
      { path: '/targets', before: { winRate: 0.25 }, after: undefined },
    ]);
  });
});
