import { describe, expect, it } from 'vitest';
import { CLI_PRINCIPAL } from '../access/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../core/index.js';
import { DEFAULT_AGREEMENT } from './defaults.js';
import { type AgreementVersionSummary, approvalSide, decideApproval } from './model.js';
import { parseAgreementDocument, validateAgreement } from './validate.js';

function edited(change: (doc: any) => void): unknown {
  const doc = structuredClone(DEFAULT_AGREEMENT) as any;
  change(doc);
  return doc;
}

function errorsOf(value: unknown) {
  const result = validateAgreement(value);
  return result.valid ? [] : result.errors;
}

describe('DEFAULT_AGREEMENT (seed 001)', () => {
  it('is a valid document', () => {
    expect(validateAgreement(DEFAULT_AGREEMENT)).toMatchObject({ valid: true, errors: [] });
  });

  it('has every row of "MQL Scoring Criteria" with its points and the threshold of 50', () => {
    const points = Object.fromEntries(
      DEFAULT_AGREEMENT.scoring.rules.map((r) => [r.label.split(':')[0], [r.points, r.count]]),
    );
    expect(points).toEqual({
      'Title matches ICP': [20, 'once'],
      'Company size matches ICP': [15, 'once'],
      'Industry matches ICP': [10, 'once'],
      Geography: [5, 'once'],
      'Pricing page visit': [15, 'once'],
      'Demo request': [25, 'once'],
      'Content engagement (high-intent)': [10, 'each'],
      'Content engagement (low-intent)': [2, 'each'],
      'Email engagement': [5, 'once'],
      'Repeat visits': [10, 'once'],
      'Competitor employee': [-50, 'once'],
      'Student / personal email': [-20, 'once'],
      Unsubscribed: [-30, 'once'],
    });
    expect(DEFAULT_AGREEMENT.scoring.decay).toMatchObject({ afterDays: 30, pointsPerWeek: -5 });
    expect(DEFAULT_AGREEMENT.scoring.threshold).toBe(50);
    expect(DEFAULT_AGREEMENT.funnel).toEqual({ tqlEnabled: true, mqlToSqlAcceptanceTarget: 0.6 });
  });

  it('has the seven "Disqualification Reason Codes" word for word', () => {
    expect(DEFAULT_AGREEMENT.disqualificationCodes).toEqual([
      {
        code: 'DQ-01',
        reason: 'No budget',
        marketingAction: 'Nurture with ROI content; re-engage next fiscal year',
      },
      {
        code: 'DQ-02',
        reason: 'No authority (wrong persona)',
        marketingAction: 'Refine targeting criteria and lead scoring',
      },
      {
        code: 'DQ-03',
        reason: "No need (problem doesn't exist)",
        marketingAction: 'Review content targeting; tighten ICP definition',
      },
      { code: 'DQ-04', reason: 'Bad timing (> 6 months)', marketingAction: 'Long-term nurture sequence' },
      {
        code: 'DQ-05',
        reason: 'Competitor chosen',
        marketingAction: 'Feed to competitive intelligence; review positioning',
      },
      {
        code: 'DQ-06',
        reason: 'Bad data (wrong contact info, spam)',
        marketingAction: 'Audit lead sources; tighten form validation',
      },
      {
        code: 'DQ-07',
        reason: 'Too small / not ICP',
        marketingAction: 'Adjust scoring; consider self-serve path',
      },
    ]);
  });

  it('has the four "Re-Queue Conditions" word for word', () => {
    expect(DEFAULT_AGREEMENT.reQueueRules).toEqual([
      {
        condition: 'Sales cannot reach after 6 attempts over 14 days',
        action: 'Return to marketing nurture; re-enter MQL queue if score rises again',
      },
      {
        condition: 'Lead is interested but timing is wrong (6+ months out)',
        action: 'Place in long-term nurture; set CRM reminder for re-engagement',
      },
      { condition: 'Lead is qualified but wrong persona', action: 'Route to correct sales team/segment' },
      {
        condition: 'Lead needs more education',
        action: 'Return to marketing with specific content recommendations from sales',
      },
    ]);
  });
});

