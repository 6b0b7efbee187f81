/**
 * ETL benchmark (issue 3). One run:
 *  1. generates N police.uk street rows (default 10 M) as monthly files with the synthetic generator;
 *  2. (a) DuckDB alone: CREATE TABLE AS SELECT * FROM read_csv(...) over the same files, in a fresh
 *     database file with the hub's DuckDB settings (threads, memory limit, storage format);
 *  3. (b) the full pipeline: every file through the police-uk-street feed (inspection, SHA-256,
 *     staging, validation, district enrichment, lineage, atomic replace-month publish, catalogue
 *     update, audit), on a fresh hub;
 *  4. prints rows/s for both, the ratio (b)/(a) and peak RSS. Target: ratio ≥ 0.5, RSS < 1 GB.
 *  Steps 2 and 3 run as a pair three times (--repeat N); each pair's ratio is printed and the median
 *  is the figure, since one pair on a shared machine can be off by a tenth either way.
 *
 * (a) and (b) each run in a child process of their own, so each peak RSS is that step's alone (not
 * the generator's, not the other step's). The hub keeps its catalogue on a PostgreSQL server as
 * deployed (a scratch database created and dropped on BENCH_PG_URL's server); `--embedded` uses
 * the hub's own embedded PostgreSQL instead (a separate server process, not counted in RSS).
 *
 * Usage: npm run bench:etl [-- --rows 200000] [--months 10] [--repeat 3] [--dir DIR --keep] [--embedded]
 *        (or BENCH_ROWS=200000 npm run bench:etl). With --dir, files already generated there for
 *        the same rows and months are reused.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { scratchDatabase } from './scratch-database.js';
import { generateDataset, type Manifest } from '../etl/generate/index.js';
import { duckdbOptions } from '../src/analytics-store/analytics-store.service.js';
import { createHub } from '../src/bootstrap.js';
import { type AppConfig, loadConfig } from '../src/config/app-config.js';
import { LoadsService } from '../src/ingest/loads.service.js';
import { LoadStatus } from '../src/ingest/load-policy.js';
import { StagedLoad } from '../src/ingest/staged-load.js';
import { PipelineService } from '../src/ingest/pipeline.service.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    months: { type: 'string' },
    keep: { type: 'boolean' },
    dir: { type: 'string' },
    embedded: { type: 'boolean' },
    phase: { type: 'string' },
    'database-url': { type: 'string' },
    repeat: { type: 'string' },
  },
});
const ROWS = Number(values.rows ?? process.env.BENCH_ROWS ?? 10_000_000);
const MONTHS = Number(values.months ?? Math.max(1, Math.min(12, Math.ceil(ROWS / 1_000_000))));
/** Pairs of (a) and (b) run back to back; the median ratio is the figure (one run is at the mercy of a noisy machine). */
const REPEAT = Number(values.repeat ?? process.env.BENCH_REPEAT ?? 3);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What a child process reports back on its last line. */
interface PhaseResult {
  ms: number;
  cpuMs: number;
  rows: number;
  peakRssMb: number;
  idleRssMb?: number;
  steps?: Record<string, number>;
}

const mb = (b: number) => Math.round(b / 1024 / 1024);
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-GB');
const log = (s: string) => process.stdout.write(`${s}\n`);

function hubConfig(dir: string, databaseUrl: string | undefined): AppConfig {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: path.join(dir, 'hub'),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
    INGEST_INBOXES: 'false',
    INGEST_MAX_FILE_MB: '100000',
  } as NodeJS.ProcessEnv);
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/** (a) DuckDB alone, with the hub's DuckDB settings. */
async function baselinePhase(dir: string, files: string[], config: AppConfig): Promise<PhaseResult> {
  const file = path.join(dir, 'baseline.duckdb');
  rmSync(file, { force: true });
  const cpu = process.cpuUsage();
  const t = performance.now();
  const db = await DuckDBInstance.create(file, duckdbOptions(config));
  const c = await db.connect();
  const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
  await c.run(`CREATE TABLE t AS SELECT * FROM read_csv([${list}], header = true)`);
  const [[count]] = (await c.runAndReadAll('SELECT count(*) FROM t')).getRows();
  const ms = performance.now() - t;
  c.closeSync();
  db.closeSync();
  rmSync(file, { force: true });
  return { ms, cpuMs: cpuMs(cpu), rows: Number(count), peakRssMb: mb(process.resourceUsage().maxRSS * 1024) };
}

