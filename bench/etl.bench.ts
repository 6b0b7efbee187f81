/**
 * ETL benchmark (issue 3). One run:
 *  1. generates N police.uk street rows (default 10 M) as monthly files with the synthetic generator;
 *  2. (a) DuckDB alone: CREATE TABLE AS SELECT * FROM read_csv(...) over the same files, in a fresh
 *     database file with the hub's thread and memory settings;
 *  3. (b) the full pipeline: every file through the police-uk-street feed (inspection, SHA-256,
 *     staging, validation, district enrichment, lineage, atomic replace-month publish, catalogue
 *     update, audit), on a fresh hub;
 *  4. prints rows/s for both, the ratio (b)/(a) and peak RSS. Target: ratio ≥ 0.5, RSS < 1 GB.
 * Usage: npm run bench:etl [-- --rows 1000000] [--months 10] [--keep]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateDataset } from '../etl/generate/index.js';
import { createHub } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { LoadsService } from '../src/ingest/loads.service.js';
import { LoadStatus } from '../src/ingest/load-policy.js';
import { StagedLoad } from '../src/ingest/ingest-store.repository.js';
import { PipelineService } from '../src/ingest/pipeline.service.js';

/** Time spent in each step of the pipeline, summed over files (wrapping the methods; no change to them). */
const phases: Record<string, number> = {};
function timeMethods(proto: object, names: string[]): void {
  for (const name of names) {
    const original = (proto as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
    (proto as Record<string, unknown>)[name] = async function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        phases[name] = (phases[name] ?? 0) + performance.now() - t;
      }
    };
  }
}
timeMethods(StagedLoad.prototype, ['read', 'unplacedCoordinates', 'addMatchKeys', 'publish']);
timeMethods(PipelineService.prototype, ['run']);

const { values } = parseArgs({ options: { rows: { type: 'string' }, months: { type: 'string' }, keep: { type: 'boolean' }, dir: { type: 'string' } } });
const ROWS = Number(values.rows ?? process.env.BENCH_ROWS ?? 10_000_000);
const MONTHS = Number(values.months ?? Math.max(1, Math.min(12, Math.ceil(ROWS / 1_000_000))));

/** Samples resident memory every 50 ms to report the peak of one phase. */
function rssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}

const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

async function main(): Promise<void> {
  const dir = values.dir ?? mkdtempSync(path.join(os.tmpdir(), 'csp-hub-bench-etl-'));
  const data = path.join(dir, 'files');
  const env = { ...process.env, NODE_ENV: 'development', DATA_DIR: path.join(dir, 'hub'), LOG_LEVEL: 'warn', DEMO_SEED: 'false', INGEST_INBOXES: 'false', INGEST_MAX_FILE_MB: '100000' };
  const config = loadConfig(env);
  try {
    process.stdout.write(`Generating ${ROWS.toLocaleString('en-GB')} police.uk street rows in ${MONTHS} monthly files...\n`);
    let t = performance.now();
    const manifest = await generateDataset({ out: data, months: MONTHS, rowsPerMonth: Math.ceil(ROWS / MONTHS), seed: 'bench-etl', policeOnly: true });
    const files = manifest.files.filter((f) => f.kind === 'police-street');
    const rows = files.reduce((n, f) => n + f.rows, 0);
    process.stdout.write(`  ${rows.toLocaleString('en-GB')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

    // (a) DuckDB alone.
    const baselineFile = path.join(dir, 'baseline.duckdb');
    const stopA = rssSampler();
    t = performance.now();
    const db = await DuckDBInstance.create(baselineFile, { threads: String(config.duckdb.threads), memory_limit: config.duckdb.memoryLimit });
    const c = await db.connect();
    const list = files.map((f) => `'${path.join(data, f.path).replace(/'/g, "''")}'`).join(', ');
    await c.run(`CREATE TABLE t AS SELECT * FROM read_csv([${list}], header = true)`);
    const [[count]] = (await c.runAndReadAll('SELECT count(*) FROM t')).getRows();
    const msA = performance.now() - t;
    c.closeSync();
    db.closeSync();
    const rssA = stopA();
    if (Number(count) !== rows) throw new Error(`baseline read ${count} rows, expected ${rows}`);
    process.stdout.write(`(a) DuckDB CREATE TABLE AS read_csv: ${(msA / 1000).toFixed(1)} s, ${rate(rows, msA).toLocaleString('en-GB')} rows/s\n`);

    // (b) Full pipeline.
    const hub = await createHub(config, { seedDemo: false, purpose: 'bench:etl' });
    let loaded = 0;
    let msB = 0;
    const stopB = rssSampler();
    try {
      const loads = hub.app.get(LoadsService);
      t = performance.now();
      for (const f of files) {
        const file = path.join(data, f.path);
        const { done } = await loads.submit({ feedSlug: 'police-uk-street', path: file, fileName: f.path, source: 'cli', user: null });
        const load = await done;
        if (load.status !== LoadStatus.Succeeded) throw new Error(`${f.path}: ${load.status} ${load.error}`);
        if (load.rowsRead !== load.rowsLoaded + load.rowsRejected) throw new Error(`${f.path}: rows do not add up`);
        loaded += load.rowsLoaded;
      }
      msB = performance.now() - t;
    } finally {
      await hub.close();
    }
    const rssB = stopB();
    const ratio = rate(rows, msB) / rate(rows, msA);
    const peak = process.resourceUsage().maxRSS * 1024;
    process.stdout.write(`(b) Full ETL pipeline: ${(msB / 1000).toFixed(1)} s, ${rate(rows, msB).toLocaleString('en-GB')} rows/s (${loaded.toLocaleString('en-GB')} rows loaded)\n`);
    process.stdout.write(`    steps: ${Object.entries(phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}\n`);
    process.stdout.write(`Ratio (b)/(a): ${ratio.toFixed(2)} (target ≥ 0.5)\n`);
    process.stdout.write(`Peak RSS: baseline ${mb(rssA)}, pipeline ${mb(rssB)}, process ${mb(peak)} (target < 1 GB)\n`);
    process.stdout.write(
      `${JSON.stringify({ rows, months: MONTHS, baselineSeconds: +(msA / 1000).toFixed(2), pipelineSeconds: +(msB / 1000).toFixed(2), baselineRowsPerSecond: rate(rows, msA), pipelineRowsPerSecond: rate(rows, msB), ratio: +ratio.toFixed(3), peakRssMb: Math.round(peak / 1048576), pipelineRssMb: Math.round(rssB / 1048576) })}\n`,
    );
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