describe('validateAgreement', () => {
  it('names the path of a value out of range, in the words of the schema', () => {
    expect(errorsOf(edited((d) => (d.scoring.rules[3].points = 5000)))).toEqual([
      { path: '/scoring/rules/3/points', message: 'must be <= 1000' },
    ]);
  });

  it('reports every error at once, missing and unknown properties by their own path', () => {
    const errors = errorsOf(
      edited((d) => {
        delete d.name;
        d.colour = 'blue';
        d.funnel.mqlToSqlAcceptanceTarget = 1.5;
        d.scoring.rules[12].points = -5000;
        d.reQueueRules[2].action = '';
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: '/name', message: 'is required' },
        { path: '/colour', message: 'is not a known property' },
        { path: '/funnel/mqlToSqlAcceptanceTarget', message: 'must be <= 1' },
        { path: '/scoring/rules/12/points', message: 'must be >= -1000' },
        { path: '/reQueueRules/2/action', message: 'must not have fewer than 1 characters' },
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('reports a bad scoring condition against the kind of condition it meant, not every kind', () => {
    expect(
      errorsOf(edited((d) => (d.scoring.rules[1].when[0] = { field: 'employees', min: 'fifty' }))),
    ).toEqual([{ path: '/scoring/rules/1/when/0/min', message: 'must be number' }]);
    expect(errorsOf(edited((d) => (d.scoring.rules[10].when[0] = { flags: ['astronaut'] })))).toEqual([
      {
        path: '/scoring/rules/10/when/0/flags/0',
        message: 'must be one of competitor, free_mail, student, unsubscribed',
      },
    ]);
    expect(errorsOf(edited((d) => (d.scoring.rules[2].when[0] = { fields: 'industry' })))).toEqual([
      {
        path: '/scoring/rules/2/when/0',
        message: 'must be an object with one of the properties field, flags, events',
      },
    ]);
  });

  it('still reports the errors that follow a bad union', () => {
    const errors = errorsOf(
      edited((d) => {
        d.scoring.rules[0].when[0] = { nope: true };
        d.scoring.rules[1].when[0] = { nope: true };
        d.scoring.rules[12].points = 5000;
        d.funnel.tqlEnabled = 'yes';
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '/scoring/rules/0/when/0',
        '/scoring/rules/1/when/0',
        '/scoring/rules/12/points',
        '/funnel/tqlEnabled',
      ]),
    );
  });

  it('refuses duplicate rule ids and DQ codes, naming the duplicate', () => {
    const errors = errorsOf(
      edited((d) => {
        d.scoring.rules[4].id = 'title_matches_icp';
        d.disqualificationCodes[6].code = 'DQ-02';
      }),
    );
    expect(errors).toEqual([
      { path: '/scoring/rules/4/id', message: '"title_matches_icp" is already the id of rule 0' },
      { path: '/disqualificationCodes/6/code', message: '"DQ-02" is already the code of row 1' },
    ]);
  });

  it('refuses duplicate routing rule names and territories, and a size band out of order', () => {
    const errors = errorsOf(
      edited((d) => {
        d.routing.rules[5].name = 'Partner referral';
        d.routing.rules[4].when = { employeesMin: 500, employeesMax: 50 };
        d.routing.territories[1].name = 'emea';
      }),
    );
    expect(errors).toEqual([
      { path: '/routing/rules/4/when/employeesMax', message: 'must be at least employeesMin (500)' },
      { path: '/routing/rules/5/name', message: '"Partner referral" is already the name of rule 1' },
      { path: '/routing/territories/2/name', message: '"EMEA" is already territory 1' },
    ]);
  });

  it('compiles every regular expression and names the one that does not compile', () => {
    const errors = errorsOf(
      edited((d) => {
        d.scoring.rules[0].when[0].matchesAny[2] = '(director';
        d.scoring.rules[6].when[0].where.urlMatchesAny[1] = '[roi';
      }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      '/scoring/rules/0/when/0/matchesAny/2',
      '/scoring/rules/6/when/0/where/urlMatchesAny/1',
    ]);
    expect(errors[0]?.message).toMatch(/^is not a valid regular expression/);
  });

  it('refuses what the scoring engine would refuse to compile, once per problem', () => {
    const errors = errorsOf(
      edited((d) => {
        d.scoring.rules[0].when[1].matchesAny[0] = '(sales+)+$';
        d.scoring.rules[6].when[0].where = { in: ['high'] };
        d.scoring.rules[4].id = 'title_matches_icp';
      }),
    );
    expect(errors).toEqual([
      { path: '/scoring/rules/4/id', message: '"title_matches_icp" is already the id of rule 0' },
      {
        path: '/scoring/rules/0/when/1/matchesAny/0',
        message: 'repeats a repeated group or uses a backreference (may run for too long)',
      },
      { path: '/scoring/rules/6/when/0/where', message: 'needs property or urlMatchesAny' },
      { path: '/scoring/rules/6/when/0/where/in', message: 'needs a property to compare' },
    ]);
  });

  it('wants a range in order and exactly one test per field condition', () => {
    expect(
      errorsOf(edited((d) => (d.scoring.rules[1].when[0] = { field: 'employees', min: 500, max: 50 }))),
    ).toEqual([{ path: '/scoring/rules/1/when/0/max', message: 'must be >= min (500)' }]);
    expect(errorsOf(edited((d) => (d.scoring.rules[2].when[0] = { field: 'industry' })))).toEqual([
      { path: '/scoring/rules/2/when/0', message: 'needs one of matchesAny, in or min/max' },
    ]);
    expect(
      errorsOf(edited((d) => (d.scoring.rules[2].when[0] = { field: 'industry', in: ['Software'], max: 3 }))),
    ).toEqual([
      {
        path: '/scoring/rules/2/when/0',
        message: 'must have only one of matchesAny, in or min/max, not in and min/max',
      },
    ]);
  });

  it('counts "each" only on rules that count events', () => {
    expect(errorsOf(edited((d) => (d.scoring.rules[0].count = 'each')))).toEqual([
      { path: '/scoring/rules/0/count', message: '"each" counts events: the rule needs an event condition' },
    ]);
  });

  it('has the targets of "SLA Calculation", with the pipeline coverage derived from the win rate', () => {
    expect(DEFAULT_AGREEMENT.targets).toEqual({
      revenuePerPeriod: { cents: 100_000_000, currency: 'USD' },
      monthsPerPeriod: 3,
      averageDealSize: { cents: 2_500_000, currency: 'USD' },
      winRate: 0.25,
      sqlToOpportunityRate: 0.5,
      mqlToSqlRate: 0.6,
      pipelineCoverage: null,
    });
  });

  it('takes rates in (0, 1], positive money in one currency, and a coverage of at least 1x', () => {
    const errors = errorsOf(
      edited((d) => {
        d.targets.winRate = 0;
        d.targets.sqlToOpportunityRate = 1.5;
        d.targets.mqlToSqlRate = 1;
        d.targets.revenuePerPeriod.cents = 0;
        d.targets.averageDealSize = { cents: 2.5, currency: 'EUR' };
        d.targets.pipelineCoverage = 0.5;
        d.targets.monthsPerPeriod = 0;
      }),
    );
    expect(errors.map((e) => e.path).sort()).toEqual([
      '/targets/averageDealSize/cents',
      '/targets/averageDealSize/currency',
      '/targets/monthsPerPeriod',
      '/targets/pipelineCoverage',
      '/targets/revenuePerPeriod/cents',
      '/targets/sqlToOpportunityRate',
      '/targets/winRate',
    ]);
    expect(errors).toContainEqual({
      path: '/targets/averageDealSize/currency',
      message: 'must be the currency of revenuePerPeriod (USD)',
    });
    expect(errorsOf(edited((d) => (d.targets.pipelineCoverage = 3)))).toEqual([]);
  });

  it('says what a document is when given something else', () => {
    expect(errorsOf(null)).toEqual([
      {
        path: '',
        message:
          'must be an object with name, funnel, scoring, routing, followUp, sla, disqualificationCodes, reQueueRules, targets',
      },
    ]);
  });

  it('throws a ValidationError with the paths, prefixed where the document sits in a request', () => {
    const bad = edited((d) => (d.scoring.threshold = 0));
    expect(() => parseAgreementDocument(bad, '/document')).toThrow(ValidationError);
    try {
      parseAgreementDocument(bad, '/document');
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { path: '/document/scoring/threshold', message: 'must be >= 1' },
      ]);
      expect((error as ValidationError).message).toContain('/document/scoring/threshold: must be >= 1');
    }
  });

  it('returns a copy: changing the input later does not change the validated document', () => {
    const input = edited(() => {}) as any;
    const result = validateAgreement(input);
    input.name = 'changed';
    expect(result.valid && result.document.name).toBe(DEFAULT_AGREEMENT.name);
  });
});

describe('approval rules', () => {
  const proposed: AgreementVersionSummary = {
    version: 2,
    status: 'proposed',
    summary: '',
    proposedBy: { type: 'api_key', id: 'key_1', name: 'Ada' },
    proposedAt: new Date(0),
    approvals: { marketing: null, sales: null },
    rejection: null,
    effectiveAt: null,
  };
  const ada = { id: 'key_ada', name: 'Ada' };

  it('a marketing key signs for marketing, a sales manager for sales; the owners must say which side', () => {
    expect(approvalSide('marketing', undefined)).toBe('marketing');
    expect(approvalSide('sales_manager', 'sales')).toBe('sales');
    expect(() => approvalSide('marketing', 'sales')).toThrow(ForbiddenError);
    expect(() => approvalSide('sales_rep', 'sales')).toThrow(ForbiddenError);
    expect(() => approvalSide('admin', undefined)).toThrow(ValidationError);
    expect(approvalSide('revops', 'sales')).toBe('sales');
  });

  it('activates on the second side, and never for one person on both sides', () => {
    expect(decideApproval(proposed, 'marketing', ada)).toEqual({ side: 'marketing', activates: false });
    const half = { ...proposed, approvals: { marketing: { ...ada, at: new Date(0) }, sales: null } };
    expect(decideApproval(half, 'sales', { id: 'key_bob', name: 'Bob' })).toEqual({
      side: 'sales',
      activates: true,
    });
    expect(() => decideApproval(half, 'sales', ada)).toThrow(ConflictError);
    expect(() => decideApproval(half, 'sales', { id: null, name: ' ada ' })).toThrow(
      /already approved the marketing side/,
    );
    expect(() => decideApproval(half, 'marketing', { id: 'key_bob', name: 'Bob' })).toThrow(
      /already approved by Ada/,
    );
  });

  it('approves only a proposed version', () => {
    for (const status of ['active', 'superseded', 'rejected'] as const)
      expect(() => decideApproval({ ...proposed, status }, 'sales', ada)).toThrow(ConflictError);
  });

  it('the CLI principal is an admin, so it must say its side', () => {
    expect(() => approvalSide(CLI_PRINCIPAL.role, undefined)).toThrow(/side/);
  });
});
