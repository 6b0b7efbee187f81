import { COMMON_COLUMNS, type ColumnSpec, type ColumnType, LINEAGE_COLUMNS } from '../../domain/dataset-schema.js';
import type { PlannedField, TransformPlan } from './plan.js';
import { ident, literal, SqlParams } from './sql-params.js';
import { type Vocabulary, vocabularyLookup } from '../vocabularies.js';

/**
 * SQL for the set-based steps of a load, built from a plan. Identifiers come from the plan's
 * declared names; everything from the file (headers, labels, values) is bound as a parameter.
 */

export interface Statement {
  sql: string;
  params: SqlParams['values'];
}

export const DUCKDB_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  month: 'DATE',
};

/** Staging column holding the file's n-th (0-based) column. */
export const stagingColumn = (i: number) => `c${i + 1}`;
const f = (name: string) => ident(`f_${name}`);
const r = (name: string) => ident(`r_${name}`);

export interface CsvSource {
  path: string;
  delimiter: string;
  quote: string;
  width: number;
}

/**
 * Bytes each CSV reading thread holds at a time: twice DuckDB's longest allowed line, an eighth of
 * its default, which made no difference to speed and keeps a load's memory flat.
 */
const CSV_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * read_csv over the file: every column as text, named c1…cN. With `rejects`, lines DuckDB cannot
 * split go to that table; without, they are skipped the same way.
 */
export function readCsvSql(src: CsvSource, rejects?: { table: string; scan: string }): string {
  const columns = Array.from({ length: src.width }, (_, i) => `${literal(stagingColumn(i))}: 'VARCHAR'`).join(', ');
  const errors = rejects
    ? `store_rejects = true, rejects_table = ${literal(rejects.table)}, rejects_scan = ${literal(rejects.scan)}`
    : 'ignore_errors = true';
  return (
    `read_csv(${literal(src.path)}, ` +
    `header = false, skip = 1, auto_detect = false, delim = ${literal(src.delimiter)}, quote = ${literal(src.quote)}, ` +
    `escape = ${literal(src.quote)}, columns = {${columns}}, strict_mode = true, ${errors}, parallel = true, buffer_size = ${CSV_BUFFER_BYTES})`
  );
}

/** Fields whose stored value differs from the text read: the text is kept beside it for checks and the rejects report. */
const keepsRaw = (field: PlannedField) => field.parse !== 'text' || !!field.vocabulary;

function typed(field: PlannedField, p: SqlParams): string {
  const v = r(field.name);
  switch (field.parse) {
    case 'text':
      return field.vocabulary ? inVocabulary(v, field.vocabulary, p) : v;
    case 'integer':
      return `TRY_CAST(${v} AS BIGINT)`;
    case 'double':
      return `TRY_CAST(${v} AS DOUBLE)`;
    case 'boolean':
      return `CASE lower(${v}) WHEN 'true' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true WHEN '1' THEN true WHEN 'false' THEN false WHEN 'no' THEN false WHEN 'n' THEN false WHEN '0' THEN false END`;
    case 'date':
    case 'month':
      return `CAST(try_strptime(${v}, ${literal(field.format ?? '%Y-%m-%d')}) AS DATE)`;
    case 'timestamp':
      return field.format
        ? `CAST(try_strptime(${v}, ${literal(field.format)}) AS TIMESTAMP)`
        : `CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)`;
  }
}

/**
 * The vocabulary's spelling of `v`, NULL when it has none. An exact match is tried first (files
 * mostly spell values as published), then one ignoring case and the declared other spellings.
 */
function inVocabulary(v: string, vocabulary: Vocabulary, p: SqlParams): string {
  const exact = vocabulary.values.map((x) => `WHEN ${p.bind(x)} THEN ${p.bind(x)}`).join(' ');
  const loose = vocabularyLookup(vocabulary)
    .map(([k, x]) => `WHEN ${p.bind(k)} THEN ${p.bind(x)}`)
    .join(' ');
  return `COALESCE(CASE ${v} ${exact} END, CASE lower(trim(${v})) ${loose} END)`;
}

const WHAT: Record<PlannedField['parse'], string> = {
  text: '',
  integer: 'is not a whole number',
  double: 'is not a number',
  boolean: 'is not yes/no or true/false',
  date: 'is not a date written',
  month: 'is not a month written',
  timestamp: 'is not a date and time written',
};

/** A failed check: when `when` holds, the row is rejected with `reason` (bound only when used). */
interface Check {
  when: string;
  reason: () => string;
}

