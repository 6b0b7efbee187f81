/** Small pieces the query and disclosure benchmarks share: percentiles, timing, output, the hub's settings. */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { type ColumnSpec, COMMON_COLUMNS, DatasetKind, Sensitivity } from '../domain/dataset-schema.js';
import { AnalyticsStore } from '../src/analytics-store/analytics-store.service.js';
import type { createHub } from '../src/bootstrap.js';
import type { Dataset } from '../src/datasets/dataset.entity.js';
import { DatasetsRepository } from '../src/datasets/datasets.repository.js';
import { OrganisationsService } from '../src/organisations/organisations.service.js';

type Hub = Awaited<ReturnType<typeof createHub>>;

/** The p-th percentile (nearest rank) of some timings. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export const ms = (n: number): string => `${n.toFixed(1)} ms`;

export const log = (s: string): void => void process.stdout.write(`${s}\n`);

/** Runs `work`, returning how long it took (ms) and its result. */
export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await work();
  return [performance.now() - t, r];
}

/** The environment a benchmark hub starts with: a scratch data folder, quiet, no demo, no sign-in limit. */
export function benchEnv(dataDir: string, databaseUrl: string | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'false',
    SIGNIN_RATE_PER_MINUTE: '10000',
    DUCKDB_MEMORY_LIMIT: process.env.DUCKDB_MEMORY_LIMIT ?? '4GB',
    ...extra,
  } as NodeJS.ProcessEnv;
}

/** The benchmark dataset: police-style rows generated into this table (bench/query-bench-data.ts). */
export const BENCH_SLUG = 'bench-police-street';
export const BENCH_TABLE = 'ds_bench_police_street';
export const BENCH_EXTRA_COLUMNS: ColumnSpec[] = [
  { name: 'outcome', type: 'text', label: 'Last outcome', personal: false, dimension: true },
  { name: 'location', type: 'text', label: 'Location', personal: false, dimension: false },
];

/** Catalogues the generated table as a police dataset owned by the constabulary, with its figures. */
export async function catalogueBenchDataset(hub: Hub): Promise<Dataset> {
  const police = await hub.app.get(OrganisationsService).getBySlug('hiow-constabulary');
  const [stats] = await hub.app.get(AnalyticsStore).all<{ n: bigint; lo: unknown; hi: unknown }>(
    `SELECT count(*) AS n, CAST(min(month) AS VARCHAR) AS lo, CAST(max(month) AS VARCHAR) AS hi FROM ${BENCH_TABLE}`,
  );
  return hub.app.get(DataSource).transaction((em) =>
    hub.app.get(DatasetsRepository).insert(em, {
      slug: BENCH_SLUG,
      title: 'Benchmark police street-level crime and ASB',
      ownerOrganisationId: police.id,
      kind: DatasetKind.PoliceStreet,
      sensitivity: Sensitivity.Official,
      lawfulBasis: 'Benchmark',
      columns: [...COMMON_COLUMNS, ...BENCH_EXTRA_COLUMNS],
      duckdbTable: BENCH_TABLE,
      rowCount: Number(stats.n),
      minMonth: String(stats.lo),
      maxMonth: String(stats.hi),
      lastLoadedAt: new Date(),
      version: 1,
    }),
  );
}
