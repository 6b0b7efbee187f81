import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { AnalyticsStore } from '../analytics-store/analytics-store.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type ColumnSpec, LINEAGE_COLUMNS } from '../datasets/dataset-schema.js';
import { ROLLUP_COUNT, ROLLUP_GRAINS, ROLLUP_SCHEMA, rollupTable, rollupTableName } from '../datasets/rollups.js';
import { AREAS } from '../organisations/areas.reference.js';
import type { TransformPlan } from '../../etl/pipeline/plan.js';
import { ident, literal, SqlParams } from '../../etl/pipeline/sql-params.js';
import {
  acceptedRowsSql,
  checkedRowsSql,
  type CsvSource,
  DUCKDB_TYPES,
  datasetTableSql,
  lastRowPerKeySql,
  pendingSql,
  rejectedRowsSql,
  summarySql,
  transformSql,
  unplacedCoordinatesSql,
} from '../../etl/pipeline/transform-sql.js';
import { LoadPolicy } from './load-policy.js';
import { addMatchKeys, type MatchKeyer, type MatchKeyStats, rawIdentifierColumns } from '../../etl/matching/index.js';

export interface AreaRow {
  code: string;
  name: string;
  districtCode: string | null;
}

export interface DatasetStats {
  rowCount: number;
  minMonth: string | null;
  maxMonth: string | null;
}

export interface PublishResult {
  read: number;
  loaded: number;
  rejected: number;
  replaced: number;
  stats: DatasetStats;
}

export interface ReadResult {
  /** Rows read: accepted + rejected + malformed lines. */
  read: number;
  accepted: number;
  rejected: number;
  malformed: number;
  /** Trailing footer lines set aside (not rows). */
  footers: number;
}

export interface RollbackResult {
  removed: number;
  restored: number;
  stats: DatasetStats;
}

/** Table of rows a load replaced, kept so that rolling the load back restores them. */
const archiveOf = (table: string) => `ingest.${ident(`${table}_replaced`)}`;
const main = (table: string) => ident(table);
const num = (v: unknown) => Number(v ?? 0);
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v ? String(v).slice(0, 10) : null);

/**
 * The ingest side of DuckDB: dataset tables, rejects, geography lookups, and the staged, set-based
 * steps of one load. SQL text comes from `etl/pipeline/transform-sql.ts`; values are bound.
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

/**
 * The steps of one load, all on one connection. The file is read once, in parallel, into a
 * pending Parquet file whose row positions number its rows (pendingSql); a pass over it counts rows
 * and collects a small summary (months, area keys, coordinates to place), the publish pass inserts
 * the accepted rows, and a third pass, only when some rows failed their checks, writes the
 * rejects. Loads that must see the whole file before deciding on a row (one record per key) stage
 * the checked rows in a second temporary table first. Temporary tables vanish with the connection.
 */
export class StagedLoad {
  private readonly xf: string;
  private readonly rj: string;
  private readonly rs: string;
  private readonly cp: string;
  private readonly acc: string;
  private readonly sm: string;
  private hasAccepted = false;
  private plan: TransformPlan | null = null;
  private pending = false;
  private staged = false;
  private rejectedCount = 0;
  private hasCoords = false;

  constructor(
    private readonly c: DuckDBConnection,
    key: string,
    /** Where the file is kept, read once, while the load runs (removed by withStaging). */
    private readonly pd: string,
  ) {
    this.xf = `xf_${key}`;
    this.rj = `rj_${key}`;
    this.rs = `rs_${key}`;
    this.cp = `cp_${key}`;
    this.acc = `acc_${key}`;
    this.sm = `sm_${key}`;
  }