function checks(field: PlannedField, p: SqlParams): Check[] {
  const out: Check[] = [];
  if (field.required) out.push({ when: `${r(field.name)} IS NULL`, reason: () => p.bind(`${field.label} is empty`) });
  if (field.vocabulary) {
    const shown = field.personal ? `'(withheld)'` : `left(${r(field.name)}, 60)`;
    const what = field.vocabulary.description;
    out.push({
      when: `${r(field.name)} IS NOT NULL AND ${f(field.name)} IS NULL`,
      reason: () => `concat(${p.bind(field.label)}, ' "', ${shown}, '" is not ', ${p.bind(what)})`,
    });
  }
  if (field.parse !== 'text') {
    const what = field.formatLabel ? `${WHAT[field.parse]} ${field.formatLabel}` : field.parse === 'timestamp' ? 'is not a date and time' : WHAT[field.parse];
    const shown = field.personal ? `'(withheld)'` : `left(${r(field.name)}, 60)`;
    out.push({
      when: `${r(field.name)} IS NOT NULL AND ${f(field.name)} IS NULL`,
      reason: () => `concat(${p.bind(field.label)}, ' "', ${shown}, '" ', ${p.bind(what)})`,
    });
  }
  return out;
}

/**
 * The value with surrounding spaces removed, NULL when nothing is left. DuckDB's trim copies every
 * string it sees, which doubled the cost of staging a police.uk month; most values have no
 * surrounding space, so only those that start or end with one are trimmed (same result).
 */
export function blankAsNull(column: string): string {
  return `CASE WHEN starts_with(${column}, ' ') OR ends_with(${column}, ' ') THEN NULLIF(trim(${column}), '') ELSE NULLIF(${column}, '') END`;
}

/**
 * Every row of the pending file `pending` (the file as read, see pendingSql) typed and checked:
 * `_row` (the row's number: records after the header from 1, its position in the pending file), one
 * `f_<field>` per field, `r_<field>` (the text as read) for fields that are not plain text (typed, or held to a vocabulary),
 * `_category`, `_ok` (every check passed) and, with `reasons`, `_reasons` (what failed, empty when
 * the row is accepted). A SELECT to read from, not a table; it reads in parallel.
 */
export function checkedRowsSql(pending: string, plan: TransformPlan, p: SqlParams, options: { reasons: boolean }): string {
  const raw = plan.fields.map((x) => `${blankAsNull(ident(stagingColumn(x.sourceIndex)))} AS ${r(x.name)}`);
  const cat = plan.category.from;
  const typedCols = plan.fields.map((x) => `${typed(x, p)} AS ${f(x.name)}`);
  const all = plan.fields.flatMap((x) => checks(x, p));
  let categoryExpr = cat ? `m.${f(cat)}` : 'NULL';
  if (cat && plan.category.map) {
    const entries = Object.entries(plan.category.map);
    categoryExpr = entries.length
      ? `CASE lower(m.${f(cat)}) ${entries.map(([k, v]) => `WHEN ${p.bind(k)} THEN ${p.bind(v)}`).join(' ')} END`
      : 'CAST(NULL AS VARCHAR)';
    all.push({
      when: `${f(cat)} IS NOT NULL AND _category IS NULL`,
      reason: () => `concat(${p.bind('Category "')}, left(${f(cat)}, 60), ${p.bind('" has no Home Office ASB category in the mapping')})`,
    });
  }
  const inner = `SELECT file_row_number + 1 AS _row, ${raw.join(', ')} FROM read_parquet(${literal(pending)}, file_row_number = true)`;
  const middle = `SELECT i.*, ${typedCols.join(', ')} FROM (${inner}) i`;
  const withCategory = `SELECT m.*, ${categoryExpr} AS _category FROM (${middle}) m`;
  const ok = all.length ? `NOT COALESCE(${all.map((c) => `(${c.when})`).join(' OR ')}, false)` : 'true';
  const reasons = options.reasons
    ? `, list_filter([${all.length ? all.map((c) => `CASE WHEN ${c.when} THEN ${c.reason()} END`).join(', ') : 'NULL::VARCHAR'}], x -> x IS NOT NULL) AS _reasons`
    : '';
  return `SELECT w.*, ${ok} AS _ok${reasons} FROM (${withCategory}) w`;
}

/**
 * The file read once, every field as text, by DuckDB's parallel CSV reader, and written to the
 * Parquet file `pending` (dictionary-encoded, a fraction of the CSV's size, streamed: memory does
 * not grow with the file). DuckDB writes a parallel scan's rows in file order (with
 * `preserve_insertion_order`, its default, which the caller makes sure of), so a row's position in
 * the Parquet file (`file_row_number`) is its number in the CSV: numbering needs no
 * single-threaded row_number() over the file, and the later passes read it in parallel.
 */
