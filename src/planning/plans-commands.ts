import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CLI_PRINCIPAL } from '../access/index.js';
import { type Cli, commandGroup, parseInteger, print, table, UsageError } from '../cli/index.js';
import { formatMoney } from '../core/index.js';
import { assessMaturity, getMaturity, type MaturityAssessment, maturityHistory } from './maturity-service.js';
import { MATURITY_DIMENSIONS } from './maturity-model.js';
import type { Persona } from './personas-model.js';
import {
  createPersona,
  deletePersona,
  getBuyingProcess,
  getPersona,
  listPersonas,
  type UpdatePersonaInput,
  updatePersona,
} from './personas-service.js';
import { quarterAt } from './plans-model.js';
import {
  createPlay,
  deletePlay,
  getPlan,
  getPlay,
  type JointPlan,
  listPlays,
  type PlanInput,
  type PlayInput,
  putPlan,
  updatePlay,
} from './plans-service.js';

const collect = (value: string, previous: string[]) => [...previous, value];
/** `none` on the command line clears a field. */
const nullable = (raw: string | undefined) => (raw === undefined ? undefined : raw === 'none' ? null : raw);

interface PersonaOptions {
  key?: string;
  name?: string;
  role?: string;
  title: string[];
  segment?: string;
  pain: string[];
  goal: string[];
  objection: string[];
  buyingRole?: string;
  channel: string[];
}

function personaFlags(command: Command): Command {
  return command
    .option('--role <text>', 'their role in the organisation (none to clear)')
    .option('--title <title>', 'a job title (repeat for more)', collect, [])
    .option('--segment <segment>', 'market segment (none to clear)')
    .option('--pain <text>', 'a challenge they want solved (repeat)', collect, [])
    .option('--goal <text>', 'an objective (repeat)', collect, [])
    .option('--objection <text>', 'what they push back with (repeat)', collect, [])
    .option(
      '--buying-role <role>',
      'decision_maker | economic_buyer | technical_buyer | champion | influencer | end_user',
    )
    .option('--channel <channel>', 'where they find information (repeat)', collect, []);
}

/** Lists given on an update replace the stored ones; absent lists stay. */
function personaInput(o: PersonaOptions): UpdatePersonaInput {
  const list = (values: string[]) => (values.length > 0 ? values : undefined);
  return {
    key: o.key,
    name: o.name,
    role: nullable(o.role),
    titles: list(o.title),
    segment: nullable(o.segment),
    pains: list(o.pain),
    goals: list(o.goal),
    objections: list(o.objection),
    buyingRole: nullable(o.buyingRole),
    channels: list(o.channel),
  };
}

function describePersona(p: Persona): string {
  return table(
    ['field', 'value'],
    [
      ['id', p.id],
      ['key', p.key],
      ['name', p.name],
      ['role', p.role],
      ['titles', p.titles.join('; ')],
      ['segment', p.segment],
      ['buying role', p.buyingRole],
      ['pains', p.pains.join('; ')],
      ['goals', p.goals.join('; ')],
      ['objections', p.objections.join('; ')],
      ['channels', p.channels.join('; ')],
    ],
  );
}

