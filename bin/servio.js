#!/usr/bin/env node
// The `servio` command. Sources are TypeScript run through tsx, so a checkout works
// without a build step (`npx servio ...`, `npm start`, `npm run demo`).
import { readFileSync, statSync } from 'node:fs';

// `servio attribution --paths FILE` needs neither the database nor the API: a light entry
// that loads only the attribution models keeps its start-up cheap (the full CLI loads every
// capability first, ~3 s).
const args = process.argv.slice(2);
const light =
  args.find((arg) => !arg.startsWith('-')) === 'attribution' &&
  args.some((arg) => arg === '--paths' || arg.startsWith('--paths='));

/**
 * The light entry compiled by `npm run build` (bin/build-light.mjs), when it is there and
 * none of the files it was built from is newer: it starts without tsx compiling TypeScript.
 * SERVIO_LIGHT_BUNDLE=off always runs the sources; =require fails when the bundle is stale.
 */
function lightBundle() {
  const mode = process.env.SERVIO_LIGHT_BUNDLE;
  if (mode === 'off') return undefined;
  const root = new URL('../', import.meta.url);
  const bundle = new URL('dist/attribution-paths.js', root);
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/attribution-paths.inputs.json', root), 'utf8'));
    const stale = inputs.find((input) => statSync(new URL(input, root)).mtimeMs > built);
    if (stale === undefined) return bundle.href;
    if (mode === 'require') throw new Error(`${stale} is newer than the bundle`);
  } catch (error) {
    if (mode === 'require') {
      process.stderr.write(
        `error: no up-to-date dist/attribution-paths.js (npm run build): ${error.message}\n`,
      );
      process.exit(1);
    }
  }
  return undefined;
}

let entry = light ? lightBundle() : undefined;
if (entry === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = light ? '../src/attribution/paths-main.ts' : '../src/cli/main.ts';
}
const { main } = await import(entry);
process.exitCode = await main(process.argv);
