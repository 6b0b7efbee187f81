import type { ColumnSpec } from '../../domain/dataset-schema.js';

/**
 * Dimensions derived from reference data rather than stored in dataset tables: the 2011 LSOA a
 * row's LSOA code best fits (src/reference/lsoa-best-fit.ts), that LSOA's IMD 2019 decile, and
 * the electoral ward it best fits (src/reference/lsoa-ward.ts).
 * Offered in grouped questions on every dataset with an LSOA code; query-sql.ts joins them in.
 */
export const REFERENCE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'lsoa11_code', type: 'text', label: 'LSOA 2011 code (best fit)', personal: false, dimension: true },
  { name: 'lsoa11_name', type: 'text', label: 'LSOA 2011 (best fit)', personal: false, dimension: true },
  {
    name: 'imd_decile',
    type: 'integer',
    label: 'Deprivation decile (IMD 2019)',
    personal: false,
    dimension: true,
    description: '1 = most deprived tenth of LSOAs in England, 10 = least; empty when the LSOA is not known',
  },
  {
    name: 'ward_code',
    type: 'text',
    label: 'Ward code (best fit)',
    personal: false,
    dimension: true,
    description: "The electoral ward covering most of the row's 2011 LSOA; empty when the LSOA is not known",
  },
  { name: 'ward_name', type: 'text', label: 'Ward (best fit)', personal: false, dimension: true },
];

export const REFERENCE_COLUMN_NAMES: ReadonlySet<string> = new Set(REFERENCE_COLUMNS.map((c) => c.name));
