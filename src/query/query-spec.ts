/**
 * The question a caller asks, as JSON, and its validation: first its shape (zod, strict), then
 * every name in it against the columns the caller may see in the dataset. Nothing that survives
 * this file is free text headed for SQL: fields are declared column names, values are typed and
 * will be bound as parameters.
 */
import { z } from 'zod';
import type { ColumnSpec, ColumnType } from '../../domain/dataset-schema.js';
import { type Denominator, DENOMINATORS } from '../reference/lsoa-profile.js';

export const FILTER_OPS = ['eq', 'in', 'between', 'gte', 'lte', 'contains'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export const MEASURE_FNS = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max'] as const;
export type MeasureFn = (typeof MEASURE_FNS)[number];

/** `*` asks the cross-partner view: every dataset the caller may use, on the common dimensions. */
export const CROSS_PARTNER = '*';

const name = z.string().max(64).regex(/^[a-z][a-z0-9_]*$/, 'must be a column name like category or district');
/** DuckDB cannot hold a zero byte in text, so such a value could never match: refuse it. */
const safeText = z.string().max(200).refine((v) => !v.includes('\u0000'), 'must not contain a zero byte');
const scalar = z.union([safeText, z.number().finite(), z.boolean()]);
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2025-03');

const measureInput = z.union([
  z.string().max(80).regex(/^(count|(count_distinct|sum|avg|min|max)\([a-z][a-z0-9_]*\))$/, 'must be count, or count_distinct(field), sum(field), avg(field), min(field) or max(field)'),
  z.strictObject({ fn: z.enum(MEASURE_FNS), field: name.optional() }),
]);

const filterInput = z.strictObject({
  field: name,
  op: z.enum(FILTER_OPS),
  value: z.union([scalar, z.array(scalar).min(1).max(500)]),
});

const orderInput = z.union([
  z.string().max(80).regex(/^-?[a-z][a-z0-9_]*$/, 'must be a column name, with - in front for descending'),
  z.strictObject({ field: name, dir: z.enum(['asc', 'desc']).default('asc') }),
]);

/** The JSON body of POST /api/query. */
export const querySpecSchema = z.strictObject({
  dataset: z.union([z.literal(CROSS_PARTNER), z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be a dataset slug')]),
  /** Cross-partner only: limit the view to these datasets. */
  datasets: z.array(z.string().regex(/^[a-z][a-z0-9-]{1,62}$/)).min(1).max(50).optional(),
  measures: z.array(measureInput).max(8).optional(),
  groupBy: z.array(name).max(4).optional(),
  fields: z.array(name).min(1).max(100).optional(),
  filters: z.array(filterInput).max(20).optional(),
  timeRange: z.strictObject({ from: yearMonth.optional(), to: yearMonth.optional() }).optional(),
  /** Narrow the question to these areas (ONS codes of districts and unitaries). */
  areas: z.array(z.string().regex(/^E0[67]\d{6}$/, 'must be an ONS area code like E07000094')).min(1).max(20).optional(),
  orderBy: z.array(orderInput).max(6).optional(),
  limit: z.number().int().min(1).max(1_000_000).optional(),
  offset: z.number().int().min(0).max(100_000_000).optional(),
  /**
   * Add a rate per 1,000 residents to each group, computed from the released count: `all` ages,
   * `children` (0–15), `aged_16_59` or `older` (60+) as the denominator (docs/query.md).
   */
  rate: z.enum(DENOMINATORS).optional(),
});

export type QuerySpecInput = z.infer<typeof querySpecSchema>;

/** Grouping aliases that stand for one or two declared columns. */
export const GROUP_ALIASES: Readonly<Record<string, readonly string[]>> = {
  district: ['district_code', 'district_name'],
  lsoa: ['lsoa_code', 'lsoa_name'],
  /** The 2011 LSOA a row's LSOA best fits (the boundaries and deprivation file are 2011). */
  lsoa11: ['lsoa11_code', 'lsoa11_name'],
  decile: ['imd_decile'],
  /** The electoral ward a row's 2011 LSOA best fits. */
  ward: ['ward_code', 'ward_name'],
  source: ['source_org'],
  year: ['month'],
  /** A snapped location (police.uk's anonymised map points): both coordinates, one group. */
  point: ['longitude', 'latitude'],
};

/** Filter aliases: a friendlier name for a declared column. */
export const FILTER_ALIASES: Readonly<Record<string, string>> = {
  district: 'district_code',
  lsoa: 'lsoa_code',
  lsoa11: 'lsoa11_code',
  decile: 'imd_decile',
  ward: 'ward_code',
  source: 'source_org',
};

/** A value type as it leaves the server. */
export type OutputType = 'text' | 'integer' | 'double' | 'boolean';

/** One column of a grouped answer: a declared column, or a year derived from `month`. */
export interface GroupColumn {
  output: string;
  source: string;
  sourceType: ColumnType;
  transform: 'none' | 'year' | 'dataset';
  label: string;
  /**
   * The grouping asked for (`district`, `point`…). Columns of one alias are one dimension for
   * secondary suppression: dropping that grouping sums across them together. Defaults to `output`.
   */
  dimension?: string;
}

export interface Measure {
  fn: MeasureFn;
  field: string | null;
  output: string;
}

export type FilterValue = string | number | boolean;

export interface Filter {
  field: string;
  type: ColumnType;
  op: FilterOp;
  values: FilterValue[];
}

export interface OrderKey {
  field: string;
  dir: 'asc' | 'desc';
}

export interface AggregateSpec {
  kind: 'aggregate';
  dataset: string;
  measures: Measure[];
  groups: GroupColumn[];
  filters: Filter[];
  orderBy: OrderKey[];
  limit: number;
  offset: number;
  areas: string[] | null;
  /** Whose population a rate per 1,000 is of, or null for counts only. */
  rate: Denominator | null;
}

export interface RecordSpec {
  kind: 'records';
  dataset: string;
  fields: ColumnSpec[];
  filters: Filter[];
  orderBy: OrderKey[];
  limit: number;
  offset: number;
  areas: string[] | null;
}

/** A question with every name resolved against the caller's visible columns. */
export type NormalisedSpec = AggregateSpec | RecordSpec;

/** Raised for a question that is well formed but cannot be asked; becomes a 400. */
export class SpecError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** Checks the shape of a request body; throws SpecError naming the first problems. */
export function parseSpec(body: unknown): QuerySpecInput {
  const parsed = querySpecSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5);
  const text = issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  throw new SpecError(`The question is not valid: ${text}.`, issues[0]?.path.join('.') ?? '');
}

/** Whether the spec asks for counts (grouped) rather than rows. */
export function isAggregate(input: QuerySpecInput): boolean {
  return (input.measures?.length ?? 0) > 0 || (input.groupBy?.length ?? 0) > 0;
}
