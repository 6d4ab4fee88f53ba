import { describe, expect, it } from 'vitest';
import { isCompanyDomain } from './free-mail.js';
import { accountDomainFor, companyNameFromDomain, mergeInputs, normalizePersonInput } from './model.js';

describe('account matching', () => {
  it('never takes free-mail or academic domains for a company', () => {
    for (const domain of [
      'gmail.com',
      'yahoo.co.uk',
      'mit.edu',
      'cs.stanford.edu',
      'ox.ac.uk',
      'unimelb.edu.au',
    ]) {
      expect(isCompanyDomain(domain)).toBe(false);
    }
    expect(isCompanyDomain('acme.com')).toBe(true);
    expect(isCompanyDomain('education.com')).toBe(true);
  });

  it('prefers the website to the email domain, and skips free-mail', () => {
    expect(accountDomainFor({ email: 'ann@gmail.com', website: 'https://www.Acme.io/about' })).toBe(
      'acme.io',
    );
    expect(accountDomainFor({ email: 'ann@acme.io' })).toBe('acme.io');
    expect(accountDomainFor({ email: 'ann@gmail.com' })).toBeUndefined();
  });

  it('names a company from its domain', () => {
    expect(companyNameFromDomain('acme-robotics.com')).toBe('Acme Robotics');
  });
});

describe('person input', () => {
  it('normalises the email and names each bad field', () => {
    expect(normalizePersonInput({ email: '  Ann@Acme.IO ' }).value?.email).toBe('ann@acme.io');
    const { issues } = normalizePersonInput({ email: 'nope', employees: -3, stage: 'visitor' }, '/rows/4');
    expect(issues.map((i) => i.path)).toEqual(['/rows/4/email', '/rows/4/employees', '/rows/4/stage']);
  });

  it('merges duplicates field by field, the later winning', () => {
    expect(
      mergeInputs(
        { email: 'a@b.co', firstName: 'A', title: 'CTO' },
        { email: 'a@b.co', title: 'CEO', lastName: undefined },
      ),
    ).toEqual({
      email: 'a@b.co',
      firstName: 'A',
      title: 'CEO',
    });
  });
});
