/**
 * Builds DuckDB SQL for a normalised question. Identifiers come only from declared column
 * names (checked again here) and the catalogue's table names; every value is a bound parameter.
 * The area restriction is added here from the policy's scope, never from the request.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { ColumnType } from '../../domain/dataset-schema.js';
import { LINEAGE_COLUMNS } from '../../domain/dataset-schema.js';
import { areaCondition, type AreaScope } from '../access/access-policy.js';
import { ROLLUP_COUNT } from '../datasets/rollups.js';
import { REFERENCE_COLUMN_NAMES } from '../reference/reference-columns.js';
import type { AggregateSpec, Filter, GroupColumn, Measure, RecordSpec } from './query-spec.js';

export interface BuiltSql {
  sql: string;
  params: DuckDBValue[];
}

/** One table a question reads, with the rows the caller may see in it. */
export interface QuerySource {
  table: string;
  areas: AreaScope;
  /** The dataset slug, exposed as the `dataset` group of the cross-partner view. */
  slug: string;
  /** The table's roll-ups, coarsest first (src/datasets/rollups.ts); empty when it has none. */
  rollups: readonly RollupSource[];
}

export interface RollupSource {
  /** Schema-qualified, quoted name from `rollupTable()`. */
  table: string;
  columns: ReadonlySet<string>;
}

/** One part's count (a group in one month, category and placement) inside a protected answer's SQL. */
const PART_COUNT = '_part_n';

/** Column holding the dataset slug in a cross-partner union. */
export const DATASET_COLUMN = '_dataset';

