/**
 * Roll-ups: row counts of a dataset table by its common dimensions, kept in DuckDB beside the
 * table by ingest (in the same transaction as every load and rollback) and read by query in place
 * of the table when a question needs nothing else. A police month of a million rows is about
 * fifteen thousand rows at LSOA grain and a few hundred at district grain.
 *
 * A roll-up holds only groups with at least one row, so counts (the sum of `_n`), distinct counts,
 * minima and maxima of its columns are the same whether read from it or from the table.
 */

/** Column of a roll-up holding how many of the table's rows each group stands for. */
export const ROLLUP_COUNT = '_n';

/** The DuckDB schema that holds every roll-up. */
export const ROLLUP_SCHEMA = 'rollup';

export interface RollupGrain {
  /** Suffix of the roll-up's table name. */
  suffix: string;
  /** Common columns kept; the rest of the table is counted away. */
  columns: readonly string[];
}

const BY_DISTRICT = ['month', 'district_code', 'district_name', 'category', 'category_group', 'source_org', 'placement'];

/**
 * Coarsest first: a question is answered from the first grain that has every column it names.
 * The LSOA grain is built from the table; the district grain from the LSOA grain.
 */
export const ROLLUP_GRAINS: readonly RollupGrain[] = [
  { suffix: 'by_district', columns: BY_DISTRICT },
  { suffix: 'by_lsoa', columns: [...BY_DISTRICT, 'lsoa_code', 'lsoa_name'] },
];

/** A roll-up's table, schema-qualified and quoted (names come from the catalogue, never a request). */
export function rollupTable(datasetTable: string, grain: RollupGrain): string {
  if (!/^ds_[a-z0-9_]{1,64}$/.test(datasetTable)) throw new Error(`Refusing to use "${datasetTable}" as a table`);
  return `${ROLLUP_SCHEMA}."${datasetTable}__${grain.suffix}"`;
}

/** The plain name of a roll-up's table inside its schema, for catalogue look-ups. */
export function rollupTableName(datasetTable: string, grain: RollupGrain): string {
  return `${datasetTable}__${grain.suffix}`;
}
