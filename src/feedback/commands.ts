import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, print, table, UsageError } from '../cli/index.js';
import { leadQueue, personHandoff, reassignLead } from '../routing/index.js';
import { dispositionLead, leadCadence } from './service.js';

const hours = (ms: number | null) => (ms === null ? '-' : `${(ms / 3_600_000).toFixed(1)} h`);

/** `servio leads queue|handoff|disposition|cadence|reassign`: the rep's and the manager's lead desk. */
export function feedbackCommands(program: Command, cli: Cli): void {
  const leads = program.command('leads').description('lead queues, hand-off packages and dispositions');

  leads
    .command('queue')
    .description('a lead queue, most urgent first')
    .requiredOption('--owner <user>', 'a user id, or "unassigned"')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (options: { owner: string; limit: string }, command: Command) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new UsageError('--limit must be 1 to 500');
      const items = await cli.run((ctx) => leadQueue(ctx, CLI_PRINCIPAL, options.owner, limit));
      print(cli.output(command), { items }, () =>
        items.length === 0
          ? 'the queue is empty'
          : table(
              ['person', 'name', 'company', 'stage', 'score', 'first touch due', ''],
              items.map((i) => [
                i.personId,
                i.name,
                i.company ?? '',
                i.stage,
                String(i.score ?? ''),
                i.firstTouchDueAt?.toISOString() ?? '',
                i.overdue ? 'OVERDUE' : '',
              ]),
            ),
      );
    });

  leads
    .command('handoff <personId>')
    .description('the hand-off package of a lead')
    .action(async (personId: string, _options, command: Command) => {
      const pkg = await cli.run((ctx) => personHandoff(ctx, personId, CLI_PRINCIPAL));
      print(cli.output(command), pkg, () =>
        [
          `${pkg.person.name}, ${pkg.person.title ?? 'no title'} at ${pkg.person.company ?? 'no company'} (${pkg.person.stage}; persona: ${pkg.persona ?? 'unknown'})`,
          `owner: ${pkg.owner?.name ?? 'none'}; first touch due ${pkg.sla.firstTouchDueAt?.toISOString() ?? '-'}`,
          pkg.routing ? `routed by "${pkg.routing.rule ?? 'manual'}": ${pkg.routing.reason}` : 'not routed',
          pkg.score
            ? `score ${pkg.score.total} (fit ${pkg.score.fit}, engagement ${pkg.score.engagement})`
            : 'no score',
          ...(pkg.score?.explanation.map((l) => `  ${l}`) ?? []),
          pkg.firmographics
            ? `account: ${pkg.firmographics.name}, ${pkg.firmographics.employees ?? '?'} employees, ${pkg.firmographics.industry ?? '?'}, ${pkg.firmographics.country ?? '?'}`
            : 'no account',
          `open opportunities: ${pkg.openOpportunities.length}`,
          `content consumed: ${pkg.contentConsumed.map((c) => `${c.content} (${c.times}x)`).join(', ') || 'none'}`,
          ...(pkg.passNotes ? [`SDR notes: ${pkg.passNotes}`] : []),
        ].join('\n'),
      );
    });

  leads
    .command('disposition <personId>')
    .description('answer an MQL: accepted, disqualified (--code), or recycled (--requeue)')
    .requiredOption('--outcome <outcome>', 'accepted | disqualified | recycled')
    .option('--code <dq>', 'DQ reason code (disqualified)')
    .option('--requeue <kind>', 'no_response | bad_timing | wrong_persona | needs_education (recycled)')
    .option('--notes <text>', 'notes for the next owner or for marketing')
    .option('--remind-at <date>', 'bad_timing: when to re-engage')
    .option('--content <items...>', 'needs_education: content marketing should send')
    .option('--route-to-user <user>', 'wrong_persona: hand to this user')
    .option('--route-to-rule <name>', 'wrong_persona: route by this rule')
    .action(
      async (
        personId: string,
        o: {
          outcome: string;
          code?: string;
          requeue?: string;
          notes?: string;
          remindAt?: string;
          content?: string[];
          routeToUser?: string;
          routeToRule?: string;
        },
        command: Command,
      ) => {
        const remindAt = o.remindAt ? new Date(o.remindAt) : undefined;
        if (remindAt && Number.isNaN(remindAt.getTime()))
          throw new UsageError(`--remind-at is not a date: ${o.remindAt}`);
        const result = await cli.run((ctx) =>
          dispositionLead(
            ctx,
            personId,
            {
              outcome: o.outcome,
              reasonCode: o.code,
              requeue: o.requeue,
              notes: o.notes,
              remindAt,
              contentRecommendations: o.content,
              routeTo:
                o.routeToUser || o.routeToRule ? { userId: o.routeToUser, rule: o.routeToRule } : undefined,
            },
            CLI_PRINCIPAL,
          ),
        );
        print(cli.output(command), result, () =>
          [
            `${personId}: ${result.disposition.outcome} (${result.disposition.fromStage} -> ${result.disposition.toStage})`,
            ...(result.routing
              ? [
                  `routing: ${result.routing.outcome} ${result.routing.ownerUserId ?? ''} ${result.routing.reason}`,
                ]
              : []),
            ...(result.marketingAction ? [`marketing action: ${result.marketingAction}`] : []),
            ...(result.reminder ? [`re-engagement reminder: ${result.reminder.dueAt.toISOString()}`] : []),
          ].join('\n'),
        );
      },
    );

  leads
    .command('cadence <personId>')
    .description('follow-up touches against the agreed cadence, and speed-to-lead')
    .action(async (personId: string, _options, command: Command) => {
      const c = await cli.run((ctx) => leadCadence(ctx, personId, CLI_PRINCIPAL));
      print(cli.output(command), c, () =>
        [
          `${c.touches} of ${c.required} touches since ${c.since.toISOString()}; ${c.spanDays} of ${c.overDays} days since the first touch: ${c.satisfied ? 'cadence complete' : 'cadence not complete'}`,
          `speed-to-lead: ${hours(c.speedToLead.ms)} (due ${c.speedToLead.dueAt?.toISOString() ?? '-'}, ${c.speedToLead.met === null ? 'open' : c.speedToLead.met ? 'met' : 'missed'})`,
        ].join('\n'),
      );
    });

  leads
    .command('reassign <personId>')
    .description('give the lead to a user (--to), or re-run routing without its current owner')
    .option('--to <user>', 'the new owner')
    .requiredOption('--reason <text>', 'why')
    .action(async (personId: string, o: { to?: string; reason: string }, command: Command) => {
      const outcome = await cli.run((ctx) =>
        reassignLead(ctx, personId, { ownerUserId: o.to, reason: o.reason }, CLI_PRINCIPAL),
      );
      print(
        cli.output(command),
        outcome,
        () => `${personId}: ${outcome.outcome} ${outcome.ownerUserId ?? ''} (${outcome.reason})`,
      );
    });
}
