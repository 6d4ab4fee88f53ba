import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapColumns } from './formats.js';
import { parseEmployees, parseFlag, parseRow, stageFor } from './parse.js';

const row = (format: 'salesforce' | 'hubspot' | 'generic', cells: Record<string, string>) =>
  parseRow(mapColumns(format, Object.keys(cells)), Object.values(cells));

describe('stageFor', () => {
  it('maps HubSpot lifecycle stages by internal value and by label, in any case', () => {
    const cases: [string, string][] = [
      ['subscriber', 'lead'],
      ['Lead', 'lead'],
      ['marketingqualifiedlead', 'mql'],
      ['Marketing Qualified Lead', 'mql'],
      ['SALES QUALIFIED LEAD', 'sql'],
      ['opportunity', 'opportunity'],
      ['Customer', 'customer'],
      ['evangelist', 'advocate'],
      ['Other', 'lead'],
    ];
    for (const [value, stage] of cases) expect(stageFor('hubspot', value), value).toBe(stage);
  });

  it('maps Salesforce lead statuses, classic and Lightning', () => {
    expect(stageFor('salesforce', 'Open - Not Contacted')).toBe('lead');
    expect(stageFor('salesforce', 'Working - Contacted')).toBe('lead');
    expect(stageFor('salesforce', 'Closed - Converted')).toBe('sql');
    expect(stageFor('salesforce', 'Closed - Not Converted')).toBe('nurture');
    expect(stageFor('salesforce', 'Nurturing')).toBe('nurture');
    expect(stageFor('salesforce', 'Unqualified')).toBe('disqualified');
  });

  it('understands our own stage names everywhere and nothing it cannot place', () => {
    expect(stageFor('salesforce', 'MQL')).toBe('mql');
    expect(stageFor('generic', 'customer')).toBe('customer');
    expect(stageFor('hubspot', 'Prospect')).toBeUndefined();
    expect(stageFor('generic', 'visitor')).toBeUndefined();
    expect(stageFor('hubspot', 'Closed - Converted')).toBeUndefined();
  });
});

describe('parseFlag and parseEmployees', () => {
  it('reads true/false, yes/no and 1/0 in any case', () => {
    for (const t of ['true', 'TRUE', 'yes', 'Yes', '1']) expect(parseFlag(t), t).toBe(true);
    for (const f of ['false', 'No', '0']) expect(parseFlag(f), f).toBe(false);
    expect(parseFlag('maybe')).toBeUndefined();
  });

  it('reads whole numbers with thousands separators and refuses the rest', () => {
    expect(parseEmployees('1200')).toBe(1200);
    expect(parseEmployees('1,200')).toBe(1200);
    expect(parseEmployees('250.0')).toBe(250);
    for (const bad of ['12.5', '-3', 'lots', '1,20', '99999999999'])
      expect(parseEmployees(bad), bad).toBeUndefined();
  });

  it('reads back any whole number it is given, with or without separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_147_483_647 }), (n) => {
        expect(parseEmployees(String(n))).toBe(n);
        expect(parseEmployees(n.toLocaleString('en-US'))).toBe(n);
      }),
    );
  });
});

describe('parseRow', () => {
  it('maps a Salesforce lead to a person with its attributes and owner', () => {
    const parsed = row('salesforce', {
      'Lead ID': '00Q5g00000LdA001',
      'Lead Owner': 'Dana Whitfield',
      'First Name': 'Ada',
      Email: ' Ada@Analytical-Engines.com ',
      'Company / Account': 'Analytical Engines',
      'Lead Status': 'Open - Not Contacted',
      'No. of Employees': '1,200',
      'Annual Revenue': '12,000,000.00',
      'Zip/Postal Code': '02134',
      Mobile: '+44 7700 900123',
      'Email Opt Out': '1',
    });
    expect(parsed).toEqual({
      ok: true,
      owner: 'Dana Whitfield',
      input: {
        email: 'ada@analytical-engines.com',
        externalId: '00Q5g00000LdA001',
        firstName: 'Ada',
        company: 'Analytical Engines',
        stage: 'lead',
        employees: 1200,
        phone: '+44 7700 900123',
        unsubscribed: true,
        attributes: {
          leadStatus: 'Open - Not Contacted',
          annualRevenue: 12_000_000,
          postalCode: '02134',
          mobilePhone: '+44 7700 900123',
          externalSource: 'salesforce',
        },
      },
    });
  });

  it('leaves blank cells out rather than blanking the field', () => {
    const parsed = row('hubspot', {
      Email: 'a@b.com',
      'First Name': '',
      'Job Title': '  ',
      'Lifecycle Stage': '',
    });
    expect(parsed).toEqual({ ok: true, input: { email: 'a@b.com' }, owner: undefined });
  });

  it('takes the first non-blank of two columns with one meaning', () => {
    const parsed = row('salesforce', { Email: 'a@b.com', Company: '', 'Company / Account': 'Acme' });
    expect(parsed.ok && parsed.input.company).toBe('Acme');
  });

  it('gives every reason a row is refused, naming the column as the file does', () => {
    const parsed = row('hubspot', {
      Email: 'not-an-email',
      'Number of Employees': '12.5',
      'Lifecycle Stage': 'Prospect',
      'Unsubscribed from all email': 'maybe',
    });
    expect(parsed).toEqual({
      ok: false,
      email: 'not-an-email',
      reasons: [
        'invalid email "not-an-email"',
        'Number of Employees "12.5" is not a whole number of employees',
        'Lifecycle Stage "Prospect" is not a stage servio knows',
        'Unsubscribed from all email "maybe" is not one of true/false, yes/no, 1/0',
      ],
    });
  });

  it('refuses a row without an email', () => {
    expect(row('generic', { email: '', first_name: 'Nobody' })).toEqual({
      ok: false,
      email: null,
      reasons: ['missing email'],
    });
  });

  it('refuses a NUL character, which PostgreSQL cannot store', () => {
    const parsed = row('generic', { email: 'a@b.com', title: 'C\u0000O' });
    expect(parsed.ok).toBe(false);
  });
});
