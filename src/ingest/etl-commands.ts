import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { createHub, type RunningHub } from '../bootstrap.js';
import { loadConfig } from '../config/app-config.js';
import { FeedsService } from './feeds.service.js';
import { GeographyService } from './geography.service.js';
import type { LoadDto } from './ingest.dto.js';
import type { Load } from './load.entity.js';
import { LoadStatus } from './load-policy.js';
import { LoadsService } from './loads.service.js';

/** Options of `npm run etl` a command may use (parsed and checked by etl/cli.ts). */
export interface EtlOptions {
  feed?: string;
  json?: boolean;
  limit?: string;
  out?: string;
}

/** Runs one ETL command on a hub opened for it; returns the process exit code. */
export async function runEtlCommand(command: string, args: string[], values: EtlOptions): Promise<number> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const hub = await createHub(config, { seedDemo: false, purpose: `etl ${command}` });
  try {
    switch (command) {
      case 'feeds':
        return await listFeeds(hub);
      case 'load':
        return await load(hub, values.feed!, args, values.json ?? false);
      case 'loads':
        return await listLoads(hub, values.feed, values.limit ? Number(values.limit) : 20, values.json ?? false);
      case 'rejects':
        return await rejects(hub, args[0], values.out);
      case 'rollback': {
        const result = await hub.app.get(LoadsService).rollback(null, args[0], null);
        const restored = result.rowsRestored ? `; ${n(result.rowsRestored)} rows it had replaced are back` : '';
        process.stdout.write(`Rolled back load ${result.id} (${result.file}): ${n(result.rowsRemoved)} rows removed${restored}.\n`);
        return 0;
      }
      default: {
        const summary = await hub.app.get(GeographyService).importFolder(path.resolve(args[0]));
        process.stdout.write(`Geography loaded: ${summary.districts} districts, ${summary.lsoas} LSOAs, ${summary.wards} wards.\n`);
        return 0;
      }
    }
  } finally {
    await hub.close();
  }
}

async function listFeeds(hub: RunningHub): Promise<number> {
  const feeds = await hub.app.get(FeedsService).list();
  table(
    ['feed', 'adapter', 'policy', 'dataset', 'inbox'],
    feeds.map((f) => [f.slug, f.adapter, f.policy, f.dataset.slug, f.inboxDir ? `${f.inboxDir} (${f.schedule})` : '']),
  );
  return 0;
}

async function load(hub: RunningHub, feed: string, files: string[], json: boolean): Promise<number> {
  const loads = hub.app.get(LoadsService);
  await hub.app.get(FeedsService).get(feed);
  // Rate and rows first, the file name last, so an 80-column terminal cuts only the name.
  const bar = json || !process.stderr.isTTY ? null : new cliProgress.MultiBar(
    { format: ' {bar} {percentage}% | {rate} rows/s | {rows} rows | {phase} | {file}', barsize: 20, stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const records: LoadDto[] = [];
  for (const file of files) {
    const started = Date.now();
    const row = bar?.create(100, 0, { file: path.basename(file), phase: 'queued', rows: 0, rate: 0 });
    let lastPhase = '';
    const onProgress = (l: Load) => {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const phase = l.status === LoadStatus.Running ? l.progress.phase : l.status;
      const rate = Math.round(l.rowsRead / seconds);
      row?.update(l.progress.percent, { phase, rows: n(l.rowsRead), rate: n(rate) });
      // Without a terminal (a log, a pipe), one line per phase instead of a bar.
      if (!bar && !json && phase !== lastPhase) process.stderr.write(`${path.basename(file)}: ${phase}${l.rowsRead ? ` (${n(l.rowsRead)} rows, ${n(rate)} rows/s)` : ''}\n`);
      lastPhase = phase;
    };
    const { done } = await loads.submit({ feedSlug: feed, path: path.resolve(file), fileName: path.basename(file), source: 'cli', user: null, onProgress });
    const result = await done;
    onProgress(result);
    records.push((await loads.describe([result]))[0]);
  }
  bar?.stop();
  if (json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  else {
    table(
      ['file', 'status', 'read', 'loaded', 'rejected', 'replaced', 'rows/s', 'load id'],
      records.map((r) => [r.file, r.status, n(r.rowsRead), n(r.rowsLoaded), n(r.rowsRejected), n(r.rowsReplaced), r.durationMs ? n(Math.round(r.rowsRead / (r.durationMs / 1000))) : '', r.id]),
    );
    for (const r of records.filter((x) => x.error)) process.stdout.write(`\n${r.file}: ${r.error}\n`);
    for (const r of records.filter((x) => x.status === LoadStatus.Duplicate)) {
      process.stdout.write(`\n${r.file}: the same file (by SHA-256) is already loaded as load ${r.duplicateOf}; nothing was added.\n`);
    }
    for (const r of records.filter((x) => x.rowsRejected > 0)) process.stdout.write(`\n${r.file}: ${n(r.rowsRejected)} rows rejected; see npm run etl -- rejects ${r.id}\n`);
  }
  return records.some((r) => r.status === LoadStatus.Failed) ? 1 : 0;
}

async function listLoads(hub: RunningHub, feed: string | undefined, limit: number, json: boolean): Promise<number> {
  const loads = await hub.app.get(LoadsService).list(null, { feed, limit });
  if (json) process.stdout.write(`${JSON.stringify(loads, null, 2)}\n`);
  else table(['queued at', 'feed', 'file', 'status', 'read', 'loaded', 'rejected', 'load id'], loads.map((l) => [l.queuedAt.slice(0, 19), l.feed, l.file, l.status, n(l.rowsRead), n(l.rowsLoaded), n(l.rowsRejected), l.id]));
  return 0;
}

async function rejects(hub: RunningHub, id: string, out: string | undefined): Promise<number> {
  const { file, rows } = await hub.app.get(LoadsService).rejectsFile(id);
  try {
    if (out) {
      const { copyFile } = await import('node:fs/promises');
      await copyFile(file, out);
      process.stderr.write(`${rows} rejected rows written to ${out}\n`);
    } else {
      await new Promise<void>((resolve, reject) => createReadStream(file).on('end', resolve).on('error', reject).pipe(process.stdout, { end: false }));
    }
  } finally {
    await rm(file, { force: true });
  }
  return 0;
}

const n = (x: number) => x.toLocaleString('en-GB');

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: string[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write(`${line(head)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}${rows.length ? '\n' : ''}`);
}

