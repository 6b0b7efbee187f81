import type { QuerySpec } from './query.js';

/** One value chosen on a dashboard chart, e.g. district = E07000094. */
export interface FieldFilter {
  field: string;
  value: string;
}

/** A dashboard's cross-filter: chosen values (one per field) and a brushed month range. */
export interface CrossFilter {
  fields: FieldFilter[];
  from?: string;
  to?: string;
}

/** What `POST /api/views/:id/run` adds to a view's own question. */
export interface RunExtra {
  filters?: { field: string; op: 'eq'; value: string }[];
  timeRange?: { from?: string; to?: string };
}

const FIELD = /^[a-z_][a-z0-9_]{0,62}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The API takes at most ten extra filters. */
export const MAX_FIELD_FILTERS = 10;

/** Reads the cross-filter from a dashboard's URL (`filter=district:E07000094&from=2024-01`), ignoring anything malformed. */
export function crossFilterFromParams(params: URLSearchParams): CrossFilter {
  const fields: FieldFilter[] = [];
  for (const raw of params.getAll('filter')) {
    const at = raw.indexOf(':');
    const field = raw.slice(0, at);
    const value = raw.slice(at + 1);
    if (at > 0 && FIELD.test(field) && value && !fields.some((f) => f.field === field)) fields.push({ field, value });
  }
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const filter: CrossFilter = { fields: fields.slice(0, MAX_FIELD_FILTERS) };
  if (MONTH.test(from)) filter.from = from;
  if (MONTH.test(to)) filter.to = to;
  if (filter.from && filter.to && filter.from > filter.to) [filter.from, filter.to] = [filter.to, filter.from];
  return filter;
}

export function paramsOfCrossFilter(filter: CrossFilter): Record<string, string | string[] | undefined> {
  return { filter: filter.fields.map((f) => `${f.field}:${f.value}`), from: filter.from, to: filter.to };
}

/** Chooses `value` for `field`; choosing the value already chosen clears it (a click toggles). */
export function toggleField(filter: CrossFilter, field: string, value: string): CrossFilter {
  const current = filter.fields.find((f) => f.field === field);
  const others = filter.fields.filter((f) => f.field !== field);
  const fields = current?.value === value ? others : [...others, { field, value }].slice(-MAX_FIELD_FILTERS);
  return { ...filter, fields };
}

export function removeField(filter: CrossFilter, field: string): CrossFilter {
  return { ...filter, fields: filter.fields.filter((f) => f.field !== field) };
}

export function setRange(filter: CrossFilter, from: string | undefined, to: string | undefined): CrossFilter {
  const next: CrossFilter = { fields: filter.fields };
  if (from && MONTH.test(from)) next.from = from;
  if (to && MONTH.test(to)) next.to = to;
  if (next.from && next.to && next.from > next.to) [next.from, next.to] = [next.to, next.from];
  return next;
}

export function isEmpty(filter: CrossFilter): boolean {
  return filter.fields.length === 0 && !filter.from && !filter.to;
}

/**
 * What the cross-filter adds to one chart's question. A chart that breaks its answer down by a
 * field is not narrowed by a value of that field (it highlights the value instead, so the other
 * values stay clickable); a line chart is not narrowed by the time range (it shades it, so the
 * range can be brushed again). Every other chart gets the filters and the range.
 */
export function extraFor(filter: CrossFilter, view: { query: Pick<QuerySpec, 'groupBy'>; chart: { type: string } }): RunExtra {
  const groupBy = view.query.groupBy ?? [];
  const extra: RunExtra = {};
  const filters = filter.fields.filter((f) => !groupBy.includes(f.field)).map((f) => ({ field: f.field, op: 'eq' as const, value: f.value }));
  if (filters.length) extra.filters = filters;
  if ((filter.from || filter.to) && view.chart.type !== 'line') extra.timeRange = { ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}) };
  return extra;
}

/** The chosen value a chart grouped by `field` should highlight, if any. */
export function selectedFor(filter: CrossFilter, field: string | undefined): string | null {
  return field ? (filter.fields.find((f) => f.field === field)?.value ?? null) : null;
}

/** A month picked on a time axis, as `YYYY-MM`. */
export function monthOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}