function personasCommands(program: Command, cli: Cli): void {
  const personas = program.command('personas').description('buyer personas both teams agree on');
  personas
    .command('list')
    .description('list personas')
    .option('--segment <segment>', 'only this segment')
    .action(async (o: { segment?: string }, command: Command) => {
      const page = await cli.run((ctx) => listPersonas(ctx, { segment: o.segment }, { limit: 500 }));
      print(cli.output(command), page, () =>
        table(
          ['id', 'key', 'name', 'segment', 'buying role'],
          page.items.map((p) => [p.id, p.key, p.name, p.segment, p.buyingRole]),
        ),
      );
    });
  personas
    .command('show <id>')
    .description('show a persona')
    .action(async (id: string, _o, command: Command) => {
      const persona = await cli.run((ctx) => getPersona(ctx, id));
      print(cli.output(command), persona, () => describePersona(persona));
    });
  personaFlags(
    personas
      .command('create')
      .description('create a persona')
      .requiredOption('--key <key>', 'short stable name, e.g. vp-marketing')
      .requiredOption('--name <name>', 'persona name'),
  ).action(async (o: PersonaOptions, command: Command) => {
    const input = { ...personaInput(o), key: o.key!, name: o.name! };
    const persona = await cli.run((ctx) => createPersona(ctx, input, CLI_PRINCIPAL));
    print(cli.output(command), persona, () => `Created persona ${persona.id} (${persona.key}).`);
  });
  personaFlags(
    personas
      .command('update <id>')
      .description('change a persona')
      .option('--key <key>', 'short stable name')
      .option('--name <name>', 'persona name'),
  ).action(async (id: string, o: PersonaOptions, command: Command) => {
    const persona = await cli.run((ctx) => updatePersona(ctx, id, personaInput(o), CLI_PRINCIPAL));
    print(
      cli.output(command),
      persona,
      () => `Updated persona ${persona.id}.\n\n${describePersona(persona)}`,
    );
  });
  personas
    .command('delete <id>')
    .description('delete a persona no sales play aims at')
    .action(async (id: string, _o, command: Command) => {
      const persona = await cli.run((ctx) => deletePersona(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), persona, () => `Deleted persona ${persona.id} (${persona.key}).`);
    });
}

interface PlayOptions {
  name?: string;
  persona?: string;
  segment?: string;
  description?: string;
}

function playInput(o: PlayOptions): Partial<PlayInput> {
  return {
    name: o.name,
    personaId: nullable(o.persona),
    segment: nullable(o.segment),
    description: nullable(o.description),
  };
}

function playFlags(command: Command): Command {
  return command
    .option('--persona <personaId>', 'the persona it aims at (none to clear)')
    .option('--segment <segment>', 'market segment (none to clear)')
    .option('--description <text>', 'what the play is (none to clear)');
}

function playsCommands(program: Command, cli: Cli): void {
  const plays = program.command('plays').description('sales plays that campaigns support');
  plays
    .command('list')
    .description('list sales plays')
    .option('--persona <personaId>', 'only plays aimed at this persona')
    .action(async (o: { persona?: string }, command: Command) => {
      const page = await cli.run((ctx) => listPlays(ctx, { personaId: o.persona }, { limit: 500 }));
      print(cli.output(command), page, () =>
        table(
          ['id', 'name', 'persona', 'segment'],
          page.items.map((p) => [p.id, p.name, p.personaId, p.segment]),
        ),
      );
    });
  plays
    .command('show <id>')
    .description('show a sales play')
    .action(async (id: string, _o, command: Command) => {
      const play = await cli.run((ctx) => getPlay(ctx, id));
      print(cli.output(command), play, () =>
        table(
          ['field', 'value'],
          Object.entries(play).map(([k, v]) => [
            k,
            v instanceof Date ? v.toISOString() : (v as string | null),
          ]),
        ),
      );
    });
  playFlags(
    plays.command('create').description('create a sales play').requiredOption('--name <name>', 'play name'),
  ).action(async (o: PlayOptions, command: Command) => {
    const play = await cli.run((ctx) => createPlay(ctx, { ...playInput(o), name: o.name! }, CLI_PRINCIPAL));
    print(cli.output(command), play, () => `Created sales play ${play.id} (${play.name}).`);
  });
  playFlags(
    plays.command('update <id>').description('change a sales play').option('--name <name>', 'play name'),
  ).action(async (id: string, o: PlayOptions, command: Command) => {
    const play = await cli.run((ctx) => updatePlay(ctx, id, playInput(o), CLI_PRINCIPAL));
    print(cli.output(command), play, () => `Updated sales play ${play.id} (${play.name}).`);
  });
  plays
    .command('delete <id>')
    .description('delete a sales play no campaign names')
    .action(async (id: string, _o, command: Command) => {
      const play = await cli.run((ctx) => deletePlay(ctx, id, CLI_PRINCIPAL));
      print(cli.output(command), play, () => `Deleted sales play ${play.id} (${play.name}).`);
    });
}

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

function figure(metric: string, value: number, currency: string): string {
  return metric === 'revenue' ? formatMoney({ cents: value, currency }) : String(value);
}

