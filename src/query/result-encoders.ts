/**
 * One answer, three encodings: Arrow IPC stream (the client's default), JSON, CSV. All three are
 * built from the same column arrays, so they carry the same numbers.
 */
import { Bool, Dictionary, Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray, type DataType } from 'apache-arrow';
import type { OutputType } from './query-spec.js';
import type { QueryResult } from './query-result.js';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';
export const JSON_TYPE = 'application/json';
export const CSV_TYPE = 'text/csv';
export type ResultFormat = 'arrow' | 'json' | 'csv';

/** Picks an encoding from an Accept header; JSON when nothing better matches. */
export function negotiate(accept: string | undefined): ResultFormat {
  const ranked = (accept ?? '')
    .split(',')
    .map((part, i) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { type } of ranked) {
    if (type === ARROW_STREAM) return 'arrow';
    if (type === CSV_TYPE) return 'csv';
    if (type === JSON_TYPE || type === 'application/*' || type === '*/*') return 'json';
  }
  return 'json';
}

function arrowType(type: OutputType): DataType {
  switch (type) {
    case 'text':
      return new Dictionary(new Utf8(), new Int32());
    case 'integer':
      return new Int32();
    case 'double':
      return new Float64();
    case 'boolean':
      return new Bool();
  }
}

/** Arrow IPC stream: strings dictionary-encoded (far smaller and faster than plain Utf8). */
export function toArrow(result: QueryResult): Uint8Array {
  const vectors = Object.fromEntries(result.columns.map((c, i) => [c.name, vectorFromArray(result.values[i] as never[], arrowType(c.type))]));
  return tableToIPC(new Table(vectors), 'stream');
}

/** The JSON twin: meta, columns, and rows as objects. */
export function toJson(result: QueryResult): string {
  return withMeta(result.meta, toJsonBody(result));
}

/** The JSON twin without its meta, `{"columns":…,"rows":[…]}`, to be completed by {@link withMeta}. */
export function toJsonBody(result: Omit<QueryResult, 'meta'>): string {
  const rows = new Array(result.rowCount);
  for (let r = 0; r < result.rowCount; r++) {
    const row: Record<string, unknown> = {};
    result.columns.forEach((c, i) => (row[c.name] = result.values[i][r]));
    rows[r] = row;
  }
  return JSON.stringify({ columns: result.columns, rows });
}

/** `{"meta":…,"columns":…,"rows":…}` from a body made by {@link toJsonBody}. */
export function withMeta(meta: QueryResult['meta'], body: string): string {
  return `{"meta":${JSON.stringify(meta)},${body.slice(1)}`;
}

/** CSV with a header row; text that a spreadsheet would run as a formula is neutralised. */
export function toCsv(result: QueryResult): string {
  const lines = [result.columns.map((c) => csvCell(c.name)).join(',')];
  for (let r = 0; r < result.rowCount; r++) lines.push(result.values.map((col) => csvCell(col[r])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** One CSV field: formula-like text prefixed with an apostrophe, quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
