import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { AREAS } from '../../domain/areas.reference.js';
import { type ColumnSpec, LINEAGE_COLUMNS } from '../../domain/dataset-schema.js';
import { ident, literal } from '../../etl/pipeline/sql-params.js';
import { DUCKDB_TYPES, datasetTableSql } from '../../etl/pipeline/transform-sql.js';
import { AnalyticsStore } from '../analytics-store/analytics-store.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ROLLUP_SCHEMA } from '../datasets/rollups.js';
import { archiveOf, type DatasetStats, ensureRollups, insertRows, main, monthsOf, num, refreshRollups, statsOf } from './dataset-table.sql.js';
import { StagedLoad } from './staged-load.js';


export interface AreaRow {
  code: string;
  name: string;
  districtCode: string | null;
}

export interface RollbackResult {
  removed: number;
  restored: number;
  stats: DatasetStats;
}

/**
 * The ingest side of DuckDB: dataset tables, rejects, geography lookups, and the staged, set-based
 * steps of one load (StagedLoad, staged-load.ts). SQL text comes from `etl/pipeline/transform-sql.ts`; values are bound.
 */
@Injectable()
export class IngestStoreRepository {
  constructor(
    private readonly store: AnalyticsStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Schemas, the rejects table and the district list; safe to run at every start. */
  async ensureSchema(): Promise<void> {
    await this.store.withConnection(async (c) => {
      await c.run('CREATE SCHEMA IF NOT EXISTS ingest');
      await c.run('CREATE SCHEMA IF NOT EXISTS geo');
      await c.run(`CREATE SCHEMA IF NOT EXISTS ${ROLLUP_SCHEMA}`);
      await c.run(
        'CREATE TABLE IF NOT EXISTS ingest.rejects (load_id VARCHAR NOT NULL, source_row BIGINT, source_line BIGINT, reasons VARCHAR[] NOT NULL, raw VARCHAR)',
      );
      await c.run('CREATE TABLE IF NOT EXISTS geo.district (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL)');
      await c.run('CREATE TABLE IF NOT EXISTS geo.lsoa (code VARCHAR PRIMARY KEY, name VARCHAR, district_code VARCHAR)');
      await c.run('CREATE TABLE IF NOT EXISTS geo.ward (code VARCHAR, name VARCHAR, name_key VARCHAR, district_code VARCHAR)');
      await insertRows(c, 'geo.district', ['code', 'name', 'name_key'], AREAS.map((a) => [a.code, a.name, a.name.toLowerCase()]), 'ON CONFLICT DO NOTHING');
      // Dataset tables from before roll-ups existed get theirs now.
      const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND table_name LIKE 'ds\\_%' ESCAPE '\\'`)).getRows();
      for (const [name] of tables) await ensureRollups(c, String(name));
    });
  }

  /** Rebuilds a dataset table's roll-ups from all its rows (after rows were written other than by a load). */
  async rebuildRollups(table: string): Promise<void> {
    await this.store.withConnection((c) => refreshRollups(c, table, 'all'));
  }

  /** Creates a dataset's table (and its archive of replaced rows), adding any newly declared columns. */
  async ensureDatasetTable(table: string, columns: readonly ColumnSpec[]): Promise<void> {
    await this.store.withConnection(async (c) => {
      await c.run(datasetTableSql(main(table), columns));
      await c.run(datasetTableSql(archiveOf(table), columns, true));
      for (const target of [main(table), archiveOf(table)]) {
        const [schema, name] = target.includes('.') ? ['ingest', `${table}_replaced`] : ['main', table];
        const existing = new Set(
          (await c.runAndReadAll('SELECT column_name FROM duckdb_columns() WHERE schema_name = $1 AND table_name = $2', [schema, name]))
            .getRowObjectsJS()
            .map((r) => String(r.column_name)),
        );
        for (const col of columns) {
          if (!existing.has(col.name)) await c.run(`ALTER TABLE ${target} ADD COLUMN ${ident(col.name)} ${DUCKDB_TYPES[col.type]}`);
        }
      }
      await ensureRollups(c, table);
    });
  }

  /** Runs the staged steps of one load on one connection; temporary tables vanish with it. */
  async withStaging<T>(loadId: string, work: (stage: StagedLoad) => Promise<T>): Promise<T> {
    const pending = this.pendingFile(loadId);
    await mkdir(path.dirname(pending), { recursive: true });
    try {
      return await this.store.withConnection((c) => work(new StagedLoad(c, loadId.replace(/-/g, ''), pending)));
    } finally {
      await this.removePending(loadId);
    }
  }

  /** Removes a load's pending file (also left behind by a load that was killed). */
  async removePending(loadId: string): Promise<void> {
    await rm(this.pendingFile(loadId), { force: true });
  }

  private pendingFile(loadId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(loadId)) throw new Error('bad load id');
    return path.join(this.config.dataDir, 'staging', `${loadId}.parquet`);
  }

  /** Removes exactly a load's rows and restores the rows it replaced, in one transaction. */
  async rollback(table: string, columns: readonly ColumnSpec[], loadId: string): Promise<RollbackResult> {
    const kept = [...columns.map((x) => ident(x.name)), ident(LINEAGE_COLUMNS.loadId), ident(LINEAGE_COLUMNS.sourceRow)].join(', ');
    return this.store.withConnection(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const months = await monthsOf(c, `SELECT month FROM ${main(table)} WHERE ${ident(LINEAGE_COLUMNS.loadId)} = $1 UNION SELECT month FROM ${archiveOf(table)} WHERE _replaced_by = $1`, [loadId]);
        const removed = num((await c.runAndReadAll(`DELETE FROM ${main(table)} WHERE ${ident(LINEAGE_COLUMNS.loadId)} = $1`, [loadId])).getRows()[0]?.[0]);
        const restored = num(
          (await c.runAndReadAll(`INSERT INTO ${main(table)} (${kept}) SELECT ${kept} FROM ${archiveOf(table)} WHERE _replaced_by = $1`, [loadId])).getRows()[0]?.[0],
        );
        await c.run(`DELETE FROM ${archiveOf(table)} WHERE _replaced_by = $1 OR ${ident(LINEAGE_COLUMNS.loadId)} = $1`, [loadId]);
        await refreshRollups(c, table, months);
        const stats = await statsOf(c, table);
        await c.run('COMMIT');
        return { removed, restored, stats };
      } catch (err) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async stats(table: string): Promise<DatasetStats> {
    return this.store.withConnection((c) => statsOf(c, table));
  }

  async countLoadRows(table: string, loadId: string): Promise<number> {
    const [row] = await this.store.all(`SELECT count(*) AS n FROM ${main(table)} WHERE ${ident(LINEAGE_COLUMNS.loadId)} = $1`, [loadId]);
    return num(row?.n);
  }

  /** Writes a load's rejects as CSV to `file` (DuckDB's COPY, so a large report never sits in memory). */
  async exportRejects(loadId: string, file: string): Promise<number> {
    if (!/^[0-9a-f-]{36}$/.test(loadId)) throw new Error('bad load id');
    const [row] = await this.store.all('SELECT count(*) AS n FROM ingest.rejects WHERE load_id = $1', [loadId]);
    await this.store.run(
      `COPY (SELECT source_row AS "row", source_line AS "line", array_to_string(reasons, '; ') AS reasons, raw AS "values" ` +
        `FROM ingest.rejects WHERE load_id = ${literal(loadId)} ORDER BY coalesce(source_row, source_line), source_line) TO ${literal(file)} (HEADER, DELIMITER ',')`,
    );
    return num(row?.n);
  }

  async rejects(loadId: string, limit: number): Promise<{ sourceRow: number | null; sourceLine: number | null; reasons: string[]; raw: string | null }[]> {
    const rows = await this.store.all(
      'SELECT source_row, source_line, reasons, raw FROM ingest.rejects WHERE load_id = $1 ORDER BY coalesce(source_row, source_line) LIMIT $2',
      [loadId, limit],
    );
    return rows.map((r) => ({
      sourceRow: r.source_row === null ? null : num(r.source_row),
      sourceLine: r.source_line === null ? null : num(r.source_line),
      reasons: (r.reasons as string[]) ?? [],
      raw: (r.raw as string) ?? null,
    }));
  }

  /** Replaces the LSOA and ward lookups (and adds any districts not yet known). */
  async replaceGeography(districts: AreaRow[], lsoas: AreaRow[], wards: AreaRow[]): Promise<void> {
    await this.store.withConnection(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        await insertRows(c, 'geo.district', ['code', 'name', 'name_key'], districts.map((d) => [d.code, d.name, d.name.toLowerCase()]), 'ON CONFLICT DO NOTHING');
        await c.run('DELETE FROM geo.lsoa');
        await c.run('DELETE FROM geo.ward');
        await insertRows(c, 'geo.lsoa', ['code', 'name', 'district_code'], dedupe(lsoas).map((l) => [l.code, l.name, l.districtCode]));
        await insertRows(c, 'geo.ward', ['code', 'name', 'name_key', 'district_code'], wards.map((w) => [w.code, w.name, w.name.toLowerCase(), w.districtCode]));
        await c.run('COMMIT');
      } catch (err) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async geographyCounts(): Promise<{ districts: number; lsoas: number; wards: number }> {
    const [r] = await this.store.all(
      'SELECT (SELECT count(*) FROM geo.district) AS d, (SELECT count(*) FROM geo.lsoa) AS l, (SELECT count(*) FROM geo.ward) AS w',
    );
    return { districts: num(r.d), lsoas: num(r.l), wards: num(r.w) };
  }
}

function dedupe(rows: AreaRow[]): AreaRow[] {
  return [...new Map(rows.map((r) => [r.code, r])).values()];
}
