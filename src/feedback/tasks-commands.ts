import type { Command } from 'commander';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { CLI_PRINCIPAL } from '../access/index.js';
import { TASK_STATUSES, type TaskStatus } from './tasks-model.js';
import { completeMarketingTask, listMarketingTasks } from './tasks-service.js';

/** `servio marketing-tasks list|complete`. */
export function marketingTaskCommands(program: Command, cli: Cli): void {
  const tasks = program
    .command('marketing-tasks')
    .description("marketing's tasks from DQ codes' marketing actions");

  tasks
    .command('list')
    .description('tasks, latest activity first')
    .option('--campaign <id>', 'of this campaign')
    .option('--source <source>', 'holding leads of this lead source')
    .option('--status <status>', 'open | completed')
    .option('--code <dq>', 'of this DQ code')
    .option('--limit <n>', 'at most this many', '100')
    .action(
      async (
        o: { campaign?: string; source?: string; status?: string; code?: string; limit: string },
        command: Command,
      ) => {
        const limit = parseInteger('--limit', o.limit, 1, 500);
        if (o.status && !(TASK_STATUSES as readonly string[]).includes(o.status))
          throw new UsageError(`--status must be one of ${TASK_STATUSES.join(', ')}`);
        const items = await cli.run((ctx) =>
          listMarketingTasks(ctx, {
            campaignId: o.campaign,
            source: o.source,
            status: o.status as TaskStatus | undefined,
            code: o.code,
            limit,
          }),
        );
        print(cli.output(command), { items }, () =>
          items.length === 0
            ? 'no marketing tasks'
            : table(
                ['task', 'code', 'action', 'campaign / source', 'leads', 'assignee', 'status'],
                items.map((t) => [
                  t.id,
                  t.dqCode,
                  t.action,
                  t.campaignId ?? `source ${t.leadSource ?? '-'}`,
                  t.leadCount,
                  t.assigneeUserId ?? 'marketing ops',
                  t.status,
                ]),
              ),
        );
      },
    );

  tasks
    .command('complete <taskId>')
    .description('complete a task, saying what marketing did')
    .requiredOption('--note <text>', 'what marketing did')
    .action(async (taskId: string, o: { note: string }, command: Command) => {
      const task = await cli.run((ctx) => completeMarketingTask(ctx, taskId, o.note, CLI_PRINCIPAL));
      print(
        cli.output(command),
        task,
        () => `${task.id}: completed (${task.leadCount} leads): ${task.completionNote}`,
      );
    });
}