function describePlan(plan: JointPlan): string {
  const lines = [
    `Joint plan ${plan.quarter.label} (${plan.quarter.from} to ${plan.quarter.to}), agreement version ${plan.agreementVersion}, ${pct(plan.elapsed)} of the quarter gone${plan.saved ? '' : ' (default goals: not saved yet)'}`,
    '',
    table(
      ['target', 'plan', 'actual', 'progress', 'status'],
      plan.targets.map((t) => [
        t.metric,
        figure(t.metric, t.target, plan.currency),
        figure(t.metric, t.actual, plan.currency),
        pct(t.share),
        t.status,
      ]),
    ),
    '',
    table(
      ['team', 'goal', 'target', 'actual', 'status', 'owner'],
      plan.goals.map((g) => [
        g.team,
        g.metric,
        figure(g.metric, g.target, plan.currency),
        g.actual === null ? '' : figure(g.metric, g.actual, plan.currency),
        g.status,
        g.ownerUserId,
      ]),
    ),
    '',
    'Campaign calendar by sales play:',
  ];
  if (plan.calendar.length === 0) lines.push('  no campaign runs in the quarter');
  for (const group of plan.calendar) {
    lines.push(`  ${group.play?.name ?? '(no play)'}`);
    for (const c of group.campaigns)
      lines.push(`    ${c.startsOn ?? '...'} to ${c.endsOn ?? '...'}  ${c.name} (${c.channel}, ${c.status})`);
  }
  if (plan.notes) lines.push('', `Notes: ${plan.notes}`);
  return lines.join('\n');
}

/** `team:metric:target[:ownerUserId]`, e.g. `marketing:mqls:600:usr_1`. */
function parseGoal(spec: string): PlanInput['goals'][number] {
  const [team, metric, target, owner] = spec.split(':');
  const value = Number(target);
  if (!team || !metric || target === undefined || target.trim() === '' || !Number.isFinite(value))
    throw new UsageError(
      `--goal must read team:metric:target[:ownerUserId], e.g. marketing:mqls:600, got "${spec}"`,
    );
  return { team, metric, target: value, ownerUserId: owner ? owner : null };
}

async function goalsFile(path: string): Promise<PlanInput> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as PlanInput;
    if (!Array.isArray(parsed.goals)) throw new Error('no "goals" array');
    return parsed;
  } catch (error) {
    throw new UsageError(`--file ${path}: ${(error as Error).message}`);
  }
}

function describeMaturity(a: MaturityAssessment): string {
  const lines = [
    `Maturity ${a.quarter}: level ${a.overallLevel} (${a.overallName}), assessed by ${a.assessedBy}`,
    '',
    table(
      ['dimension', 'level', 'since ' + (a.previous?.quarter ?? '-'), 'note'],
      MATURITY_DIMENSIONS.map((d) => {
        const change = a.previous?.changes.find((c) => c.dimension === d);
        return [
          d,
          a.dimensions[d].level,
          change ? (change.delta > 0 ? `+${change.delta}` : String(change.delta)) : '',
          a.dimensions[d].note,
        ];
      }),
    ),
  ];
  if (a.nextLevel === null) lines.push('', 'Level 4 on every dimension: no gaps.');
  else {
    lines.push('', `Gaps to level ${a.nextLevel}:`);
    for (const gap of a.gaps) {
      lines.push(`  ${gap.dimension} (level ${gap.level}):`);
      for (const item of gap.cell) lines.push(`    - ${item}`);
    }
  }
  return lines.join('\n');
}

/**
 * `servio personas|plays ...`, `servio plan show|set|buying-process`, `servio maturity
 * assess|show`; `plan` is the group the reverse funnel and coverage already live in.
 */