/** Quotes a name that is already known to be declared; refuses anything else outright. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Refusing to use "${name}" as an identifier`);
  return `"${name}"`;
}

function table(name: string): string {
  if (!/^ds_[a-z0-9_]{1,64}$/.test(name)) throw new Error(`Refusing to use "${name}" as a table`);
  return `"${name}"`;
}

/** A whole number written into SQL; anything else is refused (counts are validated upstream). */
function int(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Refusing to use ${n} as a row count`);
  return String(n);
}

class Params {
  readonly values: DuckDBValue[] = [];
  add(value: DuckDBValue, type?: ColumnType): string {
    this.values.push(value);
    const p = `$${this.values.length}`;
    if (type === 'month' || type === 'date') return `CAST(${p} AS DATE)`;
    if (type === 'timestamp') return `CAST(${p} AS TIMESTAMP)`;
    return p;
  }
}

/** A column formatted as it leaves the server: months as YYYY-MM, dates and times as ISO text. */
function formatted(expr: string, type: ColumnType): string {
  if (type === 'month') return `strftime(${expr}, '%Y-%m')`;
  if (type === 'date') return `strftime(${expr}, '%Y-%m-%d')`;
  if (type === 'timestamp') return `strftime(${expr}, '%Y-%m-%dT%H:%M:%S')`;
  return expr;
}

/** Source rows are aliased `s`, so grouping keys never collide with output aliases. */
const col = (name: string) => `s.${ident(name)}`;

function areaClause(areas: AreaScope, p: Params): string | null {
  return areaCondition(areas, col('district_code'), (c) => p.add(c));
}

function filterClause(f: Filter, p: Params): string {
  const c = col(f.field);
  switch (f.op) {
    case 'eq':
      return `${c} = ${p.add(f.values[0], f.type)}`;
    case 'in':
      return `${c} IN (${f.values.map((v) => p.add(v, f.type)).join(', ')})`;
    case 'between':
      return `${c} BETWEEN ${p.add(f.values[0], f.type)} AND ${p.add(f.values[1], f.type)}`;
    case 'gte':
      return `${c} >= ${p.add(f.values[0], f.type)}`;
    case 'lte':
      return `${c} <= ${p.add(f.values[0], f.type)}`;
    case 'contains':
      return `contains(lower(${c}), lower(${p.add(f.values[0])}))`;
  }
}

function where(source: QuerySource, filters: readonly Filter[], p: Params): string {
  const clauses = [areaClause(source.areas, p), ...filters.map((f) => filterClause(f, p))].filter((c): c is string => c !== null);
  return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
}

/** What to group by: raw values (formatting ten million dates before grouping is wasted work). */
function groupKey(g: GroupColumn): string {
  if (g.transform === 'dataset') return col(DATASET_COLUMN);
  if (g.transform === 'year') return `year(${col(g.source)})`;
  return col(g.source);
}

/** How a group key leaves: formatted after grouping. */
function groupOutput(g: GroupColumn): string {
  if (g.transform === 'year') return `CAST(${groupKey(g)} AS INTEGER)`;
  if (g.transform === 'dataset') return groupKey(g);
  return formatted(groupKey(g), g.sourceType);
}

/** With `weighted`, each source row stands for `_n` rows (a roll-up's group, or 1 for a table row). */
function measureExpr(m: Measure, types: ReadonlyMap<string, ColumnType>, weighted: boolean): string {
  if (m.fn === 'count') return weighted ? `CAST(coalesce(sum(${col(ROLLUP_COUNT)}), 0) AS BIGINT)` : 'count(*)';
  const c = col(m.field!);
  if (m.fn === 'count_distinct') return `count(DISTINCT ${c})`;
  if (m.fn === 'sum' || m.fn === 'avg') return `CAST(${m.fn}(${c}) AS DOUBLE)`;
  return formatted(`${m.fn}(${c})`, types.get(m.field!) ?? 'text');
}

/** Columns of a question that name a stored column (reference dimensions come from `lsoa_code`). */
function storedColumns(spec: AggregateSpec): string[] {
  const named = [
    ...spec.groups.filter((g) => g.transform !== 'dataset').map((g) => g.source),
    ...spec.filters.map((f) => f.field),
    ...spec.measures.flatMap((m) => (m.field ? [m.field] : [])),
  ];
  return [...new Set(named.map((n) => (REFERENCE_COLUMN_NAMES.has(n) ? 'lsoa_code' : n)))];
}

/** Whether a question groups or filters by a reference dimension (the 2011 LSOA, the IMD decile, the ward). */
export function usesReference(spec: AggregateSpec): boolean {
  return [...spec.groups.map((g) => g.source), ...spec.filters.map((f) => f.field)].some((n) => REFERENCE_COLUMN_NAMES.has(n));
}

/**
 * A relation with the reference dimensions joined on by LSOA code: the best-fit 2011 LSOA, its
 * profile and its best-fit ward (src/reference). Left joins, so rows with an LSOA the lookup does not know stay, with
 * those columns null ("not known").
 */
function withReference(relation: string): string {
  return (
    '(SELECT r.*, bf.lsoa11_code AS lsoa11_code, pr.lsoa11_name AS lsoa11_name, pr.imd_decile AS imd_decile, lw.ward_code AS ward_code, lw.ward_name AS ward_name ' +
    `FROM ${relation} AS r LEFT JOIN ref.lsoa_best_fit AS bf ON bf.lsoa_code = r.lsoa_code LEFT JOIN ref.lsoa_profile AS pr ON pr.lsoa11_code = bf.lsoa11_code ` +
    'LEFT JOIN ref.lsoa_ward AS lw ON lw.lsoa11_code = bf.lsoa11_code)'
  );
}

/** Measures a roll-up answers exactly: counts, and distinct counts, minima and maxima of its columns. */
const ROLLUP_MEASURES = new Set(['count', 'count_distinct', 'min', 'max']);

/**
 * The coarsest roll-up of `source` holding every column the question names (the area column
 * and any `parts` included), or null when the question needs the table itself.
 */
export function rollupFor(spec: AggregateSpec, source: QuerySource, parts: readonly string[] = []): RollupSource | null {
  if (!spec.measures.every((m) => ROLLUP_MEASURES.has(m.fn))) return null;
  const named = ['district_code', ...storedColumns(spec), ...parts];
  return source.rollups.find((r) => named.every((n) => r.columns.has(n))) ?? null;
}

/**
 * Disclosure control's small-part rule (docs/disclosure-control.md). Every protected count is
 * first split into its parts: its groups, and each month, category, placement, source and district
 * (in the cross-partner view each dataset; for a ward or 2011 LSOA each LSOA), whether the question
 * names them or not. A part whose own count is from 1 to threshold − 1 stands in as half the
 * threshold (2.5 for 5: the middle of 1–4, so no part is off by more than 1.5), whatever it truly
 * is, and the count is the sum of its parts, rounded half up. So no released figure depends on a withheld part's true value: not a sum of
 * months however its time range is nested or shifted, and not a total from which the caller
 * subtracts the other categories.
 */
export interface SmallPartRule {
  threshold: number;
}

/**
 * Dimensions every protected count is split by (every dataset table has them: COMMON_COLUMNS).
 * With the month they are a district roll-up's grain, so a question that roll-up answers reads its
 * rows as the parts themselves.
 */
export const PART_COLUMNS = ['category', 'placement', 'source_org', 'district_code'] as const;

/** Columns whose value one other column fixes: a roll-up row split by them is split by no more. */
const FIXED_BY: ReadonlyMap<string, string> = new Map([
  ['district_name', 'district_code'],
  ['lsoa_name', 'lsoa_code'],
  ['category_group', 'category'],
]);

/** Whether each row of `rollup` is one part of `spec`: its grain holds nothing the parts do not fix. */
function rowsAreParts(spec: AggregateSpec, rollup: RollupSource, parts: readonly string[]): boolean {
  const split = new Set([...parts, ...spec.groups.filter((g) => g.transform !== 'dataset').map((g) => g.source)]);
  const pinned = new Set(spec.filters.filter((f) => f.op === 'eq' || (f.op === 'in' && f.values.length === 1)).map((f) => f.field));
  return [...rollup.columns].every((c) => split.has(c) || pinned.has(c) || (FIXED_BY.has(c) && split.has(FIXED_BY.get(c)!)));
}

/**
 * Areas made of a few LSOAs: a question that names one of these also splits its counts by LSOA, so
 * a ward (or a 2011 LSOA) minus its other LSOAs gives back the stand-in. Districts and deprivation
 * deciles hold too many LSOAs for that to cost little accuracy, and their LSOAs' own noise protects
 * them (docs/disclosure-control.md).
 */
const SMALL_AREAS = new Set(['ward_code', 'ward_name', 'lsoa11_code', 'lsoa11_name']);

/** The columns a protected count of `spec` is split into parts by. */
export function partColumns(spec: AggregateSpec): string[] {
  const named = [...spec.groups.map((g) => g.source), ...spec.filters.map((f) => f.field)];
  return ['month', ...PART_COLUMNS, ...(named.some((n) => SMALL_AREAS.has(n)) ? ['lsoa_code'] : [])];
}

/** Column of a protected answer counting the parts that stood in (for the answer's error bound). */
export const SMALL_PARTS_COLUMN = '_small_parts';

/** Column of a protected answer holding each cell's true total: only whether it is small is used. */
export const TRUE_COUNT_COLUMN = '_true_count';

/**
 * Column of a protected cross-partner answer naming the datasets with records in each cell (slugs,
 * sorted, comma-separated): a cell is described by those alone, so adding a dataset that has nothing
 * there cannot describe the same records a second way.
 */
export const CONTRIBUTING_COLUMN = '_datasets';

/**
 * Grouped counts (and other measures) over one table or the union of several, each read from
 * its roll-up when one can answer. Ordering and paging happen after suppression, so the SQL
 * returns every group, up to `maxGroups + 1` so that an over-large answer is noticed.
 */
export function buildAggregateSql(spec: AggregateSpec, sources: readonly QuerySource[], types: ReadonlyMap<string, ColumnType>, maxGroups: number, smallParts?: SmallPartRule): BuiltSql {
  if (sources.length === 0) throw new Error('A question needs at least one source');
  if (smallParts && !spec.measures.every((m) => m.fn === 'count')) throw new Error('The small-part rule applies to counts only');
  const p = new Params();
  const parts = smallParts ? partColumns(spec) : [];
  const rollups = sources.map((s) => rollupFor(spec, s, parts));
  const weighted = rollups.some((r) => r !== null);
  const stored = (i: number) => rollups[i]?.table ?? table(sources[i].table);
  const relation = usesReference(spec) ? (i: number) => withReference(stored(i)) : stored;
  const union = sources.length > 1 || spec.groups.some((g) => g.transform === 'dataset');
  let from: string;
  if (!union) {
    from = `${relation(0)} AS s${where(sources[0], spec.filters, p)}`;
  } else {
    const needed = new Set([...spec.groups.filter((g) => g.transform !== 'dataset').map((g) => g.source), ...spec.measures.flatMap((m) => (m.field ? [m.field] : [])), ...parts]);
    const columns = [...needed].sort().map(ident);
    const branches = sources.map((s, i) => {
      const weight = weighted ? [rollups[i] ? col(ROLLUP_COUNT) : `CAST(1 AS BIGINT) AS ${ident(ROLLUP_COUNT)}`] : [];
      return `SELECT ${[...columns, ...weight, `${p.add(s.slug)} AS ${ident(DATASET_COLUMN)}`].join(', ')} FROM ${relation(i)} AS s${where(s, spec.filters, p)}`;
    });
    from = `(${branches.join(' UNION ALL ')}) AS s`;
  }
  const keys = [...new Set(spec.groups.map(groupKey))];
  const groupBy = keys.length ? ` GROUP BY ${keys.join(', ')}` : '';
  const limit = spec.groups.length ? ` LIMIT ${int(maxGroups + 1)}` : '';
  if (smallParts) {
    // Each roll-up row is one part where its grain is the parts' (the rule applies as it is read);
    // otherwise the parts are counted first.
    let parted = from;
    let n = col(ROLLUP_COUNT);
    if (!rollups.every((r) => r !== null && rowsAreParts(spec, r, parts))) {
      const partKeys = [...new Set([...spec.groups.map((g) => (g.transform === 'dataset' ? col(DATASET_COLUMN) : col(g.source))), ...parts.map(col), ...(union ? [col(DATASET_COLUMN)] : [])])];
      parted = `(SELECT ${partKeys.join(', ')}, ${measureExpr({ fn: 'count', field: null, output: 'count' }, types, weighted)} AS ${ident(PART_COUNT)} FROM ${from} GROUP BY ${partKeys.join(', ')}) AS s`;
      n = col(PART_COUNT);
    }
    const select = [
      ...spec.groups.map((g) => `${groupOutput(g)} AS ${ident(g.output)}`),
      // In half units, so that the stand-in (half the threshold) stays a whole number.
      ...spec.measures.map((m) => `CAST((coalesce(sum(CASE WHEN ${n} >= ${int(smallParts.threshold)} THEN 2 * ${n} ELSE ${int(smallParts.threshold)} END), 0) + 1) // 2 AS BIGINT) AS ${ident(m.output)}`),
      `CAST(count(*) FILTER (WHERE ${n} < ${int(smallParts.threshold)}) AS INTEGER) AS ${ident(SMALL_PARTS_COLUMN)}`,
      `CAST(coalesce(sum(${n}), 0) AS BIGINT) AS ${ident(TRUE_COUNT_COLUMN)}`,
      ...(union ? [`string_agg(DISTINCT ${col(DATASET_COLUMN)}, ',' ORDER BY ${col(DATASET_COLUMN)}) AS ${ident(CONTRIBUTING_COLUMN)}`] : []),
    ];
    return { sql: `SELECT ${select.join(', ')} FROM ${parted}${groupBy}${limit}`, params: p.values };
  }
  const select = [...spec.groups.map((g) => `${groupOutput(g)} AS ${ident(g.output)}`), ...spec.measures.map((m) => `${measureExpr(m, types, weighted)} AS ${ident(m.output)}`)];
  return { sql: `SELECT ${select.join(', ')} FROM ${from}${groupBy}${limit}`, params: p.values };
}

/** A page of rows, in a stable order, with one extra row fetched to tell whether more follow. */
export function buildRecordSql(spec: RecordSpec, source: QuerySource): BuiltSql {
  const p = new Params();
  const select = spec.fields.map((f) => `${formatted(col(f.name), f.type)} AS ${ident(f.name)}`);
  const order = [...spec.orderBy.map((o) => `${col(o.field)} ${o.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`), col(LINEAGE_COLUMNS.loadId), col(LINEAGE_COLUMNS.sourceRow)];
  const w = where(source, spec.filters, p);
  const sql = `SELECT ${select.join(', ')} FROM ${table(source.table)} AS s${w} ORDER BY ${order.join(', ')} LIMIT ${int(spec.limit + 1)} OFFSET ${int(spec.offset)}`;
  return { sql, params: p.values };
}
