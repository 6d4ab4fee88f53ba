import { formatMoney } from '../core/index.js';
import { STAGE_LABELS, STAGES, TRANSITIONS } from '../lifecycle/index.js';
import { mqlVolumeTarget, reverseFunnel } from '../planning/index.js';
import type { ScoringRule } from '../scoring/index.js';
import { type Block, type DocumentFormat, type Span, toHtml, toMarkdown } from './document-render.js';
import type { AgreementDocument, AgreementVersion } from './model.js';

/**
 * The agreement rendered as the human SLA document, in the order of seed 001's "SLA
 * Document Structure" template: effective date and review cadence, revenue targets with
 * the SLA calculation, each side's commitments, the tables the commitments rest on, the
 * escalation process, review and amendment, and the approvals as signatures.
 */
export function renderSlaDocument(agreement: AgreementVersion, format: DocumentFormat = 'md'): string {
  const blocks = slaDocumentBlocks(agreement);
  return format === 'html' ? toHtml(blocks, agreement.document.name) : toMarkdown(blocks);
}

export function slaDocumentBlocks(agreement: AgreementVersion): Block[] {
  const { document } = agreement;
  const tql = document.funnel.tqlEnabled;
  const target = percent(document.funnel.mqlToSqlAcceptanceTarget);
  const out: Block[] = [];
  const h2 = (text: string) => out.push({ kind: 'heading', level: 2, text });
  const table = (headers: string[], rows: string[][]) => out.push({ kind: 'table', headers, rows });
  const list = (...items: Span[][]) => out.push({ kind: 'list', items });

  out.push({ kind: 'heading', level: 1, text: document.name });
  out.push({
    kind: 'paragraph',
    spans: [
      `Version ${agreement.version} (${agreement.status})` +
        (agreement.effectiveAt ? `, in effect since ${day(agreement.effectiveAt)}` : ', not in effect') +
        '.',
    ],
  });
  out.push({
    kind: 'paragraph',
    spans: [
      { strong: 'Effective date:' },
      ` ${agreement.effectiveAt ? day(agreement.effectiveAt) : 'on approval by both sides'}. `,
      { strong: 'Review cadence:' },
      ' quarterly.',
    ],
  });
  if (agreement.summary) out.push({ kind: 'quote', text: agreement.summary });

  out.push(...targetBlocks(document));

  const f = document.followUp;
  h2('Marketing commitments');
  list(
    [
      { strong: 'MQL volume:' },
      ` ${mqlVolumeTarget(document.targets)} MQLs per month (calculated from the revenue target backward).`,
    ],
    [{ strong: 'MQL quality:' }, ` ${target} of MQLs accepted by sales as SQLs.`],
  );
  h2('Sales commitments');
  list(
    [
      { strong: 'Speed-to-lead:' },
      ` first outreach within ${f.firstTouchWithinHours} hours of MQL notification.`,
    ],
    [
      { strong: 'Follow-up cadence:' },
      ` minimum ${f.minTouches} touches over ${f.overDays} days before a lead is recycled for no contact.`,
    ],
    [{ strong: 'Disqualification feedback:' }, ' a reason code (below) for every rejected MQL.'],
  );

  h2('Funnel stages');
  table(
    ['Stage', 'Definition'],
    STAGES.filter((stage) => tql || stage !== 'tql').map((stage) => [stage, STAGE_LABELS[stage]]),
  );

  h2('Transitions');
  table(
    ['From', 'To', 'Trigger', 'Who may move', 'Requires'],
    TRANSITIONS.filter((t) => tql || (t.from !== 'tql' && t.to !== 'tql')).map((t) => [
      t.from,
      t.to,
      t.trigger,
      [...t.actors.map((a) => (a === 'system' ? 'automation' : a)), 'admin', 'revops'].join(', '),
      t.requires.map((r) => (r === 'dq_code' ? 'DQ code' : r)).join(', '),
    ]),
  );

  h2('MQL scoring criteria');
  const rows = document.scoring.rules.map((rule) => [category(rule), rule.label, points(rule)]);
  const decay = document.scoring.decay;
  if (decay)
    rows.push([
      'Negative signal',
      `No engagement in ${decay.afterDays} days: score decay for inactivity`,
      `${signed(decay.pointsPerWeek)} per week`,
    ]);
  table(['Category', 'Signal', 'Points'], rows);
  out.push({
    kind: 'paragraph',
    spans: [
      { strong: 'MQL threshold:' },
      ` ${document.scoring.threshold} points (target: ${target} of MQLs accepted by sales as SQLs).`,
    ],
  });

  h2('Routing rules');
  table(
    ['#', 'Condition', 'Assignment'],
    document.routing.rules.map((rule, i) => [String(i + 1), rule.name, assignment(rule, tql)]),
  );
  if (document.routing.leadToAccountMatching)
    out.push({
      kind: 'paragraph',
      spans: [
        'Leads of an account that already has an owner go to that owner (after the rules that apply regardless of score).',
      ],
    });

  h2('Disqualification reason codes');
  table(
    ['Code', 'Reason', 'Marketing action'],
    document.disqualificationCodes.map((d) => [d.code, d.reason, d.marketingAction]),
  );

  h2('Re-queue conditions');
  table(
    ['Condition', 'Action'],
    document.reQueueRules.map((r) => [r.condition, r.action]),
  );

  h2('SLA clocks');
  table(
    ['Promise', 'Side', 'Starts', 'Stops', 'Within'],
    document.sla.policies.map((p) => [
      p.name,
      p.side,
      p.startsOn,
      p.stopsOn === 'none' ? '(a reminder when due)' : p.stopsOn,
      `${p.within.amount} ${p.within.unit.replace('_', ' ')}`,
    ]),
  );

  out.push(...processBlocks(document.sla.escalation));

  const { marketing, sales } = agreement.approvals;
  h2('Signatures');
  table(
    ['Side', 'Approver', 'Date'],
    [
      ['Marketing', marketing?.name ?? 'not yet signed', marketing ? day(marketing.at) : ''],
      ['Sales', sales?.name ?? 'not yet signed', sales ? day(sales.at) : ''],
    ],
  );
  if (agreement.version === 1 && agreement.proposedBy.type === 'system')
    out.push({
      kind: 'paragraph',
      spans: [{ em: 'The shipped default: in force until both sides approve a version of their own.' }],
    });
  return out;
}

