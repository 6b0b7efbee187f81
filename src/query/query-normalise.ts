/**
 * Resolves a parsed question against the columns the caller may see, producing the normalised
 * spec the SQL builder accepts. Every error names what to change, and is a 400.
 */
import type { ColumnSpec, ColumnType } from '../../domain/dataset-schema.js';
import {
  type AggregateSpec,
  type Filter,
  FILTER_ALIASES,
  type FilterValue,
  GROUP_ALIASES,
  type GroupColumn,
  isAggregate,
  type Measure,
  type MeasureFn,
  type NormalisedSpec,
  type OrderKey,
  type QuerySpecInput,
  type RecordSpec,
  SpecError,
} from './query-spec.js';

export interface SpecLimits {
  maxGroups: number;
  maxRecordRows: number;
  defaultRecordRows: number;
}

export interface NormaliseOptions {
  /** Aggregate-level rules: counts only, filters on dimensions only, no text search. */
  countsOnly: boolean;
  /**
   * Disclosure control applies: each dimension may be pinned to one value only (months excepted),
   * so no caller can ask for many overlapping sets of areas or categories and average away the
   * perturbation (docs/disclosure-control.md).
   */
  protectedSets?: boolean;
  limits: SpecLimits;
  /** Extra group columns the view offers (the cross-partner `dataset`). */
  extraGroups?: readonly GroupColumn[];
}

const NUMERIC: readonly ColumnType[] = ['integer', 'double'];
const ORDERED: readonly ColumnType[] = ['integer', 'double', 'date', 'timestamp', 'month'];

/** Normalises `input` for a caller who may see `columns`. */
export function normaliseSpec(input: QuerySpecInput, columns: readonly ColumnSpec[], options: NormaliseOptions): NormalisedSpec {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const filters = normaliseFilters(input, byName, options.countsOnly);
  const areas = input.areas ? [...new Set(input.areas)].sort() : null;
  if (options.protectedSets) checkProtectedSets(filters, areas);
  if (isAggregate(input)) {
    if (input.fields) throw new SpecError('Ask for fields or for measures and groupBy, not both.', 'fields');
    const measures = normaliseMeasures(input.measures ?? ['count'], byName, options.countsOnly);
    const groups = normaliseGroups(input.groupBy ?? [], byName, options.extraGroups ?? []);
    if (options.protectedSets) checkProtectedSets([], null, groups);
    const outputs = [...groups.map((g) => g.output), ...measures.map((m) => m.output)];
    const limit = input.limit ?? options.limits.maxGroups;
    if (limit > options.limits.maxGroups) throw new SpecError(`limit can be at most ${options.limits.maxGroups} for grouped questions.`, 'limit');
    const spec: AggregateSpec = {
      kind: 'aggregate',
      dataset: input.dataset,
      measures,
      groups,
      filters,
      orderBy: normaliseOrder(input, outputs),
      limit,
      offset: input.offset ?? 0,
      areas,
      rate: input.rate ?? null,
    };
    if (spec.rate && !measures.some((m) => m.fn === 'count')) throw new SpecError('A rate per 1,000 residents needs the count measure.', 'rate');
    return spec;
  }
  if (input.rate) throw new SpecError('A rate per 1,000 residents is for grouped counts: give measures or groupBy.', 'rate');
  if (options.countsOnly) {
    throw new SpecError('Your access to this dataset is aggregate only: ask for measures and groupBy rather than rows.', 'fields');
  }
  const fields = (input.fields ?? columns.map((c) => c.name)).map((f) => column(byName, f, 'fields'));
  const limit = input.limit ?? options.limits.defaultRecordRows;
  if (limit > options.limits.maxRecordRows) throw new SpecError(`limit can be at most ${options.limits.maxRecordRows} rows a page.`, 'limit');
  const spec: RecordSpec = {
    kind: 'records',
    dataset: input.dataset,
    fields: dedupe(fields, (f) => f.name),
    filters,
    orderBy: normaliseOrder(input, columns.map((c) => c.name)),
    limit,
    offset: input.offset ?? 0,
    areas,
  };
  return spec;
}

function column(byName: Map<string, ColumnSpec>, field: string, path: string): ColumnSpec {
  const c = byName.get(field);
  if (!c) throw new SpecError(`There is no field "${field}" you can use in this dataset.`, path);
  return c;
}

