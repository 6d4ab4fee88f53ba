import type { ScoringModel } from './rules.js';

/** Touchpoints that show a person engaging: any of them resets the inactivity decay. */
const ENGAGEMENT = [
  'page_view',
  'pricing_page_view',
  'form_submit',
  'demo_request',
  'content_download',
  'webinar_attended',
  'email_open',
  'email_click',
  'chat_started',
  'signup',
  'social_engagement',
];

/**
 * Seed 001, "MQL Scoring Criteria": every row with its points, and the MQL threshold of 50.
 * The ICP lists (titles, verticals, markets) are the editable "adjust to your ICP" parts.
 */
export const DEFAULT_SCORING_MODEL: ScoringModel = {
  threshold: 50,
  rules: [
    {
      id: 'title_matches_icp',
      label: 'Title matches ICP: VP, Director, C-suite in target function',
      kind: 'fit',
      points: 20,
      count: 'once',
      when: [
        {
          field: 'title',
          matchesAny: [
            '\\b[aes]?vp\\b',
            'vice president',
            '\\bdirector\\b',
            '\\bhead of\\b',
            '\\bchief\\b',
            '^c[a-z]o$',
            '\\bc[mrs]o\\b',
          ],
        },
        {
          field: 'title',
          matchesAny: [
            'sales',
            'marketing',
            'revenue',
            'growth',
            'demand',
            'business development',
            '^c[mr]o$',
            '\\bc[mr]o\\b',
          ],
        },
      ],
    },
    {
      id: 'company_size_matches_icp',
      label: 'Company size matches ICP: 50-500 employees',
      kind: 'fit',
      points: 15,
      count: 'once',
      when: [{ field: 'employees', min: 50, max: 500 }],
    },
    {
      id: 'industry_matches_icp',
      label: 'Industry matches ICP: target verticals',
      kind: 'fit',
      points: 10,
      count: 'once',
      when: [
        { field: 'industry', in: ['Software', 'Financial Services', 'Healthcare', 'Professional Services'] },
      ],
    },
    {
      id: 'geography',
      label: 'Geography: target markets',
      kind: 'fit',
      points: 5,
      count: 'once',
      when: [
        {
          field: 'country',
          in: [
            'United States',
            'Canada',
            'United Kingdom',
            'Germany',
            'France',
            'Netherlands',
            'US',
            'USA',
            'CA',
            'GB',
            'UK',
            'DE',
            'FR',
            'NL',
          ],
        },
      ],
    },
    {
      id: 'pricing_page_visit',
      label: 'Pricing page visit: viewed pricing page',
      kind: 'engagement',
      points: 15,
      count: 'once',
      when: [{ events: ['pricing_page_view'] }],
    },
    {
      id: 'demo_request',
      label: 'Demo request: submitted demo/trial form',
      kind: 'engagement',
      points: 25,
      count: 'once',
      when: [{ events: ['demo_request'] }],
    },
    {
      id: 'content_high_intent',
      label: 'Content engagement (high-intent): case study, ROI calculator, comparison guide',
      kind: 'engagement',
      points: 10,
      count: 'each',
      when: [
        {
          events: ['content_download'],
          where: {
            property: 'intent',
            in: ['high'],
            urlMatchesAny: ['case-stud', '\\broi\\b', 'comparison', '-vs-'],
          },
        },
      ],
    },
    {
      id: 'content_low_intent',
      label: 'Content engagement (low-intent): blog visit, social engagement',
      kind: 'engagement',
      points: 2,
      count: 'each',
      when: [
        {
          events: ['content_download', 'page_view', 'social_engagement'],
          where: { property: 'intent', in: ['low'], urlMatchesAny: ['/blog/'] },
        },
      ],
    },
    {
      id: 'email_engagement',
      label: 'Email engagement: opened 3+ emails in 30 days',
      kind: 'engagement',
      points: 5,
      count: 'once',
      when: [{ events: ['email_open'], atLeast: 3, withinDays: 30 }],
    },
    {
      id: 'repeat_visits',
      label: 'Repeat visits: 3+ sessions in 7 days',
      kind: 'engagement',
      points: 10,
      count: 'once',
      when: [{ events: ['page_view', 'pricing_page_view'], sessions: true, atLeast: 3, withinDays: 7 }],
    },
    {
      id: 'competitor_employee',
      label: 'Competitor employee: works at a known competitor',
      kind: 'fit',
      points: -50,
      count: 'once',
      when: [{ flags: ['competitor'] }],
    },
    {
      id: 'student_or_personal_email',
      label: 'Student / personal email: .edu or free email domain',
      kind: 'fit',
      points: -20,
      count: 'once',
      when: [{ flags: ['student', 'free_mail'] }],
    },
    {
      id: 'unsubscribed',
      label: 'Unsubscribed: opted out of email',
      kind: 'engagement',
      points: -30,
      count: 'once',
      when: [{ flags: ['unsubscribed'] }],
    },
  ],
  decay: { afterDays: 30, pointsPerWeek: -5, engagementEvents: ENGAGEMENT },
};
