import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]!);
}

const sources = files(SRC);

describe('architecture (DESIGN.md, Layout)', () => {
  it('a folder imports another folder only through its index.ts', () => {
    const offenders: string[] = [];
    for (const file of sources) {
      const folder = path.relative(SRC, file).split(path.sep)[0]!;
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(SRC, path.resolve(path.dirname(file), spec));
        const [targetFolder, ...rest] = target.split(path.sep);
        if (rest.length === 0 || targetFolder === folder) continue; // src/app.ts or the same folder
        if (rest.join('/') !== 'index.js') offenders.push(`${path.relative(SRC, file)} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('pure rules (model.ts) never import the store, the API, the CLI or the app', () => {
    const offenders: string[] = [];
    for (const file of sources.filter((f) => path.basename(f) === 'model.ts')) {
      for (const spec of imports(file)) {
        if (/\/(store|api|cli)\/|\/app\.js$|^(kysely|pg|fastify|@electric-sql)/.test(spec))
          offenders.push(`${path.relative(SRC, file)} -> ${spec}`);
      }
      if (/Date\.now\(\)|process\.env/.test(readFileSync(file, 'utf8')))
        offenders.push(`${path.relative(SRC, file)} reads the clock or the environment`);
    }
    expect(offenders).toEqual([]);
  });

  it('reads the environment only in core/config.ts and the CLI entry', () => {
    const offenders = sources
      .filter((f) => readFileSync(f, 'utf8').includes('process.env'))
      .map((f) => path.relative(SRC, f))
      .filter((f) => !['core/config.ts', 'cli/main.ts'].includes(f));
    expect(offenders).toEqual([]);
  });
});
