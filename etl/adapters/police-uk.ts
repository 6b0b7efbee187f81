import type { ColumnSpec, ColumnType } from '../../domain/dataset-schema.js';
import { POLICE_CRIME_TYPES, POLICE_OUTCOMES, type Vocabulary } from '../vocabularies.js';
import { type FieldParse, normaliseHeader, type PlannedField, PlanError, type TransformPlan } from '../pipeline/plan.js';

/** A police.uk column: its header, and the dataset column it fills (none when it feeds a common column). */
interface PoliceColumn {
  header: string;
  name: string;
  parse: FieldParse;
  format?: string;
  required?: boolean;
  stored: boolean;
  dimension?: boolean;
  vocabulary?: Vocabulary;
}

interface PoliceFormat {
  adapter: 'police-uk-street' | 'police-uk-outcomes' | 'police-uk-stop-search';
  title: string;
  columns: PoliceColumn[];
  monthFrom: string;
  category: string | null;
  group: TransformPlan['category']['group'];
}

const text = (header: string, name: string, extra: Partial<PoliceColumn> = {}): PoliceColumn => ({ header, name, parse: 'text', stored: true, ...extra });
/**
 * police.uk publishes every location already snapped to an anonymised map point shared by many
 * addresses, so the point is a dimension: counts per point (suppressed at aggregate level) are
 * what its own public maps show. Group by both with the query alias `point`.
 */
const coords = [
  text('Longitude', 'longitude', { parse: 'double', dimension: true }),
  text('Latitude', 'latitude', { parse: 'double', dimension: true }),
];
const lsoa = [text('LSOA code', 'lsoa_code_src', { stored: false }), text('LSOA name', 'lsoa_name_src', { stored: false })];
const month = text('Month', 'month_src', { parse: 'month', format: '%Y-%m', required: true, stored: false });

const FORMATS: PoliceFormat[] = [
  {
    adapter: 'police-uk-street',
    title: 'police.uk street-level crime and ASB',
    columns: [
      text('Crime ID', 'crime_id'),
      month,
      text('Reported by', 'reported_by', { dimension: true }),
      text('Falls within', 'falls_within', { dimension: true }),
      ...coords,
      text('Location', 'location'),
      ...lsoa,
      text('Crime type', 'crime_type_src', { required: true, stored: false, vocabulary: POLICE_CRIME_TYPES }),
      text('Last outcome category', 'last_outcome_category', { dimension: true, vocabulary: POLICE_OUTCOMES }),
      text('Context', 'context'),
    ],
    monthFrom: 'month_src',
    category: 'crime_type_src',
    group: { police: true },
  },
  {
    adapter: 'police-uk-outcomes',
    title: 'police.uk outcomes',
    columns: [
      text('Crime ID', 'crime_id', { required: true }),
      month,
      text('Reported by', 'reported_by', { dimension: true }),
      text('Falls within', 'falls_within', { dimension: true }),
      ...coords,
      text('Location', 'location'),
      ...lsoa,
      text('Outcome type', 'outcome_type_src', { required: true, stored: false, vocabulary: POLICE_OUTCOMES }),
    ],
    monthFrom: 'month_src',
    category: 'outcome_type_src',
    group: { constant: 'Outcome' },
  },
  {
    adapter: 'police-uk-stop-search',
    title: 'police.uk stop and search',
    columns: [
      text('Type', 'search_type', { dimension: true }),
      text('Date', 'searched_at', { parse: 'timestamp', required: true }),
      text('Part of a policing operation', 'part_of_operation', { parse: 'boolean', dimension: true }),
      text('Policing operation', 'policing_operation'),
      text('Latitude', 'latitude', { parse: 'double' }),
      text('Longitude', 'longitude', { parse: 'double' }),
      text('Gender', 'gender', { dimension: true }),
      text('Age range', 'age_range', { dimension: true }),
      text('Self-defined ethnicity', 'self_defined_ethnicity', { dimension: true }),
      text('Officer-defined ethnicity', 'officer_defined_ethnicity', { dimension: true }),
      text('Legislation', 'legislation', { dimension: true }),
      text('Object of search', 'object_of_search', { dimension: true }),
      text('Outcome', 'outcome', { dimension: true }),
      text('Outcome linked to object of search', 'outcome_linked', { parse: 'boolean', dimension: true }),
      text('Removal of more than just outer clothing', 'outer_clothing_removed', { parse: 'boolean', dimension: true }),
    ],
    monthFrom: 'searched_at',
    category: 'object_of_search',
    group: { constant: 'Stop and search' },
  },
];

