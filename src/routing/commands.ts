import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Compile } from 'typebox/compile';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, print, table, UsageError } from '../cli/index.js';
import { dryRunRouting, type HypotheticalLead } from './dry-run.js';
import { leadQueue, personRouting } from './queries.js';
import { RoutingTestBody } from './schema.js';

const testBody = Compile(RoutingTestBody);

function checksTable(checks: { index: number; name: string; matched: boolean; why: string }[]): string {
  return table(
    ['#', 'rule', 'matched', 'why'],
    checks.map((c) => [c.index < 0 ? '-' : String(c.index + 1), c.name, c.matched ? 'yes' : 'no', c.why]),
  );
}

/** `servio routing test|explain|unassigned`. */
export function routingCommands(program: Command, cli: Cli): void {
  const routing = program.command('routing').description('who gets each lead, and why');

  routing
    .command('test')
    .description('route a lead described in a JSON file with the live rules and pools, writing nothing')
    .requiredOption(
      '--person <file>',
      'JSON: {"person": {"title","country","employees","leadSource"}, "account": {"name","employees","country","namedAccount","customer","ownerUserId"}} or {"personId": "per_..."}',
    )
    .action(async (options: { person: string }, command: Command) => {
      const text = await readFile(options.person, 'utf8').catch(() => {
        throw new UsageError(`cannot read ${options.person}`);
      });
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${options.person} is not JSON: ${(error as Error).message}`);
      }
      if (!testBody.Check(value)) {
        const errors = [...testBody.Errors(value)].slice(0, 10);
        throw new UsageError(
          `${options.person} is not a lead to route: ${errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
        );
      }
      const result = await cli.run((ctx) => dryRunRouting(ctx, value as HypotheticalLead));
      print(cli.output(command), result, () =>
        [
          result.outcome.ownerUserId
            ? `-> ${result.outcome.ownerUserId} by "${result.outcome.rule ?? 'manual'}" (${result.outcome.step} step): ${result.outcome.reason}`
            : `-> unassigned: ${result.outcome.reason}`,
          '',
          checksTable(result.checks),
          '',
          `agreement v${result.agreementVersion}; nothing was written`,
        ].join('\n'),
      );
    });

  routing
    .command('explain <personId>')
    .description("a lead's routing decisions, each rule's check")
    .action(async (personId: string, _options, command: Command) => {
      const result = await cli.run((ctx) => personRouting(ctx, personId, CLI_PRINCIPAL));
      print(cli.output(command), result, () =>
        result.decisions.length === 0
          ? `${personId} has not been routed (owner: ${result.ownerUserId ?? 'none'})`
          : result.decisions
              .map(
                (d) =>
                  `${d.decidedAt.toISOString()} ${d.trigger}: ${d.outcome} ${d.ownerUserId ?? ''} ${d.ruleName ? `by "${d.ruleName}"` : ''}\n  ${d.reason}${
                    d.checks.length > 0 ? `\n${checksTable(d.checks)}` : ''
                  }`,
              )
              .join('\n\n'),
      );
    });

  routing
    .command('unassigned')
    .description('the watched queue of qualified leads no rule could place')
    .action(async (_options, command: Command) => {
      const items = await cli.run((ctx) => leadQueue(ctx, CLI_PRINCIPAL, 'unassigned', 500));
      print(cli.output(command), { items }, () =>
        items.length === 0
          ? 'no lead is waiting unassigned'
          : table(
              ['person', 'name', 'company', 'stage', 'score', 'waiting since'],
              items.map((i) => [
                i.personId,
                i.name,
                i.company ?? '',
                i.stage,
                String(i.score ?? ''),
                i.unassignedSince?.toISOString() ?? '',
              ]),
            ),
      );
    });
}