/** Seed 001, "SLA Calculation: From Revenue Target to MQL Target", from the agreement's targets. */
function targetBlocks(document: AgreementDocument): Block[] {
  const t = document.targets;
  const funnel = reverseFunnel(t);
  const per = periodName(t.monthsPerPeriod);
  const coverage =
    t.pipelineCoverage === null
      ? `${round2(1 / t.winRate)}x (1 / the win rate of ${percent(t.winRate)})`
      : `${t.pipelineCoverage}x (fixed by this agreement)`;
  return [
    { kind: 'heading', level: 2, text: 'Revenue targets' },
    {
      kind: 'list',
      items: [
        [{ strong: 'Revenue goal:' }, ` ${formatMoney(t.revenuePerPeriod)} ${per}.`],
        [{ strong: 'Required pipeline coverage:' }, ` ${coverage}.`],
      ],
    },
    { kind: 'heading', level: 3, text: 'SLA calculation: from revenue target to MQL target' },
    {
      kind: 'table',
      headers: ['Step', 'Assumption', per.replace(/^per /, 'Per '), 'Per month'],
      rows: [
        ['Revenue target', '', formatMoney(funnel.revenue), formatMoney(funnel.perMonth.revenue)],
        [
          'Deals needed',
          `average deal size ${formatMoney(t.averageDealSize)}`,
          n(funnel.deals),
          n(funnel.perMonth.deals),
        ],
        [
          'Opportunities needed',
          `win rate ${percent(t.winRate)}`,
          n(funnel.opportunities),
          n(funnel.perMonth.opportunities),
        ],
        [
          'SQLs needed',
          `SQL-to-opportunity rate ${percent(t.sqlToOpportunityRate)}`,
          n(funnel.sqls),
          n(funnel.perMonth.sqls),
        ],
        [
          'MQLs needed',
          `MQL-to-SQL rate ${percent(t.mqlToSqlRate)}`,
          n(funnel.mqls),
          n(funnel.perMonth.mqls),
        ],
      ],
    },
    {
      kind: 'paragraph',
      spans: ['Each step is rounded up: a part of a deal or a lead still has to be found.'],
    },
  ];
}