/** Time spent in each step of the pipeline, summed over files (wrapping the methods; no change to them). */
function timeMethods(phases: Record<string, number>, proto: object, names: string[]): void {
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

/** (b) Every file through the police-uk-street feed of a fresh hub. */
async function pipelinePhase(dir: string, files: string[], config: AppConfig): Promise<PhaseResult> {
  const steps: Record<string, number> = {};
  timeMethods(steps, StagedLoad.prototype, ['read', 'unplacedCoordinates', 'publish']);
  timeMethods(steps, PipelineService.prototype, ['run']);
  rmSync(path.join(dir, 'hub'), { recursive: true, force: true });
  const hub = await createHub(config, { seedDemo: false, purpose: 'bench:etl' });
  const idleRssMb = mb(process.memoryUsage.rss());
  let loaded = 0;
  let ms = 0;
  let cpuUsed = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  try {
    const loads = hub.app.get(LoadsService);
    for (const file of files) {
      const { done } = await loads.submit({ feedSlug: 'police-uk-street', path: file, fileName: path.basename(file), source: 'cli', user: null });
      const load = await done;
      if (load.status !== LoadStatus.Succeeded) throw new Error(`${file}: ${load.status} ${load.error}`);
      if (load.rowsRead !== load.rowsLoaded + load.rowsRejected) throw new Error(`${file}: rows do not add up`);
      loaded += load.rowsLoaded;
    }
    // Timed to the last load's end, as (a) is timed to its statement's end: shutting down is not loading.
    ms = performance.now() - t;
    cpuUsed = cpuMs(cpu);
  } finally {
    await hub.close();
  }
  rmSync(path.join(dir, 'hub'), { recursive: true, force: true });
  return { ms, cpuMs: cpuUsed, rows: loaded, peakRssMb: mb(process.resourceUsage().maxRSS * 1024), idleRssMb, steps };
}

/** Runs this script again as `--phase <name>` and reads the JSON result from its last line. */
function runChild(phase: string, dir: string, extra: string[]): Promise<PhaseResult> {
  const script = fileURLToPath(import.meta.url);
  const args = [script, '--phase', phase, '--dir', dir, '--rows', String(ROWS), '--months', String(MONTHS), ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${phase} step exited with ${code}: ${out.trim()}`));
      resolve(JSON.parse(last) as PhaseResult);
    });
  });
}

async function generate(data: string): Promise<string[]> {
  const manifestFile = path.join(data, 'manifest.json');
  const wanted = Math.ceil(ROWS / MONTHS) * MONTHS;
  if (existsSync(manifestFile)) {
    const old = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const files = old.files.filter((f) => f.kind === 'police-street');
    if (files.length === MONTHS && files.reduce((n, f) => n + f.rows, 0) === wanted) {
      log(`Reusing ${fmt(wanted)} generated rows in ${data}`);
      return files.map((f) => path.join(data, f.path));
    }
    rmSync(data, { recursive: true, force: true });
  }
  log(`Generating ${fmt(ROWS)} police.uk street rows in ${MONTHS} monthly files...`);
  const t = performance.now();
  const manifest = await generateDataset({ out: data, months: MONTHS, rowsPerMonth: Math.ceil(ROWS / MONTHS), seed: 'bench-etl', policeOnly: true });
  const files = manifest.files.filter((f) => f.kind === 'police-street');
  log(`  ${fmt(files.reduce((n, f) => n + f.rows, 0))} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return files.map((f) => path.join(data, f.path));
}

/** The middle value (the lower middle of an even count). */
function median(xs: number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function main(): Promise<void> {
  const dir = values.dir ?? mkdtempSync(path.join(os.tmpdir(), 'csp-hub-bench-etl-'));
  mkdirSync(dir, { recursive: true });
  const data = path.join(dir, 'files');
  let catalogue = 'embedded PostgreSQL';
  try {
    const files = await generate(data);
    const config = hubConfig(dir, undefined);
    // (a) and (b) run as pairs, back to back; the ratio of each pair is reported and their median is the figure.
    const pairs: { a: PhaseResult; b: PhaseResult; ratio: number }[] = [];
    for (let i = 1; i <= REPEAT; i++) {
      const a = await runChild('baseline', dir, []);
      const rows = a.rows;
      // Each (b) starts from an empty hub: a catalogue of its own, created and dropped.
      const scratch = values.embedded ? null : await scratchDatabase(PG_URL, `csp_bench_etl_${i}`, log);
      if (scratch) catalogue = 'PostgreSQL server';
      const b = await runChild('pipeline', dir, scratch ? ['--database-url', scratch.url] : []).finally(() =>
        scratch?.drop().catch((err) => log(`Could not drop the scratch database: ${(err as Error).message}`)),
      );
      if (b.rows !== rows) throw new Error(`the pipeline loaded ${b.rows} rows, DuckDB read ${rows}`);
      const ratio = rate(rows, b.ms) / rate(rows, a.ms);
      pairs.push({ a, b, ratio });
      log(
        `Pair ${i}/${REPEAT}: (a) DuckDB alone ${(a.ms / 1000).toFixed(1)} s, ${fmt(rate(rows, a.ms))} rows/s; ` +
          `(b) ETL load ${(b.ms / 1000).toFixed(1)} s, ${fmt(rate(rows, b.ms))} rows/s; ratio ${ratio.toFixed(2)}`,
      );
      log(`    steps of (b): ${Object.entries(b.steps ?? {}).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`);
    }
    const rows = pairs[0].a.rows;
    const ratio = median(pairs.map((p) => p.ratio));
    const middle = pairs.find((p) => p.ratio === ratio)!;
    const cpuRatio = median(pairs.map((p) => p.a.cpuMs / p.b.cpuMs));
    const peak = Math.max(...pairs.map((p) => p.b.peakRssMb));
    const { a, b } = middle;
    log('');
    log(`# ETL benchmark: ${fmt(rows)} police.uk street rows in ${files.length} files, ${os.cpus().length} cores, DuckDB ${config.duckdb.threads} threads / ${config.duckdb.memoryLimit}, catalogue on ${catalogue}`);
    log('');
    log(`Pair with the median ratio (of ${REPEAT}):`);
    log('');
    log('| | wall time | rows/s | CPU time | peak RSS |');
    log('|---|---|---|---|---|');
    log(`| (a) DuckDB alone: CREATE TABLE AS SELECT * FROM read_csv | ${(a.ms / 1000).toFixed(1)} s | ${fmt(rate(rows, a.ms))} | ${(a.cpuMs / 1000).toFixed(1)} s | ${fmt(a.peakRssMb)} MB |`);
    log(`| (b) full ETL load (validation, enrichment, lineage, publish) | ${(b.ms / 1000).toFixed(1)} s | ${fmt(rate(rows, b.ms))} | ${(b.cpuMs / 1000).toFixed(1)} s | ${fmt(b.peakRssMb)} MB (hub idle ${fmt(b.idleRssMb ?? 0)} MB) |`);
    log('');
    log(`Ratio (b)/(a), rows/s: median ${ratio.toFixed(2)} of ${pairs.map((p) => p.ratio.toFixed(2)).join(', ')} (target ≥ 0.5): ${ratio >= 0.5 ? 'met' : 'MISSED'}; by CPU time: ${cpuRatio.toFixed(2)}`);
    log(`Peak RSS of the ETL load, highest of the ${REPEAT} runs: ${fmt(peak)} MB (target < 1 GB = 1,024 MB): ${peak < 1024 ? 'met' : 'MISSED'}`);
    log(
      JSON.stringify({
        rows,
        files: files.length,
        catalogue,
        pairs: pairs.map((p) => ({ baselineSeconds: +(p.a.ms / 1000).toFixed(2), pipelineSeconds: +(p.b.ms / 1000).toFixed(2), ratio: +p.ratio.toFixed(3) })),
        ratio: +ratio.toFixed(3),
        cpuRatio: +cpuRatio.toFixed(3),
        baselinePeakRssMb: Math.max(...pairs.map((p) => p.a.peakRssMb)),
        pipelinePeakRssMb: peak,
        hubIdleRssMb: b.idleRssMb,
      }),
    );
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else if (values.dir === undefined) log(`Kept ${dir}`);
  }
}

async function child(phase: string): Promise<void> {
  const dir = values.dir!;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'files', 'manifest.json'), 'utf8')) as Manifest;
  const files = manifest.files.filter((f) => f.kind === 'police-street').map((f) => path.join(dir, 'files', f.path));
  const config = hubConfig(dir, values['database-url']);
  const result = phase === 'baseline' ? await baselinePhase(dir, files, config) : await pipelinePhase(dir, files, config);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

(values.phase ? child(values.phase) : main()).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
