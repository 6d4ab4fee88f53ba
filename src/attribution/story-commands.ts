import type { Command } from 'commander';
import { type Cli, commandGroup, UsageError } from '../cli/index.js';
import { storyMarkdown } from './story-model.js';
import { getDealStory } from './story-service.js';

/** `servio report deal ID --format md|json`: the closed-loop report of a closed deal (seed 001). */
export function storyCommands(program: Command, cli: Cli): void {
  commandGroup(program, 'report', 'reports: the closed-loop deal report, and the shared reports')
    .command('deal <opportunityId>')
    .description(
      'the closed-loop report of a closed deal: lead source, dated marketing and sales touchpoints, why it was won or lost',
    )
    .option('--format <format>', 'md or json (default md; --json is json too)')
    .option('--tz <zone>', 'IANA time zone of the dates (default UTC)')
    .action(async (id: string, options: { format?: string; tz?: string }, command: Command) => {
      const format = options.format ?? (cli.output(command).json ? 'json' : 'md');
      if (format !== 'md' && format !== 'json')
        throw new UsageError(`--format must be md or json, got "${format}"`);
      const story = await cli.run((ctx) => getDealStory(ctx, id, { timeZone: options.tz }));
      process.stdout.write(format === 'json' ? `${JSON.stringify(story, null, 2)}\n` : storyMarkdown(story));
    });
}
