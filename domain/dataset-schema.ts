/**
 * The contract between ingest (which creates and fills DuckDB tables) and query (which reads them
 * under policy): what a dataset's columns are, which are personal data, and which are the common
 * dimensions every dataset shares so the cross-partner view can combine them.
 */

export enum DatasetKind {
  PoliceStreet = 'police_street',
  PoliceOutcomes = 'police_outcomes',
  StopAndSearch = 'stop_and_search',
  PartnerAsb = 'partner_asb',
  Other = 'other',
}

export enum Sensitivity {
  Official = 'OFFICIAL',
  OfficialSensitive = 'OFFICIAL-SENSITIVE',
}

/** Column types as DuckDB stores them. `month` is a DATE on the first day of the month. */
export type ColumnType = 'text' | 'integer' | 'double' | 'boolean' | 'date' | 'timestamp' | 'month';

export interface ColumnSpec {
  /** Column name in the DuckDB table: lower snake case, `[a-z][a-z0-9_]*`. */
  name: string;
  type: ColumnType;
  /** What users see, e.g. "Crime type". */
  label: string;
  /** Personal data: present only for callers with `identifiable` access. */
  personal: boolean;
  /** Can be grouped by. */
  dimension: boolean;
  description?: string;
}

/**
 * Common dimensions present in every dataset table (null where unknown), so that one question can
 * span police and partner data. Ingest fills them; query groups and filters on them.
 */
export const COMMON_COLUMNS: readonly ColumnSpec[] = [
  { name: 'month', type: 'month', label: 'Month', personal: false, dimension: true },
  { name: 'district_code', type: 'text', label: 'District code', personal: false, dimension: true },
  { name: 'district_name', type: 'text', label: 'District', personal: false, dimension: true },
  { name: 'lsoa_code', type: 'text', label: 'LSOA code', personal: false, dimension: true },
  { name: 'lsoa_name', type: 'text', label: 'LSOA', personal: false, dimension: true },
  { name: 'category', type: 'text', label: 'Category', personal: false, dimension: true },
  {
    name: 'category_group',
    type: 'text',
    label: 'Category group',
    personal: false,
    dimension: true,
    description: "'Anti-social behaviour' or 'Crime' for police data; ASB for partner ASB cases",
  },
  { name: 'source_org', type: 'text', label: 'Source partner', personal: false, dimension: true },
  {
    name: 'placement',
    type: 'text',
    label: 'How the area was found',
    personal: false,
    dimension: true,
    description: "'lsoa', 'mapped', 'coordinates' or 'unplaced'",
  },
];

/** Lineage columns on every dataset table: which load brought the row, and its row in the file. */
export const LINEAGE_COLUMNS = { loadId: '_load_id', sourceRow: '_source_row' } as const;

/** DuckDB table holding a dataset's published rows. */
export function datasetTable(slug: string): string {
  if (!/^[a-z][a-z0-9-]{1,62}$/.test(slug)) throw new Error(`Invalid dataset slug: ${slug}`);
  return `ds_${slug.replace(/-/g, '_')}`;
}
