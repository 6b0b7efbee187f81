import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { type ColumnSpec, LINEAGE_COLUMNS } from '../../domain/dataset-schema.js';
import { addMatchKeys, type MatchKeyer, type MatchKeyStats, rawIdentifierColumns } from '../../etl/matching/index.js';
import type { TransformPlan } from '../../etl/pipeline/plan.js';
import { ident, SqlParams } from '../../etl/pipeline/sql-params.js';
import {
  acceptedRowsSql,
  checkedRowsSql,
  type CsvSource,
  lastRowPerKeySql,
  pendingSql,
  rejectedRowsSql,
  summarySql,
  transformSql,
  unplacedCoordinatesSql,
} from '../../etl/pipeline/transform-sql.js';
import { archiveOf, type DatasetStats, insertRows, main, monthsOf, num, refreshRollups, statsOf } from './dataset-table.sql.js';
import { coverageOf, type LoadCoverage } from './load-coverage.sql.js';
import { LoadPolicy } from './load-policy.js';

export interface PublishResult {
  read: number;
  loaded: number;
  rejected: number;
  replaced: number;
  /** Accepted rows left out because the record was erased (the erasure register). */
  erased: number;
  stats: DatasetStats;
  /** Months with rows added and replaced, and districts, of what was published. */
  coverage: LoadCoverage;
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
  private erasedCount = 0;
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
    /** The file's name, for the month it names (coverage). */
    fileName?: string;
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
      if (rejected !== this.rejectedCount || loaded + rejected + this.erasedCount !== args.read) {
        const erased = this.erasedCount ? `, skipped as erased ${this.erasedCount}` : '';
        throw new ReconciliationError(`Rows do not add up: read ${args.read}, loaded ${loaded}, rejected ${rejected}${erased}. Nothing was published.`);
      }
      // The months whose counts changed: those of the rows loaded, and of any rows replaced by key.
      const replacedMonths = args.policy === LoadPolicy.UpsertByKey ? ` UNION SELECT month FROM ${archiveOf(table)} WHERE _replaced_by = $1` : '';
      await refreshRollups(this.c, table, await monthsOf(this.c, `SELECT _month FROM ${ident(this.sm)} WHERE _ok${replacedMonths}`, replacedMonths ? [loadId] : []));
      const stats = await statsOf(this.c, table);
      const coverage = await coverageOf(
        this.c,
        { sql: `(SELECT month, district_code, district_name FROM ${main(table)} WHERE ${ident(LINEAGE_COLUMNS.loadId)} = $1)`, params: [loadId] },
        replaced ? { sql: `(SELECT month FROM ${archiveOf(table)} WHERE _replaced_by = $1)`, params: [loadId] } : null,
        args.fileName ?? '',
      );
      await args.beforeCommit?.();
      await this.c.run('COMMIT');
      return { read: args.read, loaded, rejected, replaced, erased: this.erasedCount, stats, coverage };
    } catch (err) {
      await this.c.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /**
   * What publishing would change, without changing anything: the accepted rows (placed, erased
   * records left out) by month and district, and the published rows the feed's policy would
   * replace, by month. Used by a load that waits for confirmation.
   */
  async preview(args: { table: string; columns: readonly ColumnSpec[]; policy: LoadPolicy; loadId: string; sourceOrg: string; fileName: string }): Promise<LoadCoverage> {
    await this.materialiseAccepted(args);
    const p = new SqlParams();
    const cover = this.coverage(args.policy, this.requirePlan().key, p);
    return coverageOf(
      this.c,
      { sql: `(SELECT month, district_code, district_name FROM ${ident(this.acc)})`, params: [] },
      cover ? { sql: `(SELECT month FROM ${main(args.table)} WHERE ${cover})`, params: p.values } : null,
      args.fileName,
    );
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
    await this.materialiseAccepted(args);
    const stats = await addMatchKeys(this.c, this.acc, ids, keyer);
    if (!ids.keepRaw) {
      const raw = rawIdentifierColumns(ids);
      await this.c.run(`UPDATE ${ident(this.acc)} SET ${raw.map((r) => `${ident(r)} = NULL`).join(', ')}`);
    }
    return stats;
  }

  /**
   * Leaves out accepted rows whose record was erased: `keyHash` is the SQL of a row's natural-key
   * hash (natural-key.ts, its salt bound in `params`), `erased` the register's hashes. Returns how
   * many rows were left out; publish counts them so that the rows still add up.
   */
  async skipErased(args: { columns: readonly ColumnSpec[]; loadId: string; sourceOrg: string }, keyHash: { sql: string; params: DuckDBValue[] }, erased: readonly string[]): Promise<number> {
    if (erased.length === 0) return 0;
    await this.materialiseAccepted(args);
    const register = `er_${this.acc}`;
    await this.c.run(`CREATE TEMP TABLE ${ident(register)} (h VARCHAR PRIMARY KEY)`);
    await insertRows(this.c, ident(register), ['h'], erased.map((h) => [h]));
    const removed = await this.c.runAndReadAll(`DELETE FROM ${ident(this.acc)} WHERE ${keyHash.sql} IN (SELECT h FROM ${ident(register)})`, keyHash.params);
    this.erasedCount += num(removed.getRows()[0]?.[0]);
    await this.c.run(`DROP TABLE ${ident(register)}`);
    return this.erasedCount;
  }

  /** The accepted rows as a temporary table (once), for steps that change them before publish. */
  private async materialiseAccepted(args: { columns: readonly ColumnSpec[]; loadId: string; sourceOrg: string }): Promise<void> {
    if (this.hasAccepted) return;
    const from = this.acceptedSelect(args);
    await this.placing(() => this.c.run(`CREATE TEMP TABLE ${ident(this.acc)} AS ${from.sql}`, from.params));
    this.hasAccepted = true;
  }

  private requirePlan(): TransformPlan {
    if (!this.plan) throw new Error('read() must run first');
    return this.plan;
  }
}

export class ReconciliationError extends Error {}
