import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileForChild } from '../ingest/support/compile-for-child.js';
import { afterNodeWarning, nodeWarningLines } from '../support/node-warning.js';

const root = path.resolve(import.meta.dirname, '../..');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(entry: string, args: string[], env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 45_000);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The hub secret for subject and place keys is configuration, never a default: in production the
 * server and both command lines refuse to start without MATCHING_KEY, saying so in one line and
 * touching nothing (no database opened, no key generated).
 */
// Child processes on an embedded data folder of their own in every run: the PostgreSQL server run would only repeat them.
describe('MATCHING_KEY missing at start-up', () => {
  let compiled: { dir: string; entry: string };
  let dataDir: string;
  const production = () => ({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(48), SECRETS_KEY: 's'.repeat(40), CASE_REVIEW_KEY: 'c'.repeat(64), DATA_DIR: dataDir, LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    compiled = await compileForChild(root, path.join(root, 'src/main.ts'));
  }, 120_000);
  beforeEach(() => (dataDir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-no-key-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  afterAll(() => compiled && rmSync(compiled.dir, { recursive: true, force: true }));

  const expectRefusal = (exit: Exit) => {
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/MATCHING_KEY: required when NODE_ENV=production/);
    // A message for an operator, not a stack trace.
    expect(exit.stderr).not.toMatch(/^\s+at /m);
    expect(exit.stdout).not.toMatch(/is running at/);
    // Nothing was created: no embedded database, no generated key.
    expect(readdirSync(dataDir)).toEqual([]);
  };

  it('the server refuses to start', async () => {
    const exit = await run(compiled.entry, [], { ...production(), PORT: '0' });
    expectRefusal(exit);
    expect(afterNodeWarning(exit.stderr)).toMatch(/^csp-hub could not start: Invalid configuration:/);
  });

  it('the ETL command line refuses to start', async () => {
    const exit = await run(path.join(compiled.dir, 'etl/cli.js'), ['feeds'], production());
    expectRefusal(exit);
  });

  it('the administration command line refuses to start', async () => {
    const exit = await run(path.join(compiled.dir, 'src/cli.js'), ['organisations'], production());
    expectRefusal(exit);
  });

  it('refuses a short key naming the variable, and runs with a good one', async () => {
    const short = await run(compiled.entry, [], { ...production(), MATCHING_KEY: 'short', PORT: '0' });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/MATCHING_KEY: must be at least 32 characters/);
    const good = await run(path.join(compiled.dir, 'src/cli.js'), ['organisations'], { ...production(), MATCHING_KEY: 'k'.repeat(40) });
    // Nothing on stderr but, on Node 20, the warning that it is past its end of life.
    expect({ code: good.code, stderr: good.stderr }).toEqual({ code: 0, stderr: nodeWarningLines() });
    expect(good.stdout).toMatch(/Winchester/);
    expect(existsSync(path.join(dataDir, '.matching-key'))).toBe(false);
  });
});