  /**
   * Reads the file, types and checks every row (malformed lines set aside by DuckDB, trailing
   * footer lines and whitespace-only lines dropped from those), and counts the outcome.
   * With `lastRowPerKey` (upsert-by-key), only the last row of each key can be accepted; earlier
   * rows with that key are rejected naming it.
   */
  async read(src: CsvSource, plan: TransformPlan, footers: readonly string[] = [], options: { lastRowPerKey?: boolean } = {}): Promise<ReadResult> {
    this.plan = plan;
    await this.inFileOrder(() => this.c.run(pendingSql(this.pd, src, { table: this.rj, scan: this.rs })));
    this.pending = true;
    const p = new SqlParams();
    if (options.lastRowPerKey) {
      const st = transformSql(this.xf, this.pd, plan);
      await this.c.run(st.sql, st.params);
      const perKey = lastRowPerKeySql(this.xf, plan);
      await this.c.run(perKey.sql, perKey.params);
      this.staged = true;
    }
    await this.c.run(summarySql(this.sm, this.rows(p, false), plan), p.values);
    // Lines holding only spaces or tabs are blank lines, as DuckDB already treats empty ones.
    await this.c.run(`DELETE FROM ${ident(this.rj)} WHERE trim(csv_line, ' ' || chr(9) || chr(13) || chr(10)) = ''`);
    let footerLines = 0;
    if (footers.length) {
      // Footer lines are the last records DuckDB could not read; they are not rows.
      const p = new SqlParams();
      const list = footers.map((x) => p.bind(x)).join(', ');
      const where = `trim(csv_line, ' ' || chr(13) || chr(10)) IN (${list}) AND line > (SELECT max(line) FROM ${ident(this.rj)}) - ${footers.length}`;
      footerLines = num((await this.c.runAndReadAll(`SELECT count(DISTINCT line) FROM ${ident(this.rj)} WHERE ${where}`, p.values)).getRows()[0]?.[0]);
      await this.c.run(`DELETE FROM ${ident(this.rj)} WHERE ${where}`, p.values);
    }
    const [row] = (
      await this.c.runAndReadAll(
        `SELECT (SELECT COALESCE(sum(_n) FILTER (WHERE _ok), 0) FROM ${ident(this.sm)}) AS ok, ` +
          `(SELECT COALESCE(sum(_n) FILTER (WHERE NOT _ok), 0) FROM ${ident(this.sm)}) AS bad, ` +
          `(SELECT count(DISTINCT line) FROM ${ident(this.rj)}) AS malformed`,
      )
    ).getRowObjectsJS();
    const accepted = num(row.ok);
    const rejected = num(row.bad);
    const malformed = num(row.malformed);
    this.rejectedCount = rejected + malformed;
    return { read: accepted + rejected + malformed, accepted, rejected, malformed, footers: footerLines };
  }

  /** The checked rows as a relation to select from: the staged table, or the pending file checked. Binds into `p`. */
  private rows(p: SqlParams, reasons: boolean): string {
    if (this.staged) return `(SELECT *, len(_reasons) = 0 AS _ok FROM ${ident(this.xf)})`;
    if (!this.pending) throw new Error('read() must run first');
    return `(${checkedRowsSql(this.pd, this.requirePlan(), p, { reasons })})`;
  }

  /** The most frequent rejection reasons, for a message when nothing could be loaded. */
  async topReasons(n: number): Promise<string[]> {
    const p = new SqlParams();
    const from = this.rows(p, true);
    const rows = (
      await this.c.runAndReadAll(
        `SELECT regexp_replace(r, '"[^"]*"', '"…"') AS reason, count(*) AS k FROM (SELECT unnest(_reasons) AS r FROM ${from} x UNION ALL SELECT error_type FROM ${ident(this.rj)}) GROUP BY 1 ORDER BY k DESC, reason LIMIT ${p.bind(n)}`,
        p.values,
      )
    ).getRowObjectsJS();
    return rows.map((r) => `${String(r.reason)} (${num(r.k)} rows)`);
  }

  /** Distinct coordinates of accepted rows with nothing else to place them by. */
  async unplacedCoordinates(): Promise<[number, number][]> {
    const sql = unplacedCoordinatesSql(this.sm, this.requirePlan());
    if (!sql) return [];
    return (await this.c.runAndReadAll(sql)).getRows().map((r) => [Number(r[0]), Number(r[1])]);
  }

