import { COMMON_COLUMNS, type ColumnSpec } from '../../domain/dataset-schema.js';
import { REFERENCE_COLUMNS } from '../reference/reference-columns.js';
import { normaliseSpec } from './query-normalise.js';
import { parseSpec, SpecError } from './query-spec.js';

const columns: ColumnSpec[] = [
  ...COMMON_COLUMNS,
  ...REFERENCE_COLUMNS,
  { name: 'longitude', type: 'double', label: 'Longitude', personal: false, dimension: true },
  { name: 'latitude', type: 'double', label: 'Latitude', personal: false, dimension: true },
];
const limits = { maxGroups: 100, maxRecordRows: 500, defaultRecordRows: 50 };
const countsOnly = (body: object) => normaliseSpec(parseSpec({ dataset: 'police', measures: ['count'], ...body }), columns, { countsOnly: true, protectedSets: true, limits });
const f = (field: string, op: string, value: unknown) => ({ field, op, value });

describe('questions a counts-only caller may ask of a protected dataset', () => {
  it.each([
    ['several LSOAs at once', { filters: [f('lsoa_code', 'in', ['E01023220', 'E01023221'])] }, /one value at a time/],
    ['a range of something other than months', { filters: [f('imd_decile', 'between', [1, 3])] }, /only months can be filtered by a range/],
    ['several areas', { areas: ['E07000094', 'E07000088'] }, /one area at a time/],
    ['a name without its code', { groupBy: ['lsoa_name'] }, /its code and name/],
    ['one point of an LSOA', { filters: [f('longitude', 'eq', -1.3137)] }, /"longitude" cannot be filtered on: group by point/],
    ['how the area was found', { filters: [f('placement', 'eq', 'lsoa')] }, /"placement" cannot be filtered on/],
    ['the partner that made the record', { filters: [f('source_org', 'eq', 'hiow-constabulary')] }, /"source_org" cannot be filtered on/],
  ])('refuses %s, saying what to do instead', (_, body, message) => {
    expect(() => countsOnly(body)).toThrow(SpecError);
    expect(() => countsOnly(body)).toThrow(message);
  });

  it.each([
    ['one LSOA and one category', { filters: [f('lsoa_code', 'eq', 'E01023220'), f('category', 'eq', 'Nuisance')] }],
    ['any months', { filters: [f('month', 'in', ['2025-01', '2025-03'])], timeRange: { from: '2024-01', to: '2025-06' } }],
    ['points side by side', { groupBy: ['point'] }],
    ['wards, deciles, placement and source side by side', { groupBy: ['ward', 'decile', 'placement', 'source_org'] }],
    ['one area', { areas: ['E07000094'] }],
  ])('answers %s', (_, body) => {
    expect(() => countsOnly(body)).not.toThrow();
  });
});
