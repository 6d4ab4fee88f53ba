import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/index.js';
import { DEFAULT_AGREEMENT } from './defaults.js';
import { renderSlaDocument } from './sla-document.js';
import { parseAgreementYaml, toYaml, validateAgreementYaml } from './yaml.js';

describe('agreement YAML', () => {
  it('round-trips the default document exactly, under a header comment', () => {
    const text = toYaml(DEFAULT_AGREEMENT, { version: 1, status: 'active' });
    expect(
      text.startsWith('# Servio Align: the agreement between Marketing and Sales (version 1, active).'),
    ).toBe(true);
    expect(text).toContain('\\b[aes]?vp\\b');
    expect(parseAgreementYaml(text)).toEqual(DEFAULT_AGREEMENT);
  });

  it('reports a syntax error with its line and column', () => {
    const result = validateAgreementYaml('name: ok\nfunnel:\n  tqlEnabled: true\n  tqlEnabled: false\n');
    expect(result.valid).toBe(false);
    expect(result.errors[0]?.message).toMatch(/^YAML syntax error at line 4, column 3: /);
  });

  it('reports each bad field with its path and the line it is on', () => {
    const text = toYaml(DEFAULT_AGREEMENT).replace('threshold: 50', 'threshold: -3');
    const line = text.split('\n').findIndex((l) => l.includes('threshold: -3')) + 1;
    expect(validateAgreementYaml(text).errors).toEqual([
      { path: '/scoring/threshold', message: `must be >= 1 (line ${line})` },
    ]);
    expect(() => parseAgreementYaml(text)).toThrow(ValidationError);
  });

  it('places a missing property at its parent', () => {
    const text = toYaml(DEFAULT_AGREEMENT).replace('  tqlEnabled: true\n', '');
    expect(validateAgreementYaml(text).errors).toEqual([
      { path: '/funnel/tqlEnabled', message: 'is required (line 7)' },
    ]);
  });

  it('refuses an empty file as not a document', () => {
    expect(validateAgreementYaml('').errors[0]).toMatchObject({
      path: '',
      message: expect.stringMatching(/^must be an object/),
    });
  });
});

describe('renderSlaDocument', () => {
  const version = {
    version: 1,
    status: 'active' as const,
    summary: '',
    proposedBy: { type: 'system', id: null, name: 'servio' },
    proposedAt: new Date('2026-01-05T09:00:00Z'),
    approvals: { marketing: null, sales: null },
    rejection: null,
    effectiveAt: new Date('2026-01-05T09:00:00Z'),
    document: DEFAULT_AGREEMENT,
  };

  it("renders the seed's tables: scoring with points, threshold, DQ codes, re-queue rules, transitions", () => {
    const markdown = renderSlaDocument(version);
    expect(markdown).toContain('# Sales-Marketing Service Level Agreement');
    expect(markdown).toContain(
      '| Demographic fit | Title matches ICP: VP, Director, C-suite in target function | +20 |',
    );
    expect(markdown).toContain('| Behavioral signal | Demo request: submitted demo/trial form | +25 |');
    expect(markdown).toContain('| +10 each |');
    expect(markdown).toContain(
      '| Negative signal | Competitor employee: works at a known competitor | -50 |',
    );
    expect(markdown).toContain(
      '| Negative signal | No engagement in 30 days: score decay for inactivity | -5 per week |',
    );
    expect(markdown).toContain(
      '**MQL threshold:** 50 points (target: 60% of MQLs accepted by sales as SQLs).',
    );
    expect(markdown).toContain('| DQ-07 | Too small / not ICP | Adjust scoring; consider self-serve path |');
    expect(markdown).toContain(
      '| Lead is qualified but wrong persona | Route to correct sales team/segment |',
    );
    expect(markdown).toContain('| mql | sql | Sales rep accepts and makes first contact |');
  });

  it('leaves the TQL step out when the agreement turns it off', () => {
    const markdown = renderSlaDocument({
      ...version,
      document: { ...DEFAULT_AGREEMENT, funnel: { tqlEnabled: false, mqlToSqlAcceptanceTarget: 0.6 } },
    });
    expect(markdown).not.toContain('| tql |');
    expect(markdown).not.toContain('TQL (Telequalified Lead)');
  });
});
