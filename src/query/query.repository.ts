import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AnalyticsStore } from '../analytics-store/analytics-store.service.js';
import { ROLLUP_GRAINS, ROLLUP_SCHEMA, rollupTable, rollupTableName } from '../datasets/rollups.js';
import type { BuiltSql, RollupSource } from './query-sql.js';

export interface ColumnarRows {
  names: string[];
  values: unknown[][];
}

/** The only code that runs query SQL against DuckDB. SQL comes from query-sql.ts only. */
@Injectable()
export class QueryRepository {
  /** Tables found with all their roll-ups (tables and roll-ups are never dropped while serving). */
  private readonly knownTables = new Map<string, RollupSource[]>();
  private readonly constantsByVersion = new Map<string, ReadonlyMap<string, string>>();
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

  /**
   * The dimensions in which every row of a table has one and the same value, with that value (a
   * partner's ASB table has one category group and one source; a district's, one district). Read
   * from the coarsest roll-up; kept per table version.
   */
  async constants(table: string, version: number, rollups: readonly RollupSource[]): Promise<ReadonlyMap<string, string>> {
    const key = `${table}@${version}`;
    const known = this.constantsByVersion.get(key);
    if (known) return known;
    const from = rollups[0]?.table ?? `"${table.replace(/[^a-z0-9_]/g, '')}"`;
    const fields = CONSTANT_CANDIDATES.filter((f) => !rollups[0] || rollups[0].columns.has(f));
    const select = fields.flatMap((f) => [`count(DISTINCT "${f}") = 1 AND bool_and("${f}" IS NOT NULL) AS "one_${f}"`, `CAST(min("${f}") AS VARCHAR) AS "v_${f}"`]);
    const found = new Map<string, string>();
    try {
      const [row] = await this.store.all<Record<string, unknown>>(`SELECT ${select.join(', ')} FROM ${from}`);
      for (const f of fields) if (row?.[`one_${f}`] === true && typeof row[`v_${f}`] === 'string') found.set(f, row[`v_${f}`] as string);
    } catch {
      // A table without one of these columns has no constants to offer; descriptions stay as asked.
      return found;
    }
    if (this.constantsByVersion.size > 1000) this.constantsByVersion.clear();
    this.constantsByVersion.set(key, found);
    return found;
  }

  /**
   * A dataset's table as a source: null when it has not been created yet (a catalogued dataset
   * may not be loaded), otherwise with whichever of its roll-ups exist, coarsest first.
   */
  async source(table: string): Promise<{ rollups: RollupSource[] } | null> {
    const known = this.knownTables.get(table);
    if (known) return { rollups: known };
    const rollupNames = ROLLUP_GRAINS.map((g) => rollupTableName(table, g));
    const rows = await this.store.all<{ schema_name: string; table_name: string }>(
      `SELECT schema_name, table_name FROM duckdb_tables() WHERE (schema_name = 'main' AND table_name = $1) OR (schema_name = '${ROLLUP_SCHEMA}' AND table_name IN (${rollupNames.map((_, i) => `$${i + 2}`).join(', ')}))`,
      [table, ...rollupNames],
    );
    if (!rows.some((r) => r.schema_name === 'main')) return null;
    const found = new Set(rows.map((r) => r.table_name));
    const rollups = ROLLUP_GRAINS.filter((g) => found.has(rollupTableName(table, g))).map((g) => ({ table: rollupTable(table, g), columns: new Set(g.columns) }));
    if (rollups.length === ROLLUP_GRAINS.length) this.knownTables.set(table, rollups);
    return { rollups };
  }
}

/** Dimensions checked for a single value across a dataset (all in the coarsest roll-up). */
const CONSTANT_CANDIDATES = ['district_code', 'district_name', 'category', 'category_group', 'source_org', 'placement'];

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
