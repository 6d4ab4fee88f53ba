import { STAGE_LABELS, STAGES, TRANSITIONS } from '../lifecycle/index.js';
import type { ScoringRule } from '../scoring/index.js';
import type { AgreementVersion } from './model.js';

/**
 * The agreement rendered as the human SLA document (Markdown): the tables of seed 001 as
 * this version states them, with its approvals as the signatures.
 */
export function renderSlaDocument(agreement: AgreementVersion): string {
  const { document } = agreement;
  const tql = document.funnel.tqlEnabled;
  const target = percent(document.funnel.mqlToSqlAcceptanceTarget);
  const out: string[] = [];

  out.push(`# ${document.name}`, '');
  out.push(
    `Version ${agreement.version} (${agreement.status})` +
      (agreement.effectiveAt ? `, in effect since ${day(agreement.effectiveAt)}` : ', not in effect') +
      '.',
  );
  if (agreement.summary) out.push('', `> ${agreement.summary}`);

  out.push('', '## Funnel stages', '');
  out.push(
    ...table(
      ['Stage', 'Definition'],
      STAGES.filter((stage) => tql || stage !== 'tql').map((stage) => [stage, STAGE_LABELS[stage]]),
    ),
  );

  out.push('', '## Transitions', '');
  out.push(
    ...table(
      ['From', 'To', 'Trigger', 'Who may move', 'Requires'],
      TRANSITIONS.filter((t) => tql || (t.from !== 'tql' && t.to !== 'tql')).map((t) => [
        t.from,
        t.to,
        t.trigger,
        [...t.actors.map((a) => (a === 'system' ? 'automation' : a)), 'admin', 'revops'].join(', '),
        t.requires.map((r) => (r === 'dq_code' ? 'DQ code' : r)).join(', '),
      ]),
    ),
  );

  out.push('', '## MQL scoring criteria', '');
  const rows = document.scoring.rules.map((rule) => [category(rule), rule.label, points(rule)]);
  const decay = document.scoring.decay;
  if (decay)
    rows.push([
      'Negative signal',
      `No engagement in ${decay.afterDays} days: score decay for inactivity`,
      `${signed(decay.pointsPerWeek)} per week`,
    ]);
  out.push(...table(['Category', 'Signal', 'Points'], rows));
  out.push(
    '',
    `**MQL threshold:** ${document.scoring.threshold} points (target: ${target} of MQLs accepted by sales as SQLs).`,
  );

  out.push('', '## Routing rules', '');
  out.push(
    ...table(
      ['#', 'Condition', 'Assignment'],
      document.routing.rules.map((rule, i) => [String(i + 1), rule.name, assignment(rule, tql)]),
    ),
  );
  if (document.routing.leadToAccountMatching)
    out.push(
      '',
      'Leads of an account that already has an owner go to that owner (after the rules that apply regardless of score).',
    );
  const f = document.followUp;
  out.push(
    '',
    `**Speed-to-lead:** first outreach within ${f.firstTouchWithinHours} hours of MQL notification. ` +
      `**Follow-up cadence:** minimum ${f.minTouches} touches over ${f.overDays} days before a lead is recycled for no contact.`,
  );

  out.push('', '## Disqualification reason codes', '');
  out.push(
    ...table(
      ['Code', 'Reason', 'Marketing action'],
      document.disqualificationCodes.map((d) => [d.code, d.reason, d.marketingAction]),
    ),
  );

  out.push('', '## Re-queue conditions', '');
  out.push(
    ...table(
      ['Condition', 'Action'],
      document.reQueueRules.map((r) => [r.condition, r.action]),
    ),
  );

  const { marketing, sales } = agreement.approvals;
  out.push('', '## Signatures', '');
  out.push(`- Marketing: ${marketing ? `${marketing.name}, ${day(marketing.at)}` : '_not yet approved_'}`);
  out.push(`- Sales: ${sales ? `${sales.name}, ${day(sales.at)}` : '_not yet approved_'}`);
  if (agreement.version === 1 && agreement.proposedBy.type === 'system')
    out.push('', '_The shipped default: in force until both sides approve a version of their own._');
  return `${out.join('\n')}\n`;
}

function assignment(rule: AgreementVersion['document']['routing']['rules'][number], tql: boolean): string {
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

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function day(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function table(headers: string[], rows: string[][]): string[] {
  const cell = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}
