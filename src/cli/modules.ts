import type { Command } from 'commander';
import { lifecycleCommands } from '../lifecycle/index.js';
import { peopleCommands } from '../people/index.js';
import type { Cli } from './runner.js';

/** Every capability's commands, registered in this order. */
export const COMMAND_MODULES: ((program: Command, cli: Cli) => void)[] = [
  peopleCommands,
  lifecycleCommands,
];