/**
 * Seed 001's "Escalation process" (the agreement's `sla.escalation` steps), "Review and
 * amendment" and "Meeting Cadence" (the seed's text: the agreement has no section for them).
 */
function processBlocks(escalation: readonly { afterHours: number; to: 'team_lead' | 'vp' }[]): Block[] {
  return [
    { kind: 'heading', level: 2, text: 'Escalation process' },
    {
      kind: 'table',
      headers: ['Step', 'Who', 'Within'],
      rows: [
        ['SLA breach identified', 'RevOps / automated alert', 'when the clock is breached'],
        ...escalation.map((step, i) => [
          `${i === 0 ? 'First' : i === 1 ? 'Second' : `Step ${i + 1}:`} escalation`,
          step.to === 'vp' ? 'VP level' : 'Team lead',
          `${step.afterHours} hours`,
        ]),
      ],
    },
    { kind: 'heading', level: 2, text: 'Review and amendment' },
    {
      kind: 'list',
      items: [
        ['Monthly SLA compliance review in the funnel health meeting.'],
        ['Quarterly renegotiation in the strategic planning session.'],
        ['Either party can request an emergency review with 48-hour notice.'],
      ],
    },
    { kind: 'heading', level: 3, text: 'Meeting cadence' },
    {
      kind: 'table',
      headers: ['Cadence', 'Meeting', 'Who', 'Output'],
      rows: [
        [
          'Daily (15 minutes)',
          'Pipeline standup',
          'SDR team lead + marketing campaign manager',
          'Real-time routing adjustments, immediate feedback on campaign quality',
        ],
        [
          'Weekly (30 minutes)',
          'Campaign performance review',
          'Marketing ops + sales ops + 1 AE representative',
          'Weekly scorecard, content request queue updates',
        ],
        [
          'Monthly (60 minutes)',
          'Funnel health review',
          'VP Marketing + VP Sales + RevOps',
          'Monthly alignment report, SLA adjustments, resource allocation decisions',
        ],
        [
          'Quarterly (half-day)',
          'Strategic planning',
          'CMO + CRO + RevOps + team leads',
          'Updated SLAs, next-quarter campaign calendar, ICP documentation, scoring model changes',
        ],
      ],
    },
  ];
}

function periodName(months: number): string {
  if (months === 3) return 'per quarter';
  if (months === 1) return 'per month';
  if (months === 12) return 'per year';
  return `per ${months} months`;
}

function assignment(rule: AgreementDocument['routing']['rules'][number], tql: boolean): string {
  const target =
    rule.assign.to === 'account_owner'
      ? 'Assigned account owner'
      : [
          rule.assign.pool.segments?.join('/'),
          rule.assign.pool.roles?.map((r) => r.toUpperCase()).join('/'),
          rule.assign.pool.teamFunctions?.map((f) => `${f} team`).join('/'),
          rule.assign.pool.team,
          rule.assign.pool.byTerritory ? 'by territory' : 'by round-robin',
        ]
          .filter(Boolean)
          .join(' ');
  const first = rule.qualifyFirst === 'always' || (rule.qualifyFirst === 'when_tql_enabled' && tql);
  return `${first ? 'SDR team for qualification, then ' : ''}${target}${rule.regardlessOfScore ? ' (regardless of lead score)' : ''}`;
}

/** The seed's three groups: demographic fit, behavioural signals, negative signals. */
function category(rule: ScoringRule): string {
  if (rule.points < 0) return 'Negative signal';
  return rule.kind === 'fit' ? 'Demographic fit' : 'Behavioral signal';
}

function points(rule: ScoringRule): string {
  const each = rule.count === 'each' ? ' each' : '';
  const cap = rule.cap ? ` (at most ${signed(Math.sign(rule.points) * rule.cap)})` : '';
  return `${signed(rule.points)}${each}${cap}`;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function day(at: Date): string {
  return at.toISOString().slice(0, 10);
}
