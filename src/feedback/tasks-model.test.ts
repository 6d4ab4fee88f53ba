import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGREEMENT } from '../agreement/index.js';
import { completeTask, DQ_TASK_KINDS, planMarketingTask } from './tasks-model.js';

/** Seed 001, "DQ Reason Codes", copied by hand: Code | Reason | Marketing Action. */
const SEED_DQ_TABLE = [
  ['DQ-01', 'No budget', 'Nurture with ROI content; re-engage next fiscal year'],
  ['DQ-02', 'No authority (wrong persona)', 'Refine targeting criteria and lead scoring'],
  ['DQ-03', "No need (problem doesn't exist)", 'Review content targeting; tighten ICP definition'],
  ['DQ-04', 'Bad timing (> 6 months)', 'Long-term nurture sequence'],
  ['DQ-05', 'Competitor chosen', 'Feed to competitive intelligence; review positioning'],
  ['DQ-06', 'Bad data (wrong contact info, spam)', 'Audit lead sources; tighten form validation'],
  ['DQ-07', 'Too small / not ICP', 'Adjust scoring; consider self-serve path'],
] as const;

const codes = DEFAULT_AGREEMENT.disqualificationCodes;
const lead = { campaignId: 'cmp_1', campaignOwnerUserId: 'usr_owner', leadSource: 'webinar' };

describe('planMarketingTask', () => {
  it("carries each DQ code's marketing action of the seed's table, word for word", () => {
    expect(codes.map((c) => [c.code, c.reason, c.marketingAction])).toEqual(SEED_DQ_TABLE.map((r) => [...r]));
    for (const [code, , action] of SEED_DQ_TABLE)
      expect(planMarketingTask(code, codes, lead)).toMatchObject({ dqCode: code, action });
  });

  it('sorts the actions into the kinds of work the issue names: nurture program, scoring review, form-validation audit', () => {
    expect(Object.keys(DQ_TASK_KINDS)).toEqual(SEED_DQ_TABLE.map((r) => r[0]));
    expect(planMarketingTask('DQ-01', codes, lead)?.kind).toBe('nurture_program');
    expect(planMarketingTask('DQ-04', codes, lead)?.kind).toBe('nurture_program');
    expect(planMarketingTask('DQ-02', codes, lead)?.kind).toBe('scoring_review');
    expect(planMarketingTask('DQ-07', codes, lead)?.kind).toBe('scoring_review');
    expect(planMarketingTask('DQ-06', codes, lead)?.kind).toBe('form_validation_audit');
    expect(planMarketingTask('DQ-05', codes, lead)?.kind).toBe('competitive_review');
    expect(planMarketingTask('DQ-03', codes, lead)?.kind).toBe('targeting_review');
  });

  it('takes the words from the agreement in force: an amended action and a new code', () => {
    const amended = [
      ...codes.map((c) => (c.code === 'DQ-06' ? { ...c, marketingAction: 'Block free-mail domains' } : c)),
      { code: 'DQ-08', reason: 'Student', marketingAction: 'Exclude .edu from paid social' },
    ];
    expect(planMarketingTask('DQ-06', amended, lead)?.action).toBe('Block free-mail domains');
    expect(planMarketingTask('DQ-08', amended, lead)).toMatchObject({
      kind: 'other',
      action: 'Exclude .edu from paid social',
    });
    expect(planMarketingTask('DQ-99', amended, lead)).toBeNull();
  });

  it('assigns a campaign task to the campaign owner, and leaves a task without campaign to marketing ops', () => {
    expect(planMarketingTask('DQ-06', codes, lead)).toMatchObject({
      campaignId: 'cmp_1',
      leadSource: null,
      assigneeUserId: 'usr_owner',
    });
    expect(
      planMarketingTask('DQ-06', codes, { ...lead, campaignOwnerUserId: null })?.assigneeUserId,
    ).toBeNull();
    expect(
      planMarketingTask('DQ-06', codes, {
        campaignId: null,
        campaignOwnerUserId: null,
        leadSource: ' list ',
      }),
    ).toMatchObject({
      campaignId: null,
      leadSource: 'list',
      assigneeUserId: null,
    });
  });

  it('gives the same code on the same campaign one key whatever the lead source, and separates codes and campaigns', () => {
    const code = fc.constantFrom(...SEED_DQ_TABLE.map((r) => r[0]));
    const id = fc.constantFrom('cmp_a', 'cmp_b', null);
    const source = fc.option(fc.constantFrom('webinar', 'paid_search', 'list'), { nil: null });
    fc.assert(
      fc.property(code, code, id, id, source, source, (c1, c2, k1, k2, s1, s2) => {
        const a = planMarketingTask(c1, codes, {
          campaignId: k1,
          campaignOwnerUserId: null,
          leadSource: s1,
        })!;
        const b = planMarketingTask(c2, codes, {
          campaignId: k2,
          campaignOwnerUserId: null,
          leadSource: s2,
        })!;
        const same = c1 === c2 && k1 === k2 && (k1 !== null || s1 === s2);
        expect(a.groupKey === b.groupKey).toBe(same);
      }),
    );
  });
});

describe('completeTask', () => {
  it('needs a note, and refuses a task already completed', () => {
    expect(completeTask('open', '  Added a captcha to the form ')).toBe('Added a captcha to the form');
    expect(() => completeTask('open', '  ')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: '/note' })] }),
    );
    expect(() => completeTask('completed', 'again')).toThrow(expect.objectContaining({ status: 409 }));
  });
});
