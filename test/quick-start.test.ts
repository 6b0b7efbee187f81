import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

/** The README promises two commands; CI must run the same test command. */
describe('quick start', () => {
  const readme = read('README.md');
  const blocks = [...readme.split('## Quick start')[1].split('\n## ')[0].matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());

  it('is exactly two commands: install-and-start, and test', () => {
    expect(blocks).toEqual(['npm install && npm start', 'npm test']);
  });

  it('has .ci/run run the same test command', () => {
    const ci = read('.ci/run').split('\n').map((l) => l.trim());
    expect(ci).toContain(blocks[1]);
  });

  it('builds before starting, so a fresh clone starts with one command', () => {
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.scripts.prestart).toMatch(/npm run build/);
    expect(pkg.scripts.test).toBe('node scripts/test.mjs');
  });
});
