import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnalyticsStore } from '../analytics-store/analytics-store.service.js';
import { POSTGRES_ENDPOINT } from '../database/database.module.js';
import type { PostgresEndpoint } from '../database/postgres-endpoint.js';

export interface StoreHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  postgres: StoreHealth & { embedded: boolean };
  duckdb: StoreHealth;
  uptimeSeconds: number;
}

const TIMEOUT_MS = 3000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(POSTGRES_ENDPOINT) private readonly endpoint: PostgresEndpoint,
    private readonly analytics: AnalyticsStore,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, duckdb] = await Promise.all([
      probe(async () => (await this.dataSource.query('SELECT 1 AS ok'))[0]?.ok === 1),
      probe(() => this.analytics.ping()),
    ]);
    return {
      status: postgres.status === 'up' && duckdb.status === 'up' ? 'ok' : 'degraded',
      postgres: { ...postgres, embedded: this.endpoint.embedded },
      duckdb,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}

async function probe(check: () => Promise<boolean>): Promise<StoreHealth> {
  const started = performance.now();
  try {
    const ok = await Promise.race([
      check(),
      new Promise<boolean>((_, reject) => setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS).unref()),
    ]);
    const latencyMs = Math.round(performance.now() - started);
    return ok ? { status: 'up', latencyMs } : { status: 'down', latencyMs, error: 'unexpected answer' };
  } catch (err) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  }
}
