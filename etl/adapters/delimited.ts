import { COMMON_COLUMNS, type ColumnSpec } from '../../domain/dataset-schema.js';
import { MATCH_KEY_COLUMNS, PLACE_KEY_COLUMN, SUBJECT_KEY_COLUMN } from '../matching/identifier-columns.js';
import { type FeedMapping, strptimeFormat } from '../mapping.js';
import { normaliseHeader, type PlannedField, PlanError, type TransformPlan } from '../pipeline/plan.js';

const COMMON_NAMES = new Set(COMMON_COLUMNS.map((c) => c.name));

/** The declared dataset columns a mapping produces (without the common ones). */
export function mappedColumns(mapping: FeedMapping): ColumnSpec[] {
  const columns: ColumnSpec[] = mapping.columns.map((c) => ({
    name: c.name,
    type: c.type,
    label: c.label ?? c.source,
    personal: c.personal,
    dimension: c.dimension,
  }));
  const ids = mapping.identifiers;
  if (ids?.person) columns.push(MATCH_KEY_COLUMNS.find((c) => c.name === SUBJECT_KEY_COLUMN)!);
  if (ids?.place) columns.push(MATCH_KEY_COLUMNS.find((c) => c.name === PLACE_KEY_COLUMN)!);
  return columns;
}

/** Checks a mapping against the dataset contract: its column names must not take a common column's name. */
export function checkMappingNames(mapping: FeedMapping): void {
  const reserved = new Set([...COMMON_NAMES, SUBJECT_KEY_COLUMN, PLACE_KEY_COLUMN]);
  const clash = mapping.columns.filter((c) => reserved.has(c.name)).map((c) => c.name);
  if (clash.length) throw new PlanError(`Mapped column names ${clash.join(', ')} are reserved for the common dimensions; choose other names.`);
}

/**
 * A plan for a delimited or spreadsheet file read with a saved mapping. Every mapped source column
 * must be in the header, and every header must be mapped or listed in `ignore`.
 */
export function mappedPlan(mapping: FeedMapping, rawHeader: readonly string[]): TransformPlan {
  checkMappingNames(mapping);
  const header = normaliseHeader(rawHeader);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h.toLowerCase())) index.set(h.toLowerCase(), i);
  });
  const missing = mapping.columns.filter((c) => !index.has(c.source.trim().toLowerCase())).map((c) => c.source);
  const known = new Set([...mapping.columns.map((c) => c.source.trim().toLowerCase()), ...mapping.ignore.map((s) => s.trim().toLowerCase())]);
  const unknown = header.filter((h) => h !== '' && !known.has(h.toLowerCase()));
  if (missing.length || unknown.length) {
    const parts: string[] = [];
    if (missing.length) parts.push(`Columns in the mapping but not in the file: ${missing.join(', ')}.`);
    if (unknown.length) parts.push(`Columns in the file but not in the mapping (map them or list them under "ignore"): ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ' …' : ''}.`);
    throw new PlanError(parts.join(' '));
  }
  const format = strptimeFormat(mapping.dateFormat);
  const fields: PlannedField[] = mapping.columns.map((c) => ({
    name: c.name,
    label: c.label ?? c.source,
    sourceIndex: index.get(c.source.trim().toLowerCase())!,
    parse: c.type,
    format: c.type === 'date' || c.type === 'timestamp' ? format : undefined,
    formatLabel: c.type === 'date' || c.type === 'timestamp' ? mapping.dateFormat : undefined,
    required: c.required || c.name === mapping.monthFrom || c.name === mapping.key,
    column: { name: c.name, type: c.type, label: c.label ?? c.source, personal: c.personal, dimension: c.dimension },
    personal: c.personal,
    vocabulary: c.values ? { description: `one of the values declared for ${c.label ?? c.source}`, values: c.values, map: c.valueMap } : undefined,
  }));
  const map = mapping.category?.map
    ? Object.fromEntries(Object.entries(mapping.category.map).map(([k, v]) => [k.trim().toLowerCase(), v]))
    : undefined;
  return {
    fields,
    monthFrom: mapping.monthFrom ?? null,
    identifiers: mapping.identifiers,
    category: {
      from: mapping.category?.from ?? null,
      map,
      group: { constant: mapping.category?.group ?? 'Anti-social behaviour' },
    },
    area: { ...mapping.area },
    key: mapping.key,
    width: header.length,
    header,
  };
}