function normaliseMeasures(inputs: QuerySpecInput['measures'] & object, byName: Map<string, ColumnSpec>, countsOnly: boolean): Measure[] {
  const measures = inputs.map((m) => {
    const { fn, field } = typeof m === 'string' ? parseMeasure(m) : { fn: m.fn, field: m.field ?? null };
    if (countsOnly && fn !== 'count') throw new SpecError('Your access to this dataset is aggregate only: the one measure is count.', 'measures');
    if (fn === 'count') {
      if (field) throw new SpecError('count takes no field; use count_distinct(field) to count values.', 'measures');
      return { fn, field: null, output: 'count' };
    }
    if (!field) throw new SpecError(`${fn} needs a field, like ${fn}(field).`, 'measures');
    const c = column(byName, field, 'measures');
    if ((fn === 'sum' || fn === 'avg') && !NUMERIC.includes(c.type)) throw new SpecError(`${fn} needs a numeric field; "${field}" is ${c.type}.`, 'measures');
    if ((fn === 'min' || fn === 'max') && !ORDERED.includes(c.type)) throw new SpecError(`${fn} needs a number or date field; "${field}" is ${c.type}.`, 'measures');
    return { fn, field, output: `${fn}_${field}` };
  });
  return dedupe(measures, (m) => m.output);
}

function parseMeasure(text: string): { fn: MeasureFn; field: string | null } {
  const m = /^([a-z_]+)(?:\(([a-z][a-z0-9_]*)\))?$/.exec(text)!;
  return { fn: m[1] as MeasureFn, field: m[2] ?? null };
}

function normaliseGroups(names: readonly string[], byName: Map<string, ColumnSpec>, extra: readonly GroupColumn[]): GroupColumn[] {
  const groups = names.flatMap((name): GroupColumn[] => {
    const special = extra.find((g) => g.output === name);
    if (special) return [special];
    const sources = GROUP_ALIASES[name] ?? [name];
    if (name === 'point' && !sources.every((s) => byName.get(s)?.dimension)) {
      throw new SpecError('This dataset has no snapped locations to group by point (police.uk datasets have them).', 'groupBy');
    }
    return sources.map((source) => {
      const c = column(byName, source, 'groupBy');
      if (!c.dimension) throw new SpecError(`"${name}" cannot be grouped by.`, 'groupBy');
      if (name === 'year') {
        if (c.type !== 'month') throw new SpecError('This dataset has no month to group by year.', 'groupBy');
        return { output: 'year', source, sourceType: c.type, transform: 'year', label: 'Year' };
      }
      return { output: c.name, source, sourceType: c.type, transform: 'none', label: c.label, ...(sources.length > 1 ? { dimension: name } : {}) };
    });
  });
  return dedupe(groups, (g) => g.output);
}