/** Rows per row group of the pending file: small groups keep the writer's buffers small. */
const PENDING_ROW_GROUP = 32_768;

export function pendingSql(pending: string, src: CsvSource, rejects: { table: string; scan: string }): string {
  return `COPY (SELECT * FROM ${readCsvSql(src, rejects)}) TO ${literal(pending)} (FORMAT parquet, ROW_GROUP_SIZE ${PENDING_ROW_GROUP}, COMPRESSION uncompressed)`;
}

/**
 * Stages the checked rows of the pending table in the temporary table `table` (without `_ok`: a
 * row is accepted when its `_reasons` is empty), for loads that must see the whole file before
 * deciding on a row (one record per key).
 */
export function transformSql(table: string, pending: string, plan: TransformPlan): Statement {
  const p = new SqlParams();
  const dropRaw = plan.fields.filter((x) => !keepsRaw(x)).map((x) => r(x.name));
  const sql = `CREATE TEMP TABLE ${ident(table)} AS SELECT * EXCLUDE (_ok${dropRaw.map((x) => `, ${x}`).join('')}) FROM (${checkedRowsSql(pending, plan, p, { reasons: true })}) c`;
  return { sql, params: p.values };
}

/**
 * One record per key (upsert-by-key): rewrites `table` in file order, adding a reason to every row
 * whose key appears again further down, naming that last row. The last row is the record's version
 * even when it is itself rejected, so an older version is never published in its place. The table
 * is rebuilt rather than updated (DuckDB updates a list column by delete and insert); rows are
 * compared by their number `_row`.
 */
