import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { num } from './dataset-table.sql.js';

/** One month a load touches: rows it adds to that month, and rows of earlier loads it replaces there (archived, restored by a rollback). */
export interface MonthChange {
  /** YYYY-MM, or null for rows with no month. */
  month: string | null;
  rows: number;
  replaced: number;
}

/** One district the loaded rows fall in (null code: rows that could not be placed). */
export interface AreaCount {
  code: string | null;
  name: string | null;
  rows: number;
}

/** What a load covered (or, previewed, would cover): months with rows added and replaced, and areas. */
export interface LoadCoverage {
  months: MonthChange[];
  areas: AreaCount[];
  /** The month in the file's name (e.g. 2024-01-hampshire-street.csv), if it has one. */
  fileMonth: string | null;
  /** The file name names a month, and the rows hold other months too (or only others). */
  monthMismatch: boolean;
  /** A preview's most common reasons rows are set aside (rejects are written only when published). */
  rejectReasons?: string[];
}

/** `2024-01` from a file name such as `2024-01-hampshire-street.csv`, when it names one real month. */
export function monthInFileName(fileName: string): string | null {
  const m = /(?:^|[^0-9])((?:19|20)\d{2})[-_](0[1-9]|1[0-2])(?![0-9])/.exec(fileName);
  return m ? `${m[1]}-${m[2]}` : null;
}

/**
 * Counts a load's rows by month and district, and the rows it replaces by month. `rows` and
 * `replaced` are relations with a `month` column (and, for rows, `district_code` and
 * `district_name`); their parameters are bound positionally, `rows` first.
 */
export async function coverageOf(
  c: DuckDBConnection,
  rows: { sql: string; params: DuckDBValue[] },
  replaced: { sql: string; params: DuckDBValue[] } | null,
  fileName: string,
): Promise<LoadCoverage> {
  const month = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const added = (await c.runAndReadAll(`SELECT strftime(month, '%Y-%m') AS m, count(*) AS n FROM ${rows.sql} GROUP BY 1`, rows.params)).getRowObjectsJS();
  const gone = replaced ? (await c.runAndReadAll(`SELECT strftime(month, '%Y-%m') AS m, count(*) AS n FROM ${replaced.sql} GROUP BY 1`, replaced.params)).getRowObjectsJS() : [];
  const byMonth = new Map<string | null, MonthChange>();
  for (const r of added) byMonth.set(month(r.m), { month: month(r.m), rows: num(r.n), replaced: 0 });
  for (const r of gone) {
    const key = month(r.m);
    byMonth.set(key, { month: key, rows: byMonth.get(key)?.rows ?? 0, replaced: num(r.n) });
  }
  const months = [...byMonth.values()].sort((a, b) => (a.month ?? '9999').localeCompare(b.month ?? '9999'));
  const areas = (
    await c.runAndReadAll(`SELECT district_code AS code, any_value(district_name) AS name, count(*) AS n FROM ${rows.sql} GROUP BY 1 ORDER BY n DESC, code NULLS LAST`, rows.params)
  )
    .getRowObjectsJS()
    .map((r) => ({ code: month(r.code), name: month(r.name), rows: num(r.n) }));
  const fileMonth = monthInFileName(fileName);
  const rowMonths = months.filter((m) => m.rows > 0).map((m) => m.month);
  return { months, areas, fileMonth, monthMismatch: fileMonth !== null && rowMonths.some((m) => m !== fileMonth) };
}
