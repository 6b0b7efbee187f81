import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The layers point one way: domain/ (dataset columns, areas, organisations) under etl/ (the pipeline
 * library) under src/ (the hub). Entry points sit on top and may use everything below them.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const ENTRY_POINTS = new Set(['etl/cli.ts']);
const LAYERS: Record<string, string[]> = {
  domain: ['domain'],
  etl: ['domain', 'etl'],
  src: ['domain', 'etl', 'src'],
};

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, folder))) {
    const rel = path.posix.join(folder, name);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(name)) out.push(rel);
  }
  return out;
}

/** Relative module specifiers of static imports, re-exports, dynamic imports and import types. */
export function relativeImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  return [...source.matchAll(pattern)].map((m) => m[2]);
}

function topFolder(fromFile: string, specifier: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier)).split('/')[0];
}

describe('import direction', () => {
  it('finds every kind of relative import', () => {
    const sample = [
      "import { a } from '../src/a.js';",
      "export * from './b.js';",
      "const c = await import('../etl/c.js');",
      "type D = import('../../domain/d.js').D;",
      "import './side-effect.js';",
      "import x from 'node:fs';",
    ].join('\n');
    expect(relativeImports(sample)).toEqual(['../src/a.js', './b.js', '../etl/c.js', '../../domain/d.js', './side-effect.js']);
  });

  it.each(Object.keys(LAYERS))('%s/ imports only from the layers below it', (layer) => {
    const allowed = LAYERS[layer];
    const violations = sourceFiles(layer)
      .filter((file) => !ENTRY_POINTS.has(file))
      .flatMap((file) =>
        relativeImports(readFileSync(path.join(root, file), 'utf8'))
          .filter((spec) => !allowed.includes(topFolder(file, spec)))
          .map((spec) => `${file} imports ${spec}`),
      );
    expect(violations).toEqual([]);
  });
});
