import { describe, expect, it } from 'vitest';
import { detectFormat, hasEmailColumn, isReportFooter, mapColumns } from './formats.js';

const SALESFORCE_REPORT = [
  'Lead ID',
  'Lead Owner',
  'First Name',
  'Last Name',
  'Title',
  'Company / Account',
  'Email',
  'Phone',
  'Lead Source',
  'Lead Status',
  'Industry',
  'No. of Employees',
  'Annual Revenue',
  'Website',
  'City',
  'State/Province',
  'Zip/Postal Code',
  'Country',
  'Rating',
  'Created Date',
  'Email Opt Out',
];
const SALESFORCE_API = [
  'Id',
  'FirstName',
  'LastName',
  'Company',
  'Email',
  'Phone',
  'LeadSource',
  'Status',
  'Industry',
  'NumberOfEmployees',
  'AnnualRevenue',
  'Website',
  'Country',
  'OwnerId',
  'HasOptedOutOfEmail',
  'CreatedDate',
];
const HUBSPOT = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Company Name',
  'Job Title',
  'Lifecycle Stage',
  'Lead Status',
  'Contact owner',
  'Create Date',
  'Industry',
  'Number of Employees',
  'Website URL',
  'Country/Region',
  'City',
  'State/Region',
  'Original Source',
  'Marketing contact status',
  'Unsubscribed from all email',
];

describe('detectFormat', () => {
  it('recognises a Salesforce lead report by its labels', () => {
    expect(detectFormat(SALESFORCE_REPORT).format).toBe('salesforce');
  });

  it('recognises a Salesforce Data Loader export by its API names', () => {
    expect(detectFormat(SALESFORCE_API).format).toBe('salesforce');
  });

  it('recognises a HubSpot contact export, whatever the case of its labels', () => {
    expect(detectFormat(HUBSPOT).format).toBe('hubspot');
    expect(detectFormat(HUBSPOT.map((h) => h.toUpperCase())).format).toBe('hubspot');
  });

  it('reads snake_case and camelCase servio names as generic', () => {
    expect(detectFormat(['email', 'first_name', 'last_name', 'company', 'employees', 'stage']).format).toBe(
      'generic',
    );
    expect(detectFormat(['email', 'firstName', 'externalId', 'leadSource']).format).toBe('generic');
  });

  it('reads a header of columns every layout shares as generic', () => {
    const detection = detectFormat(['Email', 'First Name', 'Last Name']);
    expect(detection.format).toBe('generic');
    expect(detection.scores.salesforce.distinctive).toBe(0);
  });

  it('is not swayed by a few foreign columns', () => {
    expect(detectFormat([...HUBSPOT, 'Lead ID']).format).toBe('hubspot');
  });
});

describe('mapColumns', () => {
  it('maps the Salesforce report columns and lists the ones it does not know', () => {
    const mapping = mapColumns('salesforce', [...SALESFORCE_REPORT, 'Description', '']);
    const role = (h: string) => mapping.roles[mapping.headers.indexOf(h)];
    expect(role('Lead ID')).toBe('externalId');
    expect(role('Company / Account')).toBe('company');
    expect(role('No. of Employees')).toBe('employees');
    expect(role('Lead Owner')).toBe('owner');
    expect(role('Lead Status')).toBe('leadStatus');
    expect(role('Email Opt Out')).toBe('unsubscribed');
    expect(role('Zip/Postal Code')).toBe('attr:postalCode');
    expect(role('Annual Revenue')).toBe('attr:annualRevenue');
    expect(mapping.ignored).toEqual(['Description']);
    expect(hasEmailColumn(mapping)).toBe(true);
  });

  it('maps the HubSpot export columns', () => {
    const mapping = mapColumns('hubspot', HUBSPOT);
    const role = (h: string) => mapping.roles[mapping.headers.indexOf(h)];
    expect(role('Record ID')).toBe('externalId');
    expect(role('Lifecycle Stage')).toBe('stage');
    expect(role('Lead Status')).toBe('attr:leadStatus');
    expect(role('Contact owner')).toBe('owner');
    expect(role('Original Source')).toBe('leadSource');
    expect(role('Unsubscribed from all email')).toBe('unsubscribed');
    expect(role('Website URL')).toBe('website');
    expect(mapping.ignored).toEqual([]);
  });

  it('maps generic names written either way to the same field', () => {
    const mapping = mapColumns('generic', [
      'Email',
      'first_name',
      'lastName',
      'owner_user_id',
      'postal-code',
      'shoe_size',
    ]);
    expect(mapping.roles).toEqual([
      'email',
      'firstName',
      'lastName',
      'ownerUserId',
      'attr:postalCode',
      undefined,
    ]);
    expect(mapping.ignored).toEqual(['shoe_size']);
  });

  it('finds no email column in a HubSpot header read as Salesforce-only columns', () => {
    expect(hasEmailColumn(mapColumns('hubspot', ['Lead ID', 'Company / Account']))).toBe(false);
  });
});

describe('isReportFooter', () => {
  it('knows the one-field rows a Salesforce report ends with, and nothing else', () => {
    expect(isReportFooter('salesforce', ['Confidential Information - Do Not Distribute'])).toBe(true);
    expect(
      isReportFooter('salesforce', ['Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.']),
    ).toBe(true);
    expect(isReportFooter('salesforce', ['Confidential Information', 'x@y.com'])).toBe(false);
    expect(isReportFooter('hubspot', ['Confidential Information - Do Not Distribute'])).toBe(false);
  });
});
