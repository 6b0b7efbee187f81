import { Injectable } from '@nestjs/common';
import { AnalyticsStore } from '../analytics-store/analytics-store.service.js';
import type { BuiltSql } from './analytics-sql.js';

/** The only code that runs analytics SQL (built in analytics-sql.ts) against DuckDB. */
@Injectable()
export class AnalyticsRepository {
  constructor(private readonly store: AnalyticsStore) {}

  /** Rows as objects, with BIGINT counts as numbers. */
  async rows<T extends Record<string, unknown>>(built: BuiltSql): Promise<T[]> {
    const rows = await this.store.all(built.sql, built.params);
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])) as T);
  }

  /** Whether a catalogued dataset's table exists yet. */
  async tableExists(table: string): Promise<boolean> {
    const rows = await this.store.all<{ n: bigint }>('SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $1', [table]);
    return Number(rows[0]?.n ?? 0) > 0;
  }
}
