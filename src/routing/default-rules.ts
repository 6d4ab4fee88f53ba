import type { FollowUpSection, RoutingSection } from './rules.js';

/**
 * Seed 001, "Routing Rules", one rule a row, in the order that makes the table's intent hold
 * under first-match: the rows that name an owner regardless of size (named account, partner,
 * customer) before the size bands, which split the rest by employees (500+, 50-499, < 50).
 */
export const DEFAULT_ROUTING: RoutingSection = {
  rules: [
    {
      // "Named account on target list | Assigned account owner (regardless of lead score)"
      name: 'Named account on target list',
      when: { namedAccount: true },
      assign: { to: 'account_owner' },
      qualifyFirst: 'never',
      regardlessOfScore: true,
    },
    {
      // "Partner referral | Partner sales team"
      name: 'Partner referral',
      when: { partnerReferral: true },
      assign: { to: 'pool', pool: { teamFunctions: ['partner'] } },
      qualifyFirst: 'never',
    },
    {
      // "Existing customer (upsell signal) | Account manager / CSM"
      name: 'Existing customer (upsell signal)',
      when: { existingCustomer: true },
      assign: { to: 'pool', pool: { teamFunctions: ['cs'] } },
      qualifyFirst: 'never',
    },
    {
      // "Enterprise (500+ employees) | Enterprise AE by territory"
      name: 'Enterprise (500+ employees)',
      when: { employeesMin: 500 },
      assign: { to: 'pool', pool: { roles: ['ae'], segments: ['enterprise'], byTerritory: true } },
      qualifyFirst: 'when_tql_enabled',
    },
    {
      // "Mid-market (50-499 employees) | Mid-market AE by round-robin"
      name: 'Mid-market (50-499 employees)',
      when: { employeesMin: 50, employeesMax: 499 },
      assign: { to: 'pool', pool: { roles: ['ae'], segments: ['mid_market'] } },
      qualifyFirst: 'when_tql_enabled',
    },
    {
      // "SMB (< 50 employees) | SDR team for qualification, then AE"
      name: 'SMB (< 50 employees)',
      when: { employeesMax: 49 },
      assign: { to: 'pool', pool: { roles: ['ae'], segments: ['smb', 'mid_market'] } },
      qualifyFirst: 'always',
    },
  ],
  // "Leads of an account already owned go to that owner" (lead-to-account matching).
  leadToAccountMatching: true,
  // Three-in-a-box: SDRs of the lead's territory telequalify MQLs.
  telequalification: { roles: ['sdr'], byTerritory: true },
  partnerLeadSources: ['partner', 'partner_referral', 'partner referral', 'referral_partner'],
  territories: [
    {
      name: 'North America',
      countries: ['US', 'USA', 'United States', 'United States of America', 'CA', 'Canada'],
      regions: ['NA', 'North America', 'AMER'],
    },
    {
      name: 'LATAM',
      countries: [
        'MX',
        'Mexico',
        'BR',
        'Brazil',
        'AR',
        'Argentina',
        'CL',
        'Chile',
        'CO',
        'Colombia',
        'PE',
        'Peru',
      ],
      regions: ['LATAM', 'South America', 'Latin America'],
    },
    {
      name: 'EMEA',
      countries: [
        'GB',
        'UK',
        'United Kingdom',
        'IE',
        'Ireland',
        'DE',
        'Germany',
        'FR',
        'France',
        'NL',
        'Netherlands',
        'BE',
        'Belgium',
        'ES',
        'Spain',
        'PT',
        'Portugal',
        'IT',
        'Italy',
        'SE',
        'Sweden',
        'NO',
        'Norway',
        'DK',
        'Denmark',
        'FI',
        'Finland',
        'CH',
        'Switzerland',
        'AT',
        'Austria',
        'PL',
        'Poland',
        'IL',
        'Israel',
        'AE',
        'United Arab Emirates',
        'SA',
        'Saudi Arabia',
        'ZA',
        'South Africa',
        'NG',
        'Nigeria',
      ],
      regions: ['EMEA', 'Europe', 'Middle East', 'Africa'],
    },
    {
      name: 'APAC',
      countries: [
        'AU',
        'Australia',
        'NZ',
        'New Zealand',
        'JP',
        'Japan',
        'SG',
        'Singapore',
        'IN',
        'India',
        'CN',
        'China',
        'HK',
        'Hong Kong',
        'KR',
        'South Korea',
        'ID',
        'Indonesia',
        'PH',
        'Philippines',
        'MY',
        'Malaysia',
      ],
      regions: ['APAC', 'Asia', 'Asia Pacific', 'ANZ'],
    },
  ],
};

/** Seed 001, Sales SLA to Marketing and Re-Queue Conditions. */
export const DEFAULT_FOLLOW_UP: FollowUpSection = {
  // "Follow-up cadence: Minimum 6 touches over 14 days before disqualifying"
  minTouches: 6,
  overDays: 14,
  // "Speed-to-lead: First outreach within 4 business hours of MQL notification"
  firstTouchWithinHours: 4,
  // "Lead is interested but timing is wrong (6+ months out)"
  longTermNurtureMonths: 6,
};
