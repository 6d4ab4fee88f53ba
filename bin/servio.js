#!/usr/bin/env node
// The `servio` command. Sources are TypeScript run through tsx, so a checkout works
// without a build step (`npx servio ...`, `npm start`, `npm run demo`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
