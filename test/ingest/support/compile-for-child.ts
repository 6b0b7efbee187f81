import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformFile } from '@swc/core';

/**
 * Compiles the app (domain/, etl/, src/) and one child script to ES modules for a child process, with the
 * same SWC settings Jest uses. The output sits under node_modules/.cache so packages resolve.
 */
export async function compileForChild(root: string, childScript: string): Promise<{ dir: string; entry: string }> {
  const dir = path.join(root, 'node_modules', '.cache', 'csp-hub-child', String(process.pid));
  const files = [...['domain', 'etl', 'src'].flatMap((folder) => walk(path.join(root, folder))), childScript];
  await Promise.all(
    files.map(async (file) => {
      const out = await transformFile(file, {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'es6' },
        sourceMaps: false,
      });
      const target = path.join(dir, path.relative(root, file)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, out.code);
    }),
  );
  return { dir, entry: path.join(dir, path.relative(root, childScript)).replace(/\.ts$/, '.js') };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...walk(file));
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) out.push(file);
  }
  return out;
}
