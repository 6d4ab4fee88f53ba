import type { Command } from 'commander';
import type { Cli } from './runner.js';

/** Every capability's commands, registered in this order. */
export const COMMAND_MODULES: ((program: Command, cli: Cli) => void)[] = [];
