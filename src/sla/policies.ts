import { type Static, Type } from 'typebox';

/**
 * The SLA section of the agreement: every promise of seed 001's two SLA tables and its
 * transition table as a clock policy (what starts it, what stops it, how long it may run, in
 * whose business hours), and the escalation chain of its SLA document.
 */

export const CLOCK_STARTS = ['mql', 'routed', 'sql', 'customer'] as const;
export type ClockStart = (typeof CLOCK_STARTS)[number];

export const CLOCK_STOPS = ['routed', 'first_touch', 'dispositioned', 'opportunity', 'none'] as const;
export type ClockStop = (typeof CLOCK_STOPS)[number];

const Word = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });

export const ClockPolicy = Type.Object(
  {
    id: Word,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** Who the promise is from (the seed's two tables). */
    side: Type.Unsafe<'marketing' | 'sales'>({ type: 'string', enum: ['marketing', 'sales'] }),
    startsOn: Type.Unsafe<ClockStart>({ type: 'string', enum: [...CLOCK_STARTS] }),
    stopsOn: Type.Unsafe<ClockStop>({
      type: 'string',
      enum: [...CLOCK_STOPS],
      description:
        '`none`: a reminder clock that fires when due (e.g. the advocate check) rather than breaching',
    }),
    within: Type.Object(
      {
        amount: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
        unit: Type.Unsafe<'business_hours' | 'business_days' | 'hours' | 'days'>({
          type: 'string',
          enum: ['business_hours', 'business_days', 'hours', 'days'],
        }),
      },
      { additionalProperties: false },
    ),
    /** The lead's owner is measured in their own calendar; `revops` clocks run in the default calendar. */
    accountable: Type.Unsafe<'owner' | 'revops'>({ type: 'string', enum: ['owner', 'revops'] }),
  },
  { additionalProperties: false },
);

export const EscalationStep = Type.Object(
  {
    afterHours: Type.Number({ minimum: 0, maximum: 10_000, description: 'hours after the breach' }),
    to: Type.Unsafe<'team_lead' | 'vp'>({ type: 'string', enum: ['team_lead', 'vp'] }),
  },
  { additionalProperties: false },
);

export const SlaSection = Type.Object(
  {
    policies: Type.Array(ClockPolicy, { maxItems: 100 }),
    escalation: Type.Array(EscalationStep, { maxItems: 10 }),
  },
  { additionalProperties: false },
);

export type ClockPolicy = Static<typeof ClockPolicy>;
export type EscalationStep = Static<typeof EscalationStep>;
export type SlaSection = Static<typeof SlaSection>;

/** Seed 001: Transition Triggers, Marketing SLA to Sales, Sales SLA to Marketing. */
export const DEFAULT_SLA: SlaSection = {
  policies: [
    {
      // Marketing SLA, "Delivery timing: MQLs routed within 1 hour of qualifying"
      id: 'mql_routed',
      name: 'MQL routed within 1 hour of qualifying',
      side: 'marketing',
      startsOn: 'mql',
      stopsOn: 'routed',
      within: { amount: 1, unit: 'hours' },
      accountable: 'revops',
    },
    {
      // Sales SLA, "Speed-to-lead: first outreach within 4 business hours of MQL notification"
      id: 'mql_first_touch',
      name: 'First outreach within 4 business hours of MQL notification',
      side: 'sales',
      startsOn: 'routed',
      stopsOn: 'first_touch',
      within: { amount: 4, unit: 'business_hours' },
      accountable: 'owner',
    },
    {
      // Sales SLA, "Disposition every MQL ... within 5 business days"
      id: 'mql_disposition',
      name: 'Every MQL accepted, disqualified or recycled within 5 business days',
      side: 'sales',
      startsOn: 'routed',
      stopsOn: 'dispositioned',
      within: { amount: 5, unit: 'business_days' },
      accountable: 'owner',
    },
    {
      // Transition Triggers, "SQL to Opportunity: within 5 business days of SQL acceptance"
      id: 'sql_to_opportunity',
      name: 'SQL to opportunity within 5 business days of acceptance',
      side: 'sales',
      startsOn: 'sql',
      stopsOn: 'opportunity',
      within: { amount: 5, unit: 'business_days' },
      accountable: 'owner',
    },
    {
      // Transition Triggers, "Customer to Advocate: triggered at 90 days post-onboarding"
      id: 'advocate_check',
      name: 'Advocate check 90 days after onboarding',
      side: 'sales',
      startsOn: 'customer',
      stopsOn: 'none',
      within: { amount: 90, unit: 'days' },
      accountable: 'owner',
    },
  ],
  // Seed 001's SLA document: escalate to the team lead within 24 hours of a breach, the VP within 48.
  escalation: [
    { afterHours: 24, to: 'team_lead' },
    { afterHours: 48, to: 'vp' },
  ],
};
