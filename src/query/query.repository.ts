import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AnalyticsStore } from '../analytics-store/analytics-store.service.js';
import type { BuiltSql } from './query-sql.js';

export interface ColumnarRows {
  names: string[];
  values: unknown[][];
}

/** The only code that runs query SQL against DuckDB. SQL comes from query-sql.ts only. */
@Injectable()
export class QueryRepository {
  private readonly knownTables = new Set<string>();
  private readonly slots: Semaphore;

  constructor(
    private readonly store: AnalyticsStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.slots = new Semaphore(Math.max(2, config.duckdb.threads * 2));
  }

  /**
   * Runs a built statement; BIGINT counts come back as numbers. Each DuckDB query already uses
   * every thread, so only a few run at once and the rest wait their turn (fairer under load than
   * fifty scans sharing two cores).
   */
  async run(built: BuiltSql): Promise<ColumnarRows> {
    const { names, values } = await this.slots.use(() => this.store.columns(built.sql, built.params));
    return { names, values: values.map((col) => (col.length > 0 && col.some((v) => typeof v === 'bigint') ? col.map(toNumber) : col)) };
  }

  /** Whether a dataset's table has been created yet (a catalogued dataset may not be loaded). */
  async tableExists(table: string): Promise<boolean> {
    if (this.knownTables.has(table)) return true;
    const rows = await this.store.all<{ n: bigint }>('SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $1', [table]);
    const exists = Number(rows[0]?.n ?? 0) > 0;
    if (exists) this.knownTables.add(table);
    return exists;
  }
}

function toNumber(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** At most `size` tasks at once; the others wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
