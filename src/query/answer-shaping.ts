/**
 * Turns DuckDB's columns into an answer: output types, suppression and rounding for aggregate
 * access, ordering and paging after suppression (so the order of withheld cells reveals
 * nothing), and the marker column for withheld cells.
 */
import type { ColumnType } from '../../domain/dataset-schema.js';
import type { ColumnarRows } from './query.repository.js';
import type { ResultColumn } from './query-result.js';
import { SUPPRESSED_COLUMN } from './query-result.js';
import type { AggregateSpec, GroupColumn, Measure, OrderKey, OutputType, RecordSpec } from './query-spec.js';
import { type SuppressionRules, suppressCounts } from './suppression.js';
import { perturbCounts, type DisclosureRules } from '../disclosure/perturbation.js';
import { cellNoises, type CountedSource, maxRunsOf } from './cell-predicates.js';
import { noiseBound } from '../disclosure/cell-noise.js';
import { CONTRIBUTING_COLUMN, SMALL_PARTS_COLUMN, TRUE_COUNT_COLUMN } from './query-sql.js';

/**
 * Aggregate-level disclosure control for one answer: perturbation keyed on each cell's records
 * (the default), or the older rounding to a base, kept only as the attack tests' control.
 */
export type AnswerControl =
  | { method: 'perturbation'; rules: DisclosureRules; sources: readonly CountedSource[]; stand: number }
  | { method: 'rounding'; rules: SuppressionRules };

export interface ShapedAnswer {
  columns: ResultColumn[];
  values: unknown[][];
  rowCount: number;
  hasMore: boolean;
  suppressedCells: number | null;
  /** Under perturbation: no released count differs from its true count by more than this. */
  maxError?: number;
}

export function outputType(type: ColumnType): OutputType {
  if (type === 'integer' || type === 'double' || type === 'boolean') return type;
  return 'text';
}

function groupColumn(g: GroupColumn): ResultColumn {
  return { name: g.output, type: g.transform === 'year' ? 'integer' : outputType(g.sourceType), label: g.label };
}

function measureColumn(m: Measure, types: ReadonlyMap<string, ColumnType>): ResultColumn {
  if (m.fn === 'count') return { name: m.output, type: 'integer', label: 'Count' };
  if (m.fn === 'count_distinct') return { name: m.output, type: 'integer', label: `Distinct ${m.field}` };
  if (m.fn === 'sum' || m.fn === 'avg') return { name: m.output, type: 'double', label: `${m.fn === 'sum' ? 'Total' : 'Average'} ${m.field}` };
  return { name: m.output, type: outputType(types.get(m.field!) ?? 'text'), label: `${m.fn === 'min' ? 'Earliest or least' : 'Latest or most'} ${m.field}` };
}

/** Shapes grouped rows; `control` is set when aggregate-level disclosure control applies. */
export function shapeAggregate(spec: AggregateSpec, rows: ColumnarRows, types: ReadonlyMap<string, ColumnType>, control: AnswerControl | null): ShapedAnswer {
  const columns = [...spec.groups.map(groupColumn), ...spec.measures.map((m) => measureColumn(m, types))];
  const n = rows.values[0]?.length ?? 0;
  const values = columns.map((_, i) => rows.values[i] ?? []);
  let suppressedCells: number | null = null;
  let maxError: number | undefined;
  if (control) {
    const countAt = spec.measures.findIndex((m) => m.fn === 'count') + spec.groups.length;
    const dimensions = dimensionsOf(spec.groups);
    // Under the small-part rule a cell whose true total is small is withheld too: the promise that
    // no count from 1 to threshold − 1 is shown holds for the true count, not only the stood-in one.
    const trueCounts = rows.values[rows.names.indexOf(TRUE_COUNT_COLUMN)];
    const threshold = control.rules.threshold;
    const smallAt = (r: number) => (trueCounts ? Number(trueCounts[r]) > 0 && Number(trueCounts[r]) < threshold : undefined);
    const cells = Array.from({ length: n }, (_, r) => ({ key: dimensions.map((cols) => (cols.length === 1 ? values[cols[0]][r] : JSON.stringify(cols.map((c) => values[c][r])))), count: Number(values[countAt][r]), small: smallAt(r) }));
    let report;
    if (control.method === 'rounding') report = suppressCounts(cells, control.rules);
    else {
      const contributing = rows.values[rows.names.indexOf(CONTRIBUTING_COLUMN)];
      const noises = contributing ? null : cellNoises(spec, control.sources, control.rules);
      const noiseMax = noiseBound(control.rules.spread, noises?.runs?.length ?? maxRunsOf(spec));
      const skip = beyondTheTop(spec, cells, countAt - spec.groups.length, noiseMax);
      const noiseOf = noises ? (_: number, groupValues: unknown[]) => noises.noiseOf(groupValues) : contributingNoise(spec, control, contributing!);
      report = perturbCounts(cells, control.rules, (r) => noiseOf(r, spec.groups.map((_, g) => values[g][r])), skip);
      const small = rows.values[rows.names.indexOf(SMALL_PARTS_COLUMN)] ?? [];
      // Each withheld part is off by at most this; the sum is rounded half up once.
      const perSmall = Math.max(control.stand - 1, control.rules.threshold - 1 - control.stand);
      maxError = noiseMax;
      report.cells.forEach((c, i) => {
        if (!c.suppressed && c.count !== 0 && !skip(i)) maxError = Math.max(maxError!, noiseMax + Math.floor(perSmall * Number(small[i] ?? 0) + 0.5));
      });
    }
    values[countAt] = report.cells.map((c) => c.count);
    values.push(report.cells.map((c) => c.suppressed));
    columns.push({ name: SUPPRESSED_COLUMN, type: 'boolean', label: 'Withheld' });
    suppressedCells = report.primary + report.secondary;
  }
  const order = rowOrder(n, values, columns, spec.orderBy, spec.groups.map((g) => g.output));
  const page = order.slice(spec.offset, spec.offset + spec.limit);
  return {
    columns,
    values: values.map((col) => page.map((r) => col[r])),
    rowCount: page.length,
    hasMore: spec.offset + spec.limit < n,
    suppressedCells,
    ...(maxError !== undefined ? { maxError } : {}),
  };
}

