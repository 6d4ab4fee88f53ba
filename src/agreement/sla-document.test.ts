import { describe, expect, it } from 'vitest';
import { DEFAULT_AGREEMENT } from './defaults.js';
import { escapeHtml, toHtml, toMarkdown } from './document-render.js';
import type { AgreementVersion } from './model.js';
import { renderSlaDocument } from './sla-document.js';

const signedVersion: AgreementVersion = {
  version: 2,
  status: 'active',
  summary: 'Plan for Q4 <with> "3x" coverage',
  proposedBy: { type: 'api_key', id: 'key_1', name: 'Maria' },
  proposedAt: new Date('2026-09-20T09:00:00Z'),
  approvals: {
    marketing: { id: 'key_1', name: 'Maria Lopez', at: new Date('2026-09-21T10:00:00Z') },
    sales: { id: 'key_2', name: 'Sam <Sales> & Co', at: new Date('2026-09-22T16:30:00Z') },
  },
  rejection: null,
  effectiveAt: new Date('2026-09-22T16:30:00Z'),
  document: { ...DEFAULT_AGREEMENT, targets: { ...DEFAULT_AGREEMENT.targets, pipelineCoverage: 3 } },
};

describe('renderSlaDocument: the seed\'s "SLA Document Structure"', () => {
  const markdown = renderSlaDocument(signedVersion);

  it('states the effective date, the review cadence and the revenue targets with the required coverage', () => {
    expect(markdown).toContain('**Effective date:** 2026-09-22. **Review cadence:** quarterly.');
    expect(markdown).toContain('- **Revenue goal:** $1,000,000.00 per quarter.');
    expect(markdown).toContain('- **Required pipeline coverage:** 3x (fixed by this agreement).');
    const derived = renderSlaDocument({ ...signedVersion, document: DEFAULT_AGREEMENT });
    expect(derived).toContain('- **Required pipeline coverage:** 4x (1 / the win rate of 25%).');
  });

  it('works back from the revenue target to the MQLs marketing owes, as the seed does', () => {
    expect(markdown).toContain('| Step | Assumption | Per quarter | Per month |');
    expect(markdown).toContain('| Deals needed | average deal size $25,000.00 | 40 | 14 |');
    expect(markdown).toContain('| Opportunities needed | win rate 25% | 160 | 54 |');
    expect(markdown).toContain('| SQLs needed | SQL-to-opportunity rate 50% | 320 | 107 |');
    expect(markdown).toContain('| MQLs needed | MQL-to-SQL rate 60% | 534 | 178 |');
    expect(markdown).toContain(
      '- **MQL volume:** 178 MQLs per month (calculated from the revenue target backward).',
    );
  });

  it('has the escalation process, review and amendment with the meeting cadence, and the signatures with dates', () => {
    expect(markdown).toContain('| First escalation | Team lead | 24 hours |');
    expect(markdown).toContain('| Second escalation | VP level | 48 hours |');
    expect(markdown).toContain('- Either party can request an emergency review with 48-hour notice.');
    expect(markdown).toMatch(/\| Daily \(15 minutes\) \| Pipeline standup \|/);
    expect(markdown).toMatch(/\| Quarterly \(half-day\) \| Strategic planning \|/);
    expect(markdown).toContain('| Marketing | Maria Lopez | 2026-09-21 |');
    expect(markdown).toContain('| Sales | Sam <Sales> & Co | 2026-09-22 |');
    const order = [
      'Revenue targets',
      'Marketing commitments',
      'Sales commitments',
      'Escalation process',
      'Review and amendment',
      'Signatures',
    ];
    const at = order.map((title) => markdown.indexOf(`## ${title}`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('renders the same document as a standalone HTML page, every text escaped', () => {
    const html = renderSlaDocument(signedVersion, 'html');
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>Sales-Marketing Service Level Agreement</title>');
    expect(html).toContain('<style>');
    expect(html).toContain('<h2>Escalation process</h2>');
    expect(html).toContain('<td>MQLs needed</td><td>MQL-to-SQL rate 60%</td><td>534</td><td>178</td>');
    expect(html).toContain('<td>Sales</td><td>Sam &lt;Sales&gt; &amp; Co</td><td>2026-09-22</td>');
    expect(html).toContain(
      '<blockquote><p>Plan for Q4 &lt;with&gt; &quot;3x&quot; coverage</p></blockquote>',
    );
    expect(html).toContain('<strong>MQL threshold:</strong> 50 points');
    expect(html).not.toContain('<Sales>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('says who has not signed yet', () => {
    const proposed = { ...signedVersion, status: 'proposed' as const, effectiveAt: null };
    const text = renderSlaDocument({
      ...proposed,
      approvals: { marketing: proposed.approvals.marketing, sales: null },
    });
    expect(text).toContain('| Sales | not yet signed |  |');
    expect(text).toContain('**Effective date:** on approval by both sides.');
  });
});

describe('document blocks', () => {
  it('render to Markdown and HTML from one structure', () => {
    const blocks = [
      { kind: 'heading' as const, level: 1 as const, text: 'A | B' },
      { kind: 'list' as const, items: [[{ strong: 'x:' }, ' y'], [{ em: 'z' }]] },
      { kind: 'table' as const, headers: ['a'], rows: [['1 | 2']] },
    ];
    expect(toMarkdown(blocks)).toBe('# A | B\n\n- **x:** y\n- _z_\n\n| a |\n| --- |\n| 1 \\| 2 |\n');
    expect(toHtml(blocks, 'T')).toContain('<ul>\n<li><strong>x:</strong> y</li>\n<li><em>z</em></li>\n</ul>');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });
});