export function jointPlanningCommands(program: Command, cli: Cli): void {
  personasCommands(program, cli);
  playsCommands(program, cli);

  const plan = commandGroup(program, 'plan', 'the joint plan');
  plan
    .command('show')
    .description("a quarter's joint plan: targets vs progress, goals per team, the campaign calendar by play")
    .option('--quarter <quarter>', 'e.g. 2026-Q4; default: the current quarter')
    .action(async (o: { quarter?: string }, command: Command) => {
      const result = await cli.run((ctx) => getPlan(ctx, o.quarter ?? quarterAt(ctx.clock.now()).label));
      print(cli.output(command), result, () => describePlan(result));
    });
  plan
    .command('set')
    .description("save a quarter's goals per team (replacing the stored ones) and notes")
    .requiredOption('--quarter <quarter>', 'e.g. 2026-Q4')
    .option(
      '--goal <spec>',
      'team:metric:target[:ownerUserId] (repeat); metrics tracked live: revenue (cents), won_deals, opportunities, sqls, mqls',
      collect,
      [],
    )
    .option(
      '--file <path>',
      'a JSON file {"goals": [{"team", "metric", "target", "ownerUserId"?, "note"?}], "notes"?}',
    )
    .option('--notes <text>', 'notes of the planning session')
    .action(
      async (o: { quarter: string; goal: string[]; file?: string; notes?: string }, command: Command) => {
        if (o.file !== undefined && o.goal.length > 0)
          throw new UsageError('give --goal or --file, not both');
        if (o.file === undefined && o.goal.length === 0)
          throw new UsageError('give at least one --goal, or --file');
        const input: PlanInput = o.file ? await goalsFile(o.file) : { goals: o.goal.map(parseGoal) };
        if (o.notes !== undefined) input.notes = o.notes;
        const result = await cli.run((ctx) => putPlan(ctx, o.quarter, input, CLI_PRINCIPAL));
        print(
          cli.output(command),
          result,
          () => `Saved the joint plan of ${result.quarter.label}.\n\n${describePlan(result)}`,
        );
      },
    );
  plan
    .command('buying-process')
    .description("the buying-process map: seed 004's stages with their alignment points, owners and metrics")
    .action(async (_o, command: Command) => {
      const map = await cli.run((ctx) => getBuyingProcess(ctx));
      print(cli.output(command), map, () =>
        table(
          ['stage', 'alignment point', 'owner', 'metric'],
          map.stages.flatMap((s) =>
            s.points.map((p, i) => [i === 0 ? s.stage : '', p.text, p.owner, p.metric]),
          ),
        ),
      );
    });

  const maturity = program
    .command('maturity')
    .description("the maturity self-assessment on seed 004's model");
  let assess = maturity
    .command('assess')
    .description("record a quarter's self-assessment: a level 1-4 for each dimension")
    .requiredOption('--quarter <quarter>', 'e.g. 2026-Q4')
    .option('--by <name>', 'who assessed (default: the CLI)');
  for (const d of MATURITY_DIMENSIONS)
    assess = assess
      .requiredOption(`--${d} <level>`, `${d} level, 1-4`)
      .option(`--${d}-note <text>`, `why this ${d} level`);
  assess.action(async (o: Record<string, string | undefined>, command: Command) => {
    const dimensions = Object.fromEntries(
      MATURITY_DIMENSIONS.map((d) => [
        d,
        { level: parseInteger(`--${d}`, o[d] ?? '', 1, 4), note: o[`${d}Note`] ?? null },
      ]),
    );
    const result = await cli.run((ctx) =>
      assessMaturity(ctx, o.quarter!, { dimensions, assessedBy: o.by }, CLI_PRINCIPAL),
    );
    print(cli.output(command), result, () => describeMaturity(result));
  });
  maturity
    .command('show')
    .description("a quarter's assessment with its gaps; without --quarter, every assessed quarter")
    .option('--quarter <quarter>', 'e.g. 2026-Q4')
    .action(async (o: { quarter?: string }, command: Command) => {
      if (o.quarter !== undefined) {
        const result = await cli.run((ctx) => getMaturity(ctx, o.quarter!));
        print(cli.output(command), result, () => describeMaturity(result));
        return;
      }
      const items = await cli.run((ctx) => maturityHistory(ctx));
      print(cli.output(command), { items }, () =>
        items.length === 0
          ? 'No maturity assessment yet: servio maturity assess --quarter ...'
          : table(
              ['quarter', 'overall', ...MATURITY_DIMENSIONS, 'assessed by'],
              items.map((a) => [
                a.quarter,
                a.overallLevel,
                ...MATURITY_DIMENSIONS.map((d) => a.dimensions[d].level),
                a.assessedBy,
              ]),
            ),
      );
    });
}