/**
 * For a page of the largest counts: the cells that cannot reach it whatever their noise (their
 * count plus the largest noise is below the page's smallest count minus it). Their noise is not
 * drawn and they are never shown; the answer is the same as if it were.
 */
function beyondTheTop(spec: AggregateSpec, cells: readonly { count: number }[], measure: number, noiseMax: number): (i: number) => boolean {
  const first = spec.orderBy[0];
  const k = spec.offset + spec.limit;
  if (!first || first.dir !== 'desc' || first.field !== spec.measures[measure]?.output || k >= cells.length) return () => false;
  const kth = [...cells.map((c) => c.count)].sort((a, b) => b - a)[k - 1];
  return (i) => cells[i].count + 2 * noiseMax < kth;
}

/** Group column indexes per dimension: the columns of an alias (district code and name, a point's coordinates) together. */
function dimensionsOf(groups: readonly GroupColumn[]): number[][] {
  const byDimension = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const d = g.dimension ?? g.output;
    byDimension.set(d, [...(byDimension.get(d) ?? []), i]);
  });
  return [...byDimension.values()];
}

/** Shapes a page of rows fetched with one extra row. */
export function shapeRecords(spec: RecordSpec, rows: ColumnarRows): ShapedAnswer {
  const columns = spec.fields.map((f) => ({ name: f.name, type: outputType(f.type), label: f.label }));
  const n = rows.values[0]?.length ?? 0;
  const rowCount = Math.min(n, spec.limit);
  return {
    columns,
    values: columns.map((_, i) => (rows.values[i] ?? []).slice(0, rowCount)),
    rowCount,
    hasMore: n > spec.limit,
    suppressedCells: null,
  };
}

/** Row indexes sorted by the requested keys, then by every group column, nulls last. */
function rowOrder(n: number, values: unknown[][], columns: ResultColumn[], orderBy: readonly OrderKey[], groups: readonly string[]): number[] {
  const keys = [...orderBy, ...groups.filter((g) => !orderBy.some((o) => o.field === g)).map((field) => ({ field, dir: 'asc' as const }))].map((k) => ({
    col: values[columns.findIndex((c) => c.name === k.field)],
    sign: k.dir === 'desc' ? -1 : 1,
  }));
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (const { col, sign } of keys) {
      const c = compare(col[a], col[b]);
      if (c !== 0) return c === 2 || c === -2 ? c / 2 : c * sign;
    }
    return 0;
  });
}

/** -1/0/1, or ±2 when one side is null (nulls go last whatever the direction). */
function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 2;
  if (b === null || b === undefined) return -2;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

/**
 * Each cross-partner cell's noise, keyed on the datasets that have records in it (as if asked of
 * them alone): one dataset's cell gets the figure a question of that dataset gives.
 */
function contributingNoise(spec: AggregateSpec, control: Extract<AnswerControl, { method: 'perturbation' }>, contributing: readonly unknown[]): (row: number, groupValues: unknown[]) => number {
  const bySet = new Map<string, ReturnType<typeof cellNoises>>();
  return (row, groupValues) => {
    const set = String(contributing[row] ?? '');
    let noises = bySet.get(set);
    if (!noises) {
      const slugs = new Set(set.split(','));
      noises = cellNoises(spec, control.sources.filter((s) => slugs.has(s.slug)), control.rules);
      bySet.set(set, noises);
    }
    return noises.noiseOf(groupValues);
  };
}
