// Part of `npm run build` (and so of `prepare`): compiles the light entry of `servio attribution
// --paths` (src/attribution/paths-main.ts and what it imports, commander and csv-parse included)
// into one JavaScript file, dist/attribution-paths.js, so that bin/servio.js can start it without
// tsx compiling the TypeScript at every run. Next to it, dist/attribution-paths.inputs.json lists
// the files it was built from: bin/servio.js uses the bundle only while none of them is newer
// than it, and goes back to the sources through tsx otherwise (a checkout without a build, or an
// edit since, still runs). `--outdir DIR` builds elsewhere (the tests do).
import { mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string', default: path.join(root, 'dist') } } });
const outdir = path.resolve(values.outdir);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('servio: esbuild is not installed; `servio attribution --paths` runs through tsx.');
  process.exit(0);
}
// The attribution command loads the store and the full CLI's errors by dynamic import, on
// paths the light entry never takes (it runs only with --paths): they stay out of the bundle.
const lightOnly = {
  name: 'light-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'light-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'light-only' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not in the light entry (servio attribution --paths)`)});`,
      loader: 'js',
    }));
  },
};
const started = new Date();
const result = await esbuild.build({
  entryPoints: [path.join(root, 'src/attribution/paths-main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  metafile: true,
  plugins: [lightOnly],
  absWorkingDir: root,
  logLevel: 'warning',
  // commander and csv-parse are CommonJS: their require() of Node's modules needs a real require.
  banner: {
    js: "import { createRequire as __servioRequire } from 'node:module';\nconst require = __servioRequire(import.meta.url);",
  },
  outfile: path.join(outdir, 'attribution-paths.js'),
});
mkdirSync(outdir, { recursive: true });
// Written under another name, then renamed: a run starting meanwhile never reads half a file.
const write = (name, contents) => {
  const file = path.join(outdir, name);
  writeFileSync(`${file}.${process.pid}.tmp`, contents);
  renameSync(`${file}.${process.pid}.tmp`, file);
  // Dated from the start of the build: a source saved during it makes the bundle stale.
  utimesSync(file, started, started);
};
const inputs = Object.keys(result.metafile.inputs)
  .filter((input) => !input.startsWith('light-only:'))
  .map((input) => path.relative(root, path.resolve(root, input)));
write('attribution-paths.inputs.json', `${JSON.stringify(inputs, null, 1)}\n`);
write('attribution-paths.js', result.outputFiles[0].contents);
