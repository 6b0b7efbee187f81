import { COMMON_COLUMNS, type ColumnSpec } from '../../domain/dataset-schema.js';
import type { Vocabulary } from '../vocabularies.js';

/** How a staged text value becomes a typed value. */
export type FieldParse = 'text' | 'integer' | 'double' | 'boolean' | 'date' | 'timestamp' | 'month';

/** One value read from the file: where it comes from, how it is typed, and whether it is kept as a column. */
export interface PlannedField {
  /** Internal name, unique in the plan; for stored fields it is the dataset column name. */
  name: string;
  label: string;
  /** 0-based position of the source column in the file's header. */
  sourceIndex: number;
  parse: FieldParse;
  /** DuckDB strptime format for date, timestamp and month fields. */
  format?: string;
  /** The pattern as the operator wrote it, for messages. */
  formatLabel?: string;
  required: boolean;
  /** The dataset column this field fills, or null when it only feeds the common columns. */
  column: ColumnSpec | null;
  /** Source values withheld from the rejects report. */
  personal: boolean;
  /** Text fields only: the values allowed (others rejected), stored as the vocabulary spells them. */
  vocabulary?: Vocabulary;
}

/** A source file's transformation into dataset rows: produced by an adapter from the file's header. */
export interface TransformPlan {
  fields: PlannedField[];
  /** Field giving each row's month (a month, date or timestamp field); null: rows have no month. */
  monthFrom: string | null;
  category: {
    from: string | null;
    /** Lower-cased source value → category. Unmapped values are rejected. */
    map?: Record<string, string>;
    /** category_group: a constant, or police style ('Anti-social behaviour' when the category is that, else 'Crime'). */
    group: { constant: string } | { police: true };
  };
  area: { lsoaCode?: string; lsoaName?: string; district?: string; ward?: string; longitude?: string; latitude?: string; defaultDistrict?: string };
  /** Field whose value identifies a record (upsert-by-key). */
  key?: string;
  /** Identifier columns for pseudonymous matching keys (mapped feeds only). */
  identifiers?: import('../matching/identifier-columns.js').IdentifierColumns;
  /** Number of columns in the header. */
  width: number;
  header: string[];
}

/** The declared columns of a dataset fed by this plan: common dimensions first, then the plan's own. */
export function datasetColumnsOf(plan: Pick<TransformPlan, 'fields'>): ColumnSpec[] {
  return [...COMMON_COLUMNS, ...plan.fields.flatMap((f) => (f.column ? [f.column] : []))];
}

export class PlanError extends Error {}

/** Header cells as compared with expected names: trimmed, BOM removed. */
export function normaliseHeader(header: readonly string[]): string[] {
  return header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
}
