import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { ident, SqlParams } from '../../etl/pipeline/sql-params.js';
import { ROLLUP_COUNT, ROLLUP_GRAINS, ROLLUP_SCHEMA, rollupTable, rollupTableName } from '../datasets/rollups.js';

/** Row counts and the months a dataset table covers. */
export interface DatasetStats {
  rowCount: number;
  minMonth: string | null;
  maxMonth: string | null;
}

// Statements on one dataset table in DuckDB, shared by the ingest repository and a staged load.

/** Table of rows a load replaced, kept so that rolling the load back restores them. */
export const archiveOf = (table: string) => `ingest.${ident(`${table}_replaced`)}`;
export const main = (table: string) => ident(table);
export const num = (v: unknown) => Number(v ?? 0);
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v ? String(v).slice(0, 10) : null);

export async function statsOf(c: DuckDBConnection, table: string): Promise<DatasetStats> {
  const [r] = (await c.runAndReadAll(`SELECT count(*) AS n, min(month) AS lo, max(month) AS hi FROM ${main(table)}`)).getRowObjectsJS();
  return { rowCount: num(r.n), minMonth: day(r.lo), maxMonth: day(r.hi) };
}

/**
 * Creates a dataset table's roll-ups, built from its rows, unless they all exist already. A table
 * without every common column (none is made so, but a DuckDB file could hold one) gets none, and
 * its questions read the table.
 */
export async function ensureRollups(c: DuckDBConnection, table: string): Promise<void> {
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
export async function monthsOf(c: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<(string | null)[]> {
  return (await c.runAndReadAll(`SELECT DISTINCT CAST(m AS VARCHAR) FROM (${sql}) AS t(m)`, params)).getRows().map((r) => (r[0] === null ? null : String(r[0])));
}

/**
 * Brings a table's roll-ups up to date for some months (all of them, or none when the list is
 * empty): counts of those months are deleted and counted again, the LSOA grain from the table and
 * each coarser grain from the grain after it. Runs inside the caller's transaction, if any.
 */
export async function refreshRollups(c: DuckDBConnection, table: string, months: (string | null)[] | 'all'): Promise<void> {
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

/** Multi-row INSERT with bound values, in batches: for small lookup tables, never for dataset rows. */
export async function insertRows(c: DuckDBConnection, table: string, columns: string[], rows: DuckDBValue[][], suffix = ''): Promise<void> {
  const batch = Math.max(1, Math.floor(900 / columns.length));
  for (let i = 0; i < rows.length; i += batch) {
    const p = new SqlParams();
    const values = rows.slice(i, i + batch).map((row) => `(${row.map((v) => p.bind(v)).join(', ')})`);
    await c.run(`INSERT INTO ${table} (${columns.map(ident).join(', ')}) VALUES ${values.join(', ')} ${suffix}`, p.values);
  }
}