export function lastRowPerKeySql(table: string, plan: TransformPlan): Statement {
  const key = plan.fields.find((x) => x.name === plan.key);
  if (!key) throw new Error('upsert-by-key needs a key field in the plan');
  const p = new SqlParams();
  const k = f(key.name);
  const shown = key.personal ? `'(withheld)'` : `left(CAST(x.${k} AS VARCHAR), 60)`;
  const reason =
    `concat(${p.bind(key.label)}, ' "', ${shown}, ${p.bind('" appears again at row ')}, d._last, ` +
    `CASE WHEN d._last_ok THEN ${p.bind(', the last row with this key, which was loaded instead')} ` +
    `ELSE ${p.bind(', the last row with this key, which was rejected too, so no row with this key was loaded')} END)`;
  const repeated =
    `SELECT ${k}, max(_row) AS _last, arg_max(len(_reasons) = 0, _row) AS _last_ok FROM ${ident(table)} ` +
    `WHERE ${k} IS NOT NULL GROUP BY ${k} HAVING count(*) > 1`;
  const sql =
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS SELECT x.* REPLACE (` +
    `CASE WHEN x._row < d._last THEN list_append(x._reasons, ${reason}) ELSE x._reasons END AS _reasons) ` +
    `FROM ${ident(table)} x LEFT JOIN (${repeated}) d ON d.${k} = x.${k}`;
  return { sql, params: p.values };
}

/** `CREATE TABLE` for a dataset's rows: the declared columns then the lineage columns. */
export function datasetTableSql(table: string, columns: readonly ColumnSpec[], archive = false): string {
  const cols = columns.map((c) => `${ident(c.name)} ${DUCKDB_TYPES[c.type]}`);
  cols.push(`${ident(LINEAGE_COLUMNS.loadId)} VARCHAR NOT NULL`, `${ident(LINEAGE_COLUMNS.sourceRow)} BIGINT NOT NULL`);
  if (archive) cols.push(`"_replaced_by" VARCHAR NOT NULL`);
  return `CREATE TABLE IF NOT EXISTS ${table} (${cols.join(', ')})`;
}

/** Fields that place a row without coordinates: LSOA code or name, mapped district or ward. */
function areaKeys(plan: TransformPlan): string[] {
  const a = plan.area;
  return [a.lsoaCode, a.lsoaName, a.district, a.ward].filter((k): k is string => !!k);
}

/**
 * What a load needs to know before it publishes, in one small table from one pass over the
 * checked `rows`: row counts by outcome (`_ok`, `_n`), and for accepted rows their months
 * (`_month`), their distinct area keys, and the coordinates of rows with nothing else to place
 * them by (`_lon`, `_lat`). A police month groups into about 1,300 rows (its LSOAs).
 */
export function summarySql(table: string, rows: string, plan: TransformPlan): string {
  const a = plan.area;
  const keys = areaKeys(plan);
  const cols = [
    '_ok',
    plan.monthFrom ? `CASE WHEN _ok THEN CAST(date_trunc('month', ${f(plan.monthFrom)}) AS DATE) END AS _month` : 'CAST(NULL AS DATE) AS _month',
    ...keys.map((k) => `CASE WHEN _ok THEN ${f(k)} END AS ${f(k)}`),
  ];
  if (a.longitude && a.latitude) {
    const unplaced = ['_ok', `${f(a.longitude)} IS NOT NULL`, `${f(a.latitude)} IS NOT NULL`, ...keys.map((k) => `${f(k)} IS NULL`)].join(' AND ');
    cols.push(`CASE WHEN ${unplaced} THEN ${f(a.longitude)} END AS _lon`, `CASE WHEN ${unplaced} THEN ${f(a.latitude)} END AS _lat`);
  }
  return `CREATE TEMP TABLE ${ident(table)} AS SELECT ${cols.join(', ')}, count(*) AS _n FROM ${rows} x GROUP BY ALL`;
}

/**
 * The accepted rows of `rows` (checked rows, see checkedRowsSql) as dataset rows (common
 * columns, the plan's stored fields, lineage), with the district found from the LSOA, then a
 * mapped district or ward, then coordinates. Area keys are placed once each, from `summary`.
 */
export function acceptedRowsSql(
  rows: string,
  summary: string,
  plan: TransformPlan,
  columns: readonly ColumnSpec[],
  coordTable: string | null,
  p: SqlParams,
  loadId: string,
  sourceOrg: string,
): string {
  const a = plan.area;
  const joins: string[] = [];
  const lsoaCandidates: string[] = [];
  const mappedCandidates: string[] = [];
  if (a.lsoaCode) {
    joins.push(`LEFT JOIN geo.lsoa gl ON gl.code = x.${f(a.lsoaCode)}`);
    lsoaCandidates.push('gl.district_code');
  }
  if (a.lsoaName) {
    joins.push(
      `LEFT JOIN geo.district ln ON ln.name_key = lower(trim(substr(x.${f(a.lsoaName)}, 1, length(x.${f(a.lsoaName)}) - 5))) ` +
        `AND regexp_full_match(x.${f(a.lsoaName)}, '.+ [0-9]{3}[A-Za-z]')`,
    );
    lsoaCandidates.push('ln.code');
  }
  if (a.district) {
    joins.push(`LEFT JOIN geo.district dc ON dc.code = upper(x.${f(a.district)})`);
    joins.push(`LEFT JOIN geo.district dn ON dn.name_key = lower(x.${f(a.district)})`);
    mappedCandidates.push('dc.code', 'dn.code');
  }
  if (a.ward) {
    joins.push(
      `LEFT JOIN (SELECT name_key, min(district_code) AS district_code FROM geo.ward GROUP BY name_key HAVING count(DISTINCT district_code) = 1) wd ON wd.name_key = lower(x.${f(a.ward)})`,
    );
    mappedCandidates.push('wd.district_code');
  }
  // Area keys are few (a police month has ~1,300 LSOAs): place each distinct combination once, then join.
  const keys = areaKeys(plan);
  const coalesce = (xs: string[]) => (xs.length === 0 ? 'NULL' : xs.length === 1 ? xs[0] : `COALESCE(${xs.join(', ')})`);
  const outer: string[] = [];
  let dLsoa = 'NULL';
  let dMapped = 'NULL';
  if (keys.length) {
    const distinct = `SELECT DISTINCT ${keys.map((k) => f(k)).join(', ')} FROM ${ident(summary)} WHERE _ok`;
    const lookup = `SELECT x.*, ${coalesce(lsoaCandidates)} AS _d_lsoa, ${coalesce(mappedCandidates)} AS _d_mapped FROM (${distinct}) x ${joins.filter((j) => !j.includes(' dd ')).join(' ')}`;
    outer.push(`LEFT JOIN (${lookup}) al ON ${keys.map((k) => `al.${f(k)} IS NOT DISTINCT FROM x.${f(k)}`).join(' AND ')}`);
    dLsoa = 'al._d_lsoa';
    dMapped = 'al._d_mapped';
  }
  const coordCandidate = coordTable && a.longitude && a.latitude ? 'cp.district_code' : null;
  if (coordCandidate) outer.push(`LEFT JOIN ${ident(coordTable!)} cp ON cp.lon = x.${f(a.longitude!)} AND cp.lat = x.${f(a.latitude!)}`);
  const dCoord = coordCandidate ?? 'NULL';
  const dDefault = a.defaultDistrict ? p.bind(a.defaultDistrict) : 'NULL';
  const placed = `SELECT x.*, x._row AS _source_row, ${dLsoa} AS _d_lsoa, ${dMapped} AS _d_mapped, ${dCoord} AS _d_coord, ${dDefault} AS _d_default FROM ${rows} x ${outer.join(' ')} WHERE x._ok`;

  const group =
    'police' in plan.category.group
      ? `CASE WHEN q._category = 'Anti-social behaviour' THEN 'Anti-social behaviour' WHEN q._category IS NULL THEN NULL ELSE 'Crime' END`
      : p.bind(plan.category.group.constant);
  const common: Record<string, string> = {
    month: plan.monthFrom ? `CAST(date_trunc('month', q.${f(plan.monthFrom)}) AS DATE)` : 'CAST(NULL AS DATE)',
    district_code: 'q._district',
    district_name: 'gd.name',
    lsoa_code: a.lsoaCode ? `q.${f(a.lsoaCode)}` : 'NULL',
    lsoa_name: a.lsoaName ? `q.${f(a.lsoaName)}` : 'NULL',
    category: 'q._category',
    category_group: group,
    source_org: p.bind(sourceOrg),
    placement: `CASE WHEN q._d_lsoa IS NOT NULL THEN 'lsoa' WHEN q._d_mapped IS NOT NULL THEN 'mapped' WHEN q._d_coord IS NOT NULL THEN 'coordinates' WHEN q._d_default IS NOT NULL THEN 'mapped' ELSE 'unplaced' END`,
  };
  const stored = new Set(plan.fields.filter((x) => x.column).map((x) => x.name));
  const select = columns.map((c) => {
    if (c.name in common && COMMON_COLUMNS.some((k) => k.name === c.name)) return `${common[c.name]} AS ${ident(c.name)}`;
    return stored.has(c.name) ? `q.${f(c.name)} AS ${ident(c.name)}` : `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${ident(c.name)}`;
  });
  select.push(`${p.bind(loadId)} AS ${ident(LINEAGE_COLUMNS.loadId)}`, `q._source_row AS ${ident(LINEAGE_COLUMNS.sourceRow)}`);
  return (
    `SELECT ${select.join(', ')} FROM (SELECT pl.*, COALESCE(pl._d_lsoa, pl._d_mapped, pl._d_coord, pl._d_default) AS _district FROM (${placed}) pl) q ` +
    `LEFT JOIN geo.district gd ON gd.code = q._district`
  );
}

/** Distinct coordinates of accepted rows that have no LSOA, district or ward to place them by. */
export function unplacedCoordinatesSql(summary: string, plan: TransformPlan): string | null {
  if (!plan.area.longitude || !plan.area.latitude) return null;
  return `SELECT DISTINCT _lon AS lon, _lat AS lat FROM ${ident(summary)} WHERE _lon IS NOT NULL AND _lat IS NOT NULL`;
}

/** Rejected rows of `rows` (checked, with reasons) and structurally malformed lines, as rows of `ingest.rejects`. */
export function rejectedRowsSql(rows: string, structural: string | null, plan: TransformPlan, p: SqlParams, loadId: string): string {
  const hasPersonal = plan.fields.some((x) => x.personal);
  const pairs = plan.fields.map((x) => {
    const value = keepsRaw(x) ? `x.${r(x.name)}` : `x.${f(x.name)}`;
    return `${p.bind(x.label)}, ${x.personal ? `CASE WHEN ${value} IS NULL THEN NULL ELSE '(withheld)' END` : value}`;
  });
  const load = p.bind(loadId);
  const failed =
    `SELECT ${load} AS load_id, x._row AS source_row, NULL::BIGINT AS source_line, x._reasons AS reasons, ` +
    `CAST(json_object(${pairs.join(', ')}) AS VARCHAR) AS raw FROM ${rows} x WHERE NOT x._ok`;
  if (!structural) return failed;
  const shown = hasPersonal ? `'(withheld: the file has personal columns)'` : 'left(first(csv_line), 500)';
  const lines =
    `SELECT ${load}, NULL::BIGINT, line, list(DISTINCT error_message ORDER BY error_message), ` +
    `CAST(json_object('line', ${shown}) AS VARCHAR) FROM ${ident(structural)} GROUP BY line`;
  return `${failed} UNION ALL ${lines}`;
}