  /** Placements found in JavaScript (point in polygon) for those coordinates. */
  async addCoordinatePlacements(rows: [number, number, string][]): Promise<void> {
    await this.c.run(`CREATE TEMP TABLE ${ident(this.cp)} (lon DOUBLE, lat DOUBLE, district_code VARCHAR)`);
    await insertRows(this.c, ident(this.cp), ['lon', 'lat', 'district_code'], rows);
    this.hasCoords = true;
  }

  /** The months (YYYY-MM-01) and keys the accepted rows cover; binds into `p`. */
  private coverage(policy: LoadPolicy, keyColumn: string | undefined, p: SqlParams): string | null {
    const plan = this.requirePlan();
    if (policy === LoadPolicy.ReplaceMonth) {
      if (!plan.monthFrom) throw new Error('replace-month needs rows with a month');
      return `month IN (SELECT DISTINCT _month FROM ${ident(this.sm)} WHERE _ok)`;
    }
    if (policy === LoadPolicy.UpsertByKey) {
      if (!keyColumn) throw new Error('upsert-by-key needs a key column');
      return `${ident(keyColumn)} IN (SELECT DISTINCT ${ident(`f_${keyColumn}`)} FROM ${this.rows(p, false)} x WHERE _ok)`;
    }
    return null;
  }

