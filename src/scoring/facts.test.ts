import { describe, expect, it } from 'vitest';
import { derivePersonFlags, emailDomainOf } from './facts.js';

describe('derivePersonFlags', () => {
  it('flags a consumer mailbox as free mail and an academic domain as student', () => {
    expect(derivePersonFlags({ emailDomain: 'Gmail.com' })).toMatchObject({
      free_mail: true,
      student: false,
    });
    expect(derivePersonFlags({ emailDomain: 'ox.ac.uk' })).toMatchObject({ free_mail: false, student: true });
    expect(derivePersonFlags({ emailDomain: 'acme.example' })).toMatchObject({
      free_mail: false,
      student: false,
    });
  });

  it('flags a student title, but not a job that serves students', () => {
    expect(derivePersonFlags({ title: 'PhD Student' }).student).toBe(true);
    expect(derivePersonFlags({ title: 'Student Success Manager' }).student).toBe(false);
  });

  it('passes through the facts the caller decides: competitor and unsubscribed', () => {
    expect(derivePersonFlags({ competitor: true, unsubscribed: true })).toEqual({
      competitor: true,
      free_mail: false,
      student: false,
      unsubscribed: true,
    });
  });
});

describe('emailDomainOf', () => {
  it('returns the lowercased domain, or null without one', () => {
    expect(emailDomainOf('Ann@Acme.Example')).toBe('acme.example');
    expect(emailDomainOf('no-at-sign')).toBeNull();
    expect(emailDomainOf('trailing@')).toBeNull();
    expect(emailDomainOf(null)).toBeNull();
  });
});
