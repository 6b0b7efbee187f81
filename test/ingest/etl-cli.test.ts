import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDataset, type Manifest } from '../../etl/generate/index.js';
import { afterNodeWarning } from '../support/node-warning.js';
import { provisionDatabase } from '../support/test-database.js';
import { compileForChild } from './support/compile-for-child.js';
import { STREET_HEADER, streetRow } from './ingest-helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const reference = process.env.REFERENCE_DATA_DIR;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface LoadRecord {
  id: string;
  file: string;
  status: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsReplaced: number;
  duplicateOf: string | null;
  error: string | null;
}

/** The ETL command line as an operator runs it: a separate process on the same data folder. */
describe('npm run etl (the ETL command line)', () => {
  let dir: string;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  let cli: { entry: string; dir: string };
  let manifest: Manifest;
  let generated: string;

  const etl = (...args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [cli.entry, ...args], { env: { ...process.env, ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (d) => (stdout += d));
      proc.stderr.on('data', (d) => (stderr += d));
      proc.on('error', reject);
      proc.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  const street = (i: number) => path.join(generated, manifest.files.filter((f) => f.kind === 'police-street')[i].path);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'csp-hub-cli-'));
    const database = await provisionDatabase();
    drop = database.drop;
    env = {
      NODE_ENV: 'test',
      DATA_DIR: dir,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
      LOG_LEVEL: 'silent',
      DEMO_SEED: 'false',
      INGEST_INBOXES: 'false',
      ...(database.env.DATABASE_URL ? { DATABASE_URL: database.env.DATABASE_URL } : {}),
    };
    cli = await compileForChild(root, path.join(root, 'etl/cli.ts'));
    generated = path.join(dir, 'generated');
    manifest = await generateDataset({ out: generated, months: 2, rowsPerMonth: 300, seed: 'etl-cli-test', policeOnly: true });
  }, 120_000);

  afterAll(async () => {
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
    if (cli) rmSync(cli.dir, { recursive: true, force: true });
  });

  it('lists the built-in feeds', async () => {
    const run = await etl('feeds');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['feed', 'adapter', 'policy', 'dataset', 'inbox']);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['police-uk-outcomes', 'police-uk-outcomes', 'replace-month'],
      ['police-uk-stop-search', 'police-uk-stop-search', 'replace-month'],
      ['police-uk-street', 'police-uk-street', 'replace-month'],
    ]);
  }, 60_000);

  it('loads files with --json, lists them, reports rejects and rolls one back', async () => {
    const messy = path.join(dir, '2030-06-messy-street.csv');
    writeFileSync(messy, [STREET_HEADER, streetRow({ month: '2030-06', id: 'm-1', type: 'Burglary' }), streetRow({ month: 'June 2030', id: 'm-2', type: 'Burglary' }), streetRow({ month: '2030-06' })].join('\r\n') + '\r\n');
    const run = await etl('load', '--json', '--feed', 'police-uk-street', street(0), street(1), messy);
    expect(run.code).toBe(0);
    const records = JSON.parse(run.stdout) as LoadRecord[];
    const expected = manifest.files.filter((f) => f.kind === 'police-street').map((f) => f.rows);
    expect(records.map((r) => [r.file, r.status, r.rowsRead, r.rowsLoaded, r.rowsRejected])).toEqual([
      [path.basename(street(0)), 'succeeded', expected[0], expected[0], 0],
      [path.basename(street(1)), 'succeeded', expected[1], expected[1], 0],
      ['2030-06-messy-street.csv', 'succeeded', 3, 2, 1],
    ]);
    for (const r of records) expect(r.id).toMatch(/^[0-9a-f-]{36}$/);

    const loads = JSON.parse((await etl('loads', '--json')).stdout) as LoadRecord[];
    expect(loads.map((l) => l.id)).toEqual(records.map((r) => r.id).reverse());

    const rejects = await etl('rejects', records[2].id);
    expect(rejects.code).toBe(0);
    const lines = rejects.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('row,line,reasons,values');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^2,,"Month ""June 2030"" is not a month written YYYY-MM",/);

    const rolled = await etl('rollback', records[2].id);
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toBe(`Rolled back load ${records[2].id} (2030-06-messy-street.csv): 2 rows removed.\n`);
    const table = (await etl('loads')).stdout;
    expect(table).toMatch(new RegExp(`2030-06-messy-street\\.csv\\s+rolled_back\\s+3\\s+2\\s+1\\s+${records[2].id}`));
    const again = await etl('rollback', records[2].id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Only a succeeded load can be rolled back; this one is rolled back/);
  }, 120_000);

  it('prints a summary table that says what happened to each file, with rows/s', async () => {
    const bad = path.join(dir, 'not-text.csv');
    writeFileSync(bad, Buffer.from([0, 1, 2, 3, 0, 255]));
    const run = await etl('load', '--feed', 'police-uk-street', street(0), bad);
    expect(run.code).toBe(1);
    const [head, rule, first, second] = run.stdout.split('\n');
    expect(head.split(/\s{2,}/)).toEqual(['file', 'status', 'read', 'loaded', 'rejected', 'replaced', 'rows/s', 'load id']);
    expect(rule).toMatch(/^-+( +-+){7}$/);
    expect(first.split(/\s{2,}/).slice(0, 5)).toEqual([path.basename(street(0)), 'duplicate', manifest.files.find((f) => f.kind === 'police-street')!.rows.toLocaleString('en-GB'), '0', '0']);
    expect(second.split(/\s{2,}/).slice(0, 2)).toEqual(['not-text.csv', 'failed']);
    expect(run.stdout).toContain('not-text.csv: This is not a text file: it contains binary data.');
    expect(run.stdout).toMatch(/: the same file \(by SHA-256\) is already loaded as load [0-9a-f-]{36}; nothing was added\./);
    // Without a terminal the progress is one line per phase on stderr, with rows and rows/s.
    expect(run.stderr).toMatch(new RegExp(`${path.basename(street(0))}: validating \\([\\d,]+ rows, [\\d,]+ rows/s\\)`));
  }, 120_000);

  it('refuses a missing file or feed with a clear message and a non-zero exit', async () => {
    const missing = await etl('load', '--feed', 'police-uk-street', path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(afterNodeWarning(missing.stderr)).toMatch(/^No such file: .*nope\.csv/);
    const feed = await etl('load', '--feed', 'no-such-feed', street(0));
    expect(feed.code).toBe(1);
    expect(feed.stderr).toMatch(/There is no feed "no-such-feed"/);
    const usage = await etl('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stdout).toMatch(/^Usage: npm run etl -- <command>/);
  }, 60_000);

  (reference ? it : it.skip)('loads a real police.uk file from REFERENCE_DATA_DIR', async () => {
    const file = path.join(reference!, 'police-uk', '2022-02-hampshire-street.csv');
    const run = await etl('load', '--json', '--feed', 'police-uk-street', file);
    expect(run.code).toBe(0);
    const [record] = JSON.parse(run.stdout) as LoadRecord[];
    expect(record.status).toBe('succeeded');
    expect(record.rowsRejected).toBe(0);
    expect(record.rowsLoaded).toBe(record.rowsRead);
    expect(record.rowsRead).toBeGreaterThan(10_000);
  }, 120_000);
});