export type PoliceAdapterName = PoliceFormat['adapter'];
export const POLICE_ADAPTERS: readonly PoliceAdapterName[] = FORMATS.map((f) => f.adapter);

const TYPE_OF: Record<FieldParse, ColumnType> = {
  text: 'text',
  integer: 'integer',
  double: 'double',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  month: 'month',
};

/** Which police.uk format a header is, or null. Column order does not matter; the set must match exactly. */
export function recognisePoliceHeader(header: readonly string[]): PoliceAdapterName | null {
  const got = new Set(normaliseHeader(header).map((h) => h.toLowerCase()));
  for (const f of FORMATS) {
    if (f.columns.length === got.size && f.columns.every((c) => got.has(c.header.toLowerCase()))) return f.adapter;
  }
  return null;
}

/** The declared columns of a police.uk dataset (without the common ones). */
export function policeColumns(adapter: PoliceAdapterName): ColumnSpec[] {
  return formatOf(adapter).columns.filter((c) => c.stored).map(columnSpec);
}

/** A plan for a police.uk file, or a PlanError saying how its header differs from the format. */
export function policePlan(adapter: PoliceAdapterName, rawHeader: readonly string[]): TransformPlan {
  const format = formatOf(adapter);
  const header = normaliseHeader(rawHeader);
  const index = new Map(header.map((h, i) => [h.toLowerCase(), i]));
  const missing = format.columns.filter((c) => !index.has(c.header.toLowerCase())).map((c) => c.header);
  const known = new Set(format.columns.map((c) => c.header.toLowerCase()));
  const unknown = header.filter((h) => !known.has(h.toLowerCase()));
  if (missing.length || unknown.length) {
    const other = recognisePoliceHeader(header);
    const parts = [`This is not a ${format.title} file.`];
    if (other) parts.push(`Its header is the ${FORMATS.find((f) => f.adapter === other)!.title} format; use that feed.`);
    if (missing.length) parts.push(`Missing columns: ${missing.join(', ')}.`);
    if (unknown.length) parts.push(`Unknown columns: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ' …' : ''}.`);
    throw new PlanError(parts.join(' '));
  }
  const fields: PlannedField[] = format.columns.map((c) => ({
    name: c.name,
    label: c.header,
    sourceIndex: index.get(c.header.toLowerCase())!,
    parse: c.parse,
    format: c.format,
    formatLabel: c.parse === 'month' ? 'YYYY-MM' : undefined,
    required: c.required ?? false,
    column: c.stored ? columnSpec(c) : null,
    personal: false,
    vocabulary: c.vocabulary,
  }));
  const has = (n: string) => fields.some((f) => f.name === n);
  return {
    fields,
    monthFrom: format.monthFrom,
    category: { from: format.category, group: format.group },
    area: {
      lsoaCode: has('lsoa_code_src') ? 'lsoa_code_src' : undefined,
      lsoaName: has('lsoa_name_src') ? 'lsoa_name_src' : undefined,
      longitude: 'longitude',
      latitude: 'latitude',
    },
    width: header.length,
    header,
  };
}

function formatOf(adapter: PoliceAdapterName): PoliceFormat {
  const f = FORMATS.find((x) => x.adapter === adapter);
  if (!f) throw new PlanError(`Unknown police.uk adapter ${adapter}`);
  return f;
}

function columnSpec(c: PoliceColumn): ColumnSpec {
  return { name: c.name, type: TYPE_OF[c.parse], label: c.header, personal: false, dimension: c.dimension ?? false };
}