  /**
   * Publishes in ONE transaction: replaced rows to the archive, accepted rows to the dataset,
   * rejected rows to `ingest.rejects`, then checks read = loaded + rejected. Any failure leaves
   * the dataset exactly as it was.
   */
  async publish(args: {
    table: string;
    columns: readonly ColumnSpec[];
    policy: LoadPolicy;
    loadId: string;
    sourceOrg: string;
    read: number;
    beforeCommit?: () => Promise<void>;
  }): Promise<PublishResult> {
    const plan = this.requirePlan();
    const { table, loadId } = args;
    await this.c.run('BEGIN TRANSACTION');
    try {
      let replaced = 0;
      const ap = new SqlParams();
      const by = ap.bind(loadId);
      const cover = this.coverage(args.policy, plan.key, ap);
      if (cover) {
        const kept = [...args.columns.map((x) => ident(x.name)), ident(LINEAGE_COLUMNS.loadId), ident(LINEAGE_COLUMNS.sourceRow)].join(', ');
        await this.c.run(`INSERT INTO ${archiveOf(table)} (${kept}, _replaced_by) SELECT ${kept}, ${by} FROM ${main(table)} WHERE ${cover}`, ap.values);
        const dp = new SqlParams();
        replaced = num((await this.c.runAndReadAll(`DELETE FROM ${main(table)} WHERE ${this.coverage(args.policy, plan.key, dp)}`, dp.values)).getRows()[0]?.[0]);
      }
      const names = [...args.columns.map((x) => ident(x.name)), ident(LINEAGE_COLUMNS.loadId), ident(LINEAGE_COLUMNS.sourceRow)];
      const from = this.hasAccepted ? { sql: `SELECT ${names.join(', ')} FROM ${ident(this.acc)}`, params: [] } : this.acceptedSelect(args);
      const loaded = num((await this.placing(() => this.c.runAndReadAll(`INSERT INTO ${main(table)} (${names.join(', ')}) ${from.sql}`, from.params))).getRows()[0]?.[0]);
      let rejected = 0;
      if (this.rejectedCount > 0) {
        const rp = new SqlParams();
        const rejectSelect = rejectedRowsSql(this.rows(rp, true), this.rj, plan, rp, loadId);
        rejected = num((await this.c.runAndReadAll(`INSERT INTO ingest.rejects (load_id, source_row, source_line, reasons, raw) ${rejectSelect}`, rp.values)).getRows()[0]?.[0]);
      }
      if (rejected !== this.rejectedCount || loaded + rejected !== args.read) {
        throw new ReconciliationError(`Rows do not add up: read ${args.read}, loaded ${loaded}, rejected ${rejected}. Nothing was published.`);
      }
      // The months whose counts changed: those of the rows loaded, and of any rows replaced by key.
      const replacedMonths = args.policy === LoadPolicy.UpsertByKey ? ` UNION SELECT month FROM ${archiveOf(table)} WHERE _replaced_by = $1` : '';
      await refreshRollups(this.c, table, await monthsOf(this.c, `SELECT _month FROM ${ident(this.sm)} WHERE _ok${replacedMonths}`, replacedMonths ? [loadId] : []));
      const stats = await statsOf(this.c, table);
      await args.beforeCommit?.();
      await this.c.run('COMMIT');
      return { read: args.read, loaded, rejected, replaced, stats };
    } catch (err) {
      await this.c.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /**
   * Runs a statement that places the accepted rows (acceptedRowsSql). Row order in the dataset
   * carries no meaning (each row has its _source_row), so it runs in parallel without keeping
   * order. DuckDB guesses a large input is small and would build a hash table of it to join it
   * to the few hundred area keys; the joins are written with the small side on the right, so that
   * side stays the one built. Each inserting thread flushes its rows to disk one row group at a
   * time instead of buffering five (DuckDB's default): the same speed, half a gigabyte less at peak
   * for a million-row month. (These settings are instance-wide in DuckDB and change only plans and
   * buffering, never answers; loads run one at a time.)
   */
  private async placing<T>(statement: () => Promise<T>): Promise<T> {
    await this.c.run('SET preserve_insertion_order = false');
    await this.c.run(`SET disabled_optimizers = 'build_side_probe_side'`);
    await this.c.run('SET write_buffer_row_group_count = 1');
    try {
      return await statement();
    } finally {
      await this.c.run('RESET preserve_insertion_order');
      await this.c.run('RESET disabled_optimizers');
      await this.c.run('RESET write_buffer_row_group_count');
    }
  }

  /** Runs a statement that must write rows in scan order (the pending file: positions are row numbers). */
  private async inFileOrder<T>(statement: () => Promise<T>): Promise<T> {
    await this.c.run('SET preserve_insertion_order = true');
    try {
      return await statement();
    } finally {
      await this.c.run('RESET preserve_insertion_order');
    }
  }

  private acceptedSelect(args: { columns: readonly ColumnSpec[]; loadId: string; sourceOrg: string }): { sql: string; params: DuckDBValue[] } {
    const p = new SqlParams();
    const sql = acceptedRowsSql(this.rows(p, false), this.sm, this.requirePlan(), args.columns, this.hasCoords ? this.cp : null, p, args.loadId, args.sourceOrg);
    return { sql, params: p.values };
  }

  /**
   * Pseudonymous matching keys: accepted rows are materialised, keyed from their identifier
   * columns (the secret stays in this process) and, unless the feed keeps them, the raw
   * identifiers are emptied before publish.
   */
  async addMatchKeys(args: { columns: readonly ColumnSpec[]; loadId: string; sourceOrg: string }, keyer: MatchKeyer): Promise<MatchKeyStats | null> {
    const ids = this.requirePlan().identifiers;
    if (!ids) return null;
    const from = this.acceptedSelect(args);
    await this.placing(() => this.c.run(`CREATE TEMP TABLE ${ident(this.acc)} AS ${from.sql}`, from.params));
    this.hasAccepted = true;
    const stats = await addMatchKeys(this.c, this.acc, ids, keyer);
    if (!ids.keepRaw) {
      const raw = rawIdentifierColumns(ids);
      await this.c.run(`UPDATE ${ident(this.acc)} SET ${raw.map((r) => `${ident(r)} = NULL`).join(', ')}`);
    }
    return stats;
  }

  private requirePlan(): TransformPlan {
    if (!this.plan) throw new Error('read() must run first');
    return this.plan;
  }
}

export class ReconciliationError extends Error {}

async function statsOf(c: DuckDBConnection, table: string): Promise<DatasetStats> {
  const [r] = (await c.runAndReadAll(`SELECT count(*) AS n, min(month) AS lo, max(month) AS hi FROM ${main(table)}`)).getRowObjectsJS();
  return { rowCount: num(r.n), minMonth: day(r.lo), maxMonth: day(r.hi) };
}

/**
 * Creates a dataset table's roll-ups, built from its rows, unless they all exist already. A table
 * without every common column (none is made so, but a DuckDB file could hold one) gets none, and
 * its questions read the table.
 */
async function ensureRollups(c: DuckDBConnection, table: string): Promise<void> {
  const present = new Set((await c.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1`, [table])).getRows().map((r) => String(r[0])));
  if (!ROLLUP_GRAINS.every((g) => g.columns.every((col) => present.has(col)))) return;
  if (!(await hasRollups(c, table))) await refreshRollups(c, table, 'all');
}

async function hasRollups(c: DuckDBConnection, table: string): Promise<boolean> {
  const names = ROLLUP_GRAINS.map((g) => rollupTableName(table, g));
  const found = (await c.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE schema_name = '${ROLLUP_SCHEMA}' AND table_name IN (${names.map(() => '?').join(', ')})`, names)).getRows();
  return num(found[0]?.[0]) === names.length;
}

/** The distinct months (YYYY-MM-DD, or null) that a one-column query returns. */
async function monthsOf(c: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<(string | null)[]> {
  return (await c.runAndReadAll(`SELECT DISTINCT CAST(m AS VARCHAR) FROM (${sql}) AS t(m)`, params)).getRows().map((r) => (r[0] === null ? null : String(r[0])));
}

/**
 * Brings a table's roll-ups up to date for some months (all of them, or none when the list is
 * empty): counts of those months are deleted and counted again, the LSOA grain from the table and
 * each coarser grain from the grain after it. Runs inside the caller's transaction, if any.
 */
async function refreshRollups(c: DuckDBConnection, table: string, months: (string | null)[] | 'all'): Promise<void> {
  if (months !== 'all' && (months.length === 0 || !(await hasRollups(c, table)))) return;
  const p = new SqlParams();
  let where = '';
  if (months !== 'all') {
    const dated = months.filter((m): m is string => m !== null);
    const clauses = [dated.length ? `month IN (${dated.map((m) => `CAST(${p.bind(m)} AS DATE)`).join(', ')})` : null, months.includes(null) ? 'month IS NULL' : null];
    where = ` WHERE ${clauses.filter(Boolean).join(' OR ')}`;
  }
  for (let i = ROLLUP_GRAINS.length - 1; i >= 0; i--) {
    const grain = ROLLUP_GRAINS[i];
    const target = rollupTable(table, grain);
    const columns = grain.columns.map(ident).join(', ');
    const finer = ROLLUP_GRAINS[i + 1];
    const from = finer ? `SELECT ${columns}, CAST(sum(${ident(ROLLUP_COUNT)}) AS BIGINT) AS ${ident(ROLLUP_COUNT)} FROM ${rollupTable(table, finer)}` : `SELECT ${columns}, count(*) AS ${ident(ROLLUP_COUNT)} FROM ${main(table)}`;
    const select = `${from}${where} GROUP BY ${columns}`;
    if (months === 'all') {
      await c.run(`CREATE OR REPLACE TABLE ${target} AS ${select}`);
    } else {
      await c.run(`DELETE FROM ${target}${where}`, p.values);
      await c.run(`INSERT INTO ${target} ${select}`, p.values);
    }
  }
}

function dedupe(rows: AreaRow[]): AreaRow[] {
  return [...new Map(rows.map((r) => [r.code, r])).values()];
}

/** Multi-row INSERT with bound values, in batches: for small lookup tables, never for dataset rows. */
async function insertRows(c: DuckDBConnection, table: string, columns: string[], rows: DuckDBValue[][], suffix = ''): Promise<void> {
  const batch = Math.max(1, Math.floor(900 / columns.length));
  for (let i = 0; i < rows.length; i += batch) {
    const p = new SqlParams();
    const values = rows.slice(i, i + batch).map((row) => `(${row.map((v) => p.bind(v)).join(', ')})`);
    await c.run(`INSERT INTO ${table} (${columns.map(ident).join(', ')}) VALUES ${values.join(', ')} ${suffix}`, p.values);
  }
}
