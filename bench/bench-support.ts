/** Small pieces the query and disclosure benchmarks share: percentiles, timing, output, the hub's settings. */
import { performance } from 'node:perf_hooks';

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