function normaliseFilters(input: QuerySpecInput, byName: Map<string, ColumnSpec>, countsOnly: boolean): Filter[] {
  const filters: Filter[] = (input.filters ?? []).map((f, i) => {
    const c = column(byName, FILTER_ALIASES[f.field] ?? f.field, `filters.${i}.field`);
    if (countsOnly && !c.dimension) throw new SpecError(`With aggregate access you can filter only on dimensions; "${f.field}" is not one.`, `filters.${i}`);
    if (countsOnly && f.op === 'contains') throw new SpecError('With aggregate access text search (contains) is not available.', `filters.${i}.op`);
    return { field: c.name, type: c.type, op: f.op, values: filterValues(c, f.op, f.value, `filters.${i}.value`) };
  });
  const range = input.timeRange;
  if (range && (range.from || range.to)) {
    const month = column(byName, 'month', 'timeRange');
    if (range.from) filters.push({ field: 'month', type: month.type, op: 'gte', values: [`${range.from}-01`] });
    if (range.to) filters.push({ field: 'month', type: month.type, op: 'lte', values: [`${range.to}-01`] });
  }
  const key = (f: Filter) => `${f.field}\u0000${f.op}\u0000${JSON.stringify(f.values)}`;
  return dedupe(filters, key).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Name fields a counts-only caller reaches through their code (`district`, `lsoa` group both). */
const NAME_ONLY = new Map([
  ['district_name', 'district'],
  ['lsoa_name', 'lsoa'],
  ['lsoa11_name', 'lsoa11'],
  ['ward_name', 'ward'],
]);

/**
 * Refuses what would let an aggregate-only caller choose arbitrary sets of records, or describe one
 * set of records in several ways (a name without its code).
 */
function checkProtectedSets(filters: readonly Filter[], areas: readonly string[] | null, groups: readonly GroupColumn[] = []): void {
  for (const g of groups) {
    const alias = NAME_ONLY.get(g.source);
    if (alias && !groups.some((o) => o.source === g.source.replace(/_name$/, '_code'))) {
      throw new SpecError(`With counts-only access, group by "${alias}" (its code and name) rather than "${g.source}" alone.`, 'groupBy');
    }
  }
  for (const f of filters) {
    // One point out of an LSOA's few would be a slice of it with little noise around it: points
    // can be compared side by side (group by point), not picked out one at a time.
    if (f.type === 'double') throw new SpecError(`With counts-only access, "${f.field}" cannot be filtered on: group by point to see each point, or filter by an area.`, 'filters');
    if (NAME_ONLY.has(f.field)) throw new SpecError(`With counts-only access, filter by the code rather than "${f.field}".`, 'filters');
    // How a row's area was found, and the partner that made a record, say nothing about the
    // incidents, and pinning either often selects the very same records under another description:
    // group by them to compare instead.
    if (f.field === 'placement' || f.field === 'source_org') throw new SpecError(`With counts-only access, "${f.field}" cannot be filtered on: group by it instead.`, 'filters');
  }
  if (areas && areas.length > 1) {
    throw new SpecError('With counts-only access, ask for one area at a time, or leave out areas for all of yours (or group by district).', 'areas');
  }
  filters.forEach((f) => {
    if (f.field === 'month') return;
    if (f.op === 'in' && f.values.length > 1) {
      throw new SpecError(`With counts-only access, "${f.field}" can be filtered to one value at a time: group by it instead to see several.`, 'filters');
    }
    if (f.op === 'between' || f.op === 'gte' || f.op === 'lte') {
      throw new SpecError(`With counts-only access, only months can be filtered by a range; group by "${f.field}" instead.`, 'filters');
    }
  });
}

function filterValues(c: ColumnSpec, op: Filter['op'], value: unknown, path: string): FilterValue[] {
  const list = Array.isArray(value) ? value : [value];
  if (op === 'in') {
    if (!Array.isArray(value)) throw new SpecError('in needs a list of values.', path);
    const typed = list.map((v) => typedValue(c, v, path));
    return [...new Set(typed)].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  }
  if (op === 'between') {
    if (list.length !== 2 || !Array.isArray(value)) throw new SpecError('between needs a list of two values: [from, to].', path);
    if (!ORDERED.includes(c.type)) throw new SpecError(`between needs a number or date field; "${c.name}" is ${c.type}.`, path);
    return list.map((v) => typedValue(c, v, path));
  }
  if (Array.isArray(value)) throw new SpecError(`${op} takes one value, not a list.`, path);
  if ((op === 'gte' || op === 'lte') && !ORDERED.includes(c.type)) throw new SpecError(`${op} needs a number or date field; "${c.name}" is ${c.type}.`, path);
  if (op === 'contains' && c.type !== 'text') throw new SpecError(`contains needs a text field; "${c.name}" is ${c.type}.`, path);
  return [typedValue(c, value, path)];
}

/** A filter value checked against the column type, in the form it will be bound. */
export function typedValue(c: Pick<ColumnSpec, 'name' | 'type'>, v: unknown, path: string): FilterValue {
  const fail = (want: string): never => {
    throw new SpecError(`"${c.name}" values must be ${want}.`, path);
  };
  switch (c.type) {
    case 'text':
      return typeof v === 'string' ? v : fail('text');
    case 'integer':
      return typeof v === 'number' && Number.isSafeInteger(v) ? v : fail('whole numbers');
    case 'double':
      return typeof v === 'number' && Number.isFinite(v) ? v : fail('numbers');
    case 'boolean':
      return typeof v === 'boolean' ? v : fail('true or false');
    case 'month':
      return typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? `${v}-01` : fail('months like 2025-03');
    case 'date':
      return typeof v === 'string' && validDate(v) ? v : fail('dates like 2025-03-31');
    case 'timestamp': {
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v)) return fail('date-times like 2025-03-31T14:00:00Z');
      const t = new Date(v);
      return Number.isNaN(t.getTime()) ? fail('real date-times') : t.toISOString();
    }
  }
}

function validDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function normaliseOrder(input: QuerySpecInput, allowed: readonly string[]): OrderKey[] {
  const keys = (input.orderBy ?? []).map((o): OrderKey => {
    const key = typeof o === 'string' ? { field: o.replace(/^-/, ''), dir: o.startsWith('-') ? ('desc' as const) : ('asc' as const) } : { field: o.field, dir: o.dir };
    if (!allowed.includes(key.field)) throw new SpecError(`You can order by ${allowed.join(', ')}; not "${key.field}".`, 'orderBy');
    return key;
  });
  return dedupe(keys, (k) => k.field);
}

function dedupe<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(key(i)) && (seen.add(key(i)), true));
}
