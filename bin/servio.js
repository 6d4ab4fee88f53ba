#!/usr/bin/env node
// The `servio` command. Sources are TypeScript run through tsx, so a checkout works
// without a build step (`npx servio ...`, `npm start`, `npm run demo`).
import { register } from 'tsx/esm/api';

register();
// `servio attribution --paths FILE` needs neither the database nor the API: a light entry
// that loads only the attribution models keeps its start-up cheap (the full CLI loads every
// capability first, ~3 s).
const args = process.argv.slice(2);
const light =
  args.find((arg) => !arg.startsWith('-')) === 'attribution' &&
  args.some((arg) => arg === '--paths' || arg.startsWith('--paths='));
const { main } = await import(light ? '../src/attribution/paths-main.ts' : '../src/cli/main.ts');
process.exitCode = await main(process.argv);
